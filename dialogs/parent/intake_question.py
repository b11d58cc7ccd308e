"""One intake question on the parent's screen: its number, text and hint, its options as
buttons (ticked ones marked), and the way back, on or out; the explicit consent in front of a
special-category question."""

from __future__ import annotations

from dialogs.instrument import Question
from dialogs.instrument.answers import MULTI_KINDS
from dialogs.parent.consent import special_category_request
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import FlowContext, ParentState
from dialogs.parent.summary import BACK
from dialogs.reply import Button, Reply
from dialogs.text import Raw, Renderable, _, lines

_CHOICE_KINDS = {"choice", "yes_no", "country", "languages", "multi_choice", "municipality"}


def ask(
    q: Question, state: ParentState, ctx: FlowContext, *, hint: Renderable | None = None
) -> Reply:
    child = state.current_child()
    assert child is not None
    qi = ctx.instrument.position(q)
    applicable = ctx.instrument.applicable(child.answers, today=ctx.today)
    ids = [a.id for a in applicable]
    number = ids.index(q.id) + 1 if q.id in ids else len(child.answers) + 1
    # No "of N": the total grows as answers open follow-up questions, which reads as if the
    # parent were losing ground. The number itself only moves forward.
    header = _("Frage {number}", number=number)
    body: list[Renderable | None] = [header, q.prompt]
    if hint is not None:
        body.append(hint)
    elif q.hint is not None and q.kind not in _CHOICE_KINDS:
        body.append(q.hint)
    rows: list[tuple[Button, ...]] = []
    for label, action in _options(q, qi, state, ctx):
        rows.append((Button(label, action),))
    if q.kind in MULTI_KINDS:
        rows.append((Button(_("✅ Fertig"), f"d.{qi}"),))
    if q.kind == "municipality":
        # A family from elsewhere gets the way to its own KI, not a loop over these places.
        rows.append((Button(_("📍 Unser Ort ist nicht dabei"), "out"),))
    nav = [BACK] if ctx.instrument.previous_question(child.answers, q.id, today=ctx.today) else []
    if not q.required:
        nav.append(Button(_("⏭ Überspringen"), f"s.{qi}"))
    nav.append(BACK_TO_MENU)
    if q.kind in {"choice", "yes_no", "country", "languages", "multi_choice"} and len(rows) > 6:
        rows = [tuple(b for r in rows[i : i + 2] for b in r) for i in range(0, len(rows), 2)]
    return Reply(lines(*body, sep="\n\n"), (*rows, tuple(nav)))


def _options(
    q: Question, qi: int, state: ParentState, ctx: FlowContext
) -> list[tuple[Renderable, str]]:
    if q.kind == "municipality":
        return [(Raw(m.name), f"a.{qi}.{i}") for i, m in enumerate(ctx.kreis.municipalities)]
    verb = "t" if q.kind in MULTI_KINDS else "a"
    selected = set(state.pending or [])
    result: list[tuple[Renderable, str]] = []
    for oi, option in enumerate(q.options):
        label: Renderable = option.label
        if verb == "t" and option.value in selected:
            label = lines(Raw("☑️"), option.label, sep=" ")
        result.append((label, f"{verb}.{qi}.{oi}"))
    return result


def ask_special_consent(state: ParentState, q: Question) -> Reply:
    """The explicit consent (Art. 9 DSGVO) in front of special-category question `q`."""
    state.screen = "special_consent"
    state.question = q.id
    state.pending = None
    return Reply(
        special_category_request(),
        (
            (Button(_("✅ Ja, ich bin einverstanden"), "sp.yes"),),
            (Button(_("➖ Nein, lieber nicht"), "sp.no"),),
        ),
    )
