"""The intake: one question at a time, back, skip, summary, corrections, submission.

Button actions carry the question's index in the instrument (`a.<q>.<option>`), and every
press is checked against the question on screen, so a stale or forged button cannot answer a
different question or pick an option that does not exist.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from dialogs.instrument import OTHER, Question
from dialogs.instrument.answers import Rejected, add_selected, choose, toggle
from dialogs.instrument.recheck import first_conflict
from dialogs.instrument.typed import parse_typed
from dialogs.parent import adults
from dialogs.parent.consent import special_category_request, young_person_alone
from dialogs.parent.estimate import estimate_for
from dialogs.parent.handoff import what_next
from dialogs.parent.outcome import SubmitChild
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import ChildDraft, FlowContext, ParentState
from dialogs.parent.summary import BACK, summary
from dialogs.reply import Button, Reply
from dialogs.text import Raw, Renderable, _, lines

_CHOICE_KINDS = {"choice", "yes_no", "country", "languages", "multi_choice", "municipality"}
_MULTI_KINDS = {"multi_choice", "languages"}
_INTAKE_SCREENS = {"question", "other_text", "summary"}
NO_LONGER_FITS = _(
    "⚠️ Diese Antwort passt nicht mehr zu Ihrer Änderung. Bitte beantworten Sie die Frage noch "
    "einmal."
)


class ConsentMissing(RuntimeError):
    """The intake was reached without consent: a bug, never shown to a parent as data."""


class Step:
    """Result of an intake step: replies plus optional effects, state mutated in place."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.effects: list[SubmitChild] = []

    def say(self, reply: Reply) -> Step:
        self.replies.append(reply)
        return self


def start_or_continue(state: ParentState, ctx: FlowContext) -> Step:
    if not state.has_consent:
        # Second line of defence: every caller checks consent first; if one ever does not,
        # asking nothing beats storing a child's data without consent.
        raise ConsentMissing("intake without consent")
    step = Step()
    draft = state.open_draft_index()
    if draft is None:
        if len(state.children) >= ctx.max_children:
            return step.say(
                Reply(
                    _(
                        "Sie haben schon viele Kinder angemeldet. "
                        "Bitte sprechen Sie mit einer Person: /contact"
                    )
                )
            )
        state.children.append(ChildDraft(answers=_family_answers(state, ctx)))
        draft = len(state.children) - 1
        if draft > 0:
            step.say(Reply(_("Gut. Jetzt geht es um Ihr {n}. Kind.", n=draft + 1)))
            if state.children[draft].answers:
                step.say(Reply(FAMILY_ANSWERS_TAKEN))
        else:
            step.say(
                Reply(
                    _(
                        "Ich stelle Ihnen jetzt einige Fragen zu Ihrem Kind. Das dauert etwa "
                        "5 Minuten. Sie können jederzeit aufhören und später weitermachen."
                    )
                )
            )
    else:
        answered = sum(1 for _k in state.children[draft].answers)
        if answered:
            step.say(Reply(_("Willkommen zurück! Wir machen dort weiter, wo Sie aufgehört haben.")))
    state.child = draft
    state.editing = False
    return advance(state, ctx, step)


FAMILY_ANSWERS_TAKEN = _(
    "Wo Sie wohnen und wie wir Sie erreichen, übernehme ich vom Kind davor. Sie können es am "
    "Ende ändern."
)


def _family_answers(state: ParentState, ctx: FlowContext) -> dict[str, Any]:
    """The family-level answers (`family: true`) of the last child sent: a sibling lives in
    the same place and is reached the same way, so the parent is not asked again."""
    sent = [c for c in state.children if c.submitted_at]
    if not sent:
        return {}
    before = sent[-1].answers
    return {q.id: before[q.id] for q in ctx.instrument.questions if q.family and q.id in before}


def advance(state: ParentState, ctx: FlowContext, step: Step) -> Step:
    """Ask the next open question, or show the summary when all are answered."""
    child = state.current_child()
    assert child is not None
    child.answers = ctx.instrument.prune(child.answers, today=ctx.today)
    conflict = first_conflict(
        ctx.instrument, child.answers, today=ctx.today, municipalities=ctx.municipalities()
    )
    if conflict is not None:
        # A change made another answer impossible: ask that one again, saying why.
        q, why = conflict
        child.answers.pop(q.id)
        child.answers = ctx.instrument.prune(child.answers, today=ctx.today)
        state.question = q.id
        state.screen = "question"
        state.pending = [] if q.kind in _MULTI_KINDS else None
        return step.say(ask(q, state, ctx, hint=lines(NO_LONGER_FITS, why, sep="\n")))
    if adults.needs_asking(child, ctx):
        return step.say(adults.ask(state))
    question = ctx.instrument.next_question(child.answers, today=ctx.today)
    if question is not None and question.special_category and state.special_consent is None:
        return step.say(ask_special_consent(state, question))
    if question is not None and question.special_category and not state.special_consent:
        child.answers[question.id] = None  # declined: never asked, stored as skipped
        return advance(state, ctx, step)
    if question is None or (state.editing and question is None):
        return show_summary(state, ctx, step)
    state.question = question.id
    state.screen = "question"
    state.pending = [] if question.kind in _MULTI_KINDS else None
    return step.say(ask(question, state, ctx))


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


def enter(state: ParentState, ctx: FlowContext, q: Question) -> Step | None:
    """Show `q` again (a correction from the summary, "back"), honouring its conditions as the
    forward path does: None when it does not apply to these answers; a special-category
    question only behind its own consent (asked again, never bypassed). Its old answer is
    forgotten, so the question is the next open one whatever the parent does next."""
    child = state.current_child()
    if child is None or q not in ctx.instrument.applicable(child.answers, today=ctx.today):
        return None
    child.answers.pop(q.id, None)
    if q.special_category and not state.special_consent:
        return Step().say(ask_special_consent(state, q))
    state.question = q.id
    state.screen = "question"
    state.pending = [] if q.kind in _MULTI_KINDS else None
    return Step().say(ask(q, state, ctx))


def resume(state: ParentState, ctx: FlowContext) -> Step:
    """The intake screen the parent was on, shown again (after a hint or a stale button)."""
    if state.screen == "adult_check":
        return Step().say(adults.ask(state))
    q = ctx.instrument.question(state.question) if state.question else None
    if state.screen == "special_consent" and q is not None and q.special_category:
        return Step().say(ask_special_consent(state, q))
    # The question or summary on screen, without "Willkommen zurück": the parent never left.
    if state.screen == "question" and q is not None and state.current_child() is not None:
        return Step().say(ask(q, state, ctx))
    if state.screen == "summary" and state.current_child() is not None:
        return show_summary(state, ctx, Step())
    return start_or_continue(state, ctx)


def ask(
    q: Question, state: ParentState, ctx: FlowContext, *, hint: Renderable | None = None
) -> Reply:
    child = state.current_child()
    assert child is not None
    qi = ctx.instrument.questions.index(q)
    applicable = ctx.instrument.applicable(child.answers, today=ctx.today)
    number = applicable.index(q) + 1 if q in applicable else len(child.answers) + 1
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
    if q.kind in _MULTI_KINDS:
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
    verb = "t" if q.kind in _MULTI_KINDS else "a"
    selected = set(state.pending or [])
    result: list[tuple[Renderable, str]] = []
    for oi, option in enumerate(q.options):
        label: Renderable = option.label
        if verb == "t" and option.value in selected:
            label = lines(Raw("☑️"), option.label, sep=" ")
        result.append((label, f"{verb}.{qi}.{oi}"))
    return result


def on_press(state: ParentState, ctx: FlowContext, verb: str, args: list[str]) -> Step | None:
    """Handle an intake button; None when the button does not belong to the screen."""
    if verb == "b":
        # "Back" belongs to a question or the summary; pressed anywhere else it is a stale
        # button (e.g. from before a deletion) and must not restart the intake.
        return go_back(state, ctx) if state.screen in _INTAKE_SCREENS else None
    if verb == "send":
        return submit(state, ctx) if state.screen == "summary" else None
    if verb == "e" and state.screen == "summary":
        return edit(state, ctx, args)
    q = _question_on_screen(state, ctx, args)
    if q is None:
        return None
    qi = ctx.instrument.questions.index(q)
    if verb == "s":
        if q.required:
            return None
        return _accept(state, ctx, q, None)
    if verb == "d" and q.kind in _MULTI_KINDS:
        selection = list(state.pending or [])
        if len(selection) < max(q.min_selected, 1 if q.required else 0):
            return Step().say(
                ask(q, state, ctx, hint=_("Bitte wählen Sie mindestens eine Antwort."))
            )
        return _accept(state, ctx, q, selection)
    if len(args) < 2 or not args[1].isdigit():
        return None
    oi = int(args[1])
    if verb == "a" and q.kind == "municipality":
        if oi >= len(ctx.kreis.municipalities):
            return None
        return _accept(state, ctx, q, ctx.kreis.municipalities[oi].id)
    if oi >= len(q.options):
        return None
    value = q.options[oi].value
    if verb == "t" and q.kind in _MULTI_KINDS:
        result = toggle(q, state.pending, value)
        if isinstance(result, Rejected):
            return Step().say(ask(q, state, ctx, hint=result.hint))
        state.pending = list(result.value)
        if value == OTHER and OTHER in state.pending:
            # "Anderes" means "I will type it": ask for it (the typed entry replaces it).
            state.screen = "other_text"
            return Step().say(Reply(_("Bitte schreiben Sie die Antwort."), ((BACK,),)))
        reply = ask(q, state, ctx)
        return Step().say(Reply(reply.text, reply.buttons, replace=True))
    if verb == "a" and q.kind not in _MULTI_KINDS:
        if value == "other":
            state.screen = "other_text"
            return Step().say(Reply(_("Bitte schreiben Sie die Antwort."), ((BACK,),)))
        result = choose(q, value)
        if isinstance(result, Rejected):
            return Step().say(ask(q, state, ctx, hint=result.hint))
        step = _accept(state, ctx, q, result.value)
        answered = lines(q.prompt, lines(Raw("✅"), q.options[oi].label, sep=" "), sep="\n\n")
        step.replies.insert(0, Reply(answered, replace=True))
        return step
    del qi
    return None


def on_typed(state: ParentState, ctx: FlowContext, text: str) -> Step:
    q = ctx.instrument.question(state.question) if state.question else None
    if q is None:
        return start_or_continue(state, ctx)
    child = state.current_child()
    result = parse_typed(
        q,
        text,
        today=ctx.today,
        municipalities=ctx.municipalities(),
        answers=child.answers if child else None,
    )
    if isinstance(result, Rejected):
        return Step().say(ask(q, state, ctx, hint=result.hint))
    value = result.value
    if q.kind in _MULTI_KINDS:
        # Typed languages join what was already ticked; the parent still confirms with "Fertig".
        merged = add_selected(q, state.pending, value if isinstance(value, list) else [value])
        if isinstance(merged, Rejected):
            return Step().say(ask(q, state, ctx, hint=merged.hint))
        state.pending = list(merged.value)
        state.screen = "question"
        return Step().say(ask(q, state, ctx))
    return _accept(state, ctx, q, value)


def _question_on_screen(state: ParentState, ctx: FlowContext, args: list[str]) -> Question | None:
    if state.screen not in {"question", "other_text"} or not args or not args[0].isdigit():
        return None
    qi = int(args[0])
    if qi >= len(ctx.instrument.questions):
        return None
    q = ctx.instrument.questions[qi]
    return q if q.id == state.question else None


def _accept(state: ParentState, ctx: FlowContext, q: Question, value: Any) -> Step:
    child = state.current_child()
    assert child is not None
    child.answers[q.id] = value
    state.pending = None
    step = Step()
    if (note := young_person_alone(q.id, value, child.answers, ctx.today)) is not None:
        step.say(Reply(note))
    return advance(state, ctx, step)


def go_back(state: ParentState, ctx: FlowContext) -> Step:
    child = state.current_child()
    if child is None or state.screen not in _INTAKE_SCREENS:
        return start_or_continue(state, ctx)
    if state.screen == "summary":
        previous = ctx.instrument.applicable(child.answers, today=ctx.today)[-1]
    elif state.screen == "other_text" and state.question:
        previous = ctx.instrument.question(state.question)
    else:
        previous = ctx.instrument.previous_question(
            child.answers, state.question or "", today=ctx.today
        )
    if previous is None:
        return Step().say(Reply(_("Das ist schon die erste Frage.")))
    entered = enter(state, ctx, previous)
    assert entered is not None  # `previous` is applicable by construction
    return entered


def show_summary(state: ParentState, ctx: FlowContext, step: Step) -> Step:
    return step.say(summary(state, ctx))


def edit(state: ParentState, ctx: FlowContext, args: list[str]) -> Step | None:
    child = state.current_child()
    if (
        child is None
        or not args
        or not args[0].isdigit()
        or int(args[0]) >= len(ctx.instrument.questions)
    ):
        return None
    q = ctx.instrument.questions[int(args[0])]
    if q.id not in child.answers:
        return None
    entered = enter(state, ctx, q)
    if entered is not None:
        state.editing = True
    return entered


def submit(state: ParentState, ctx: FlowContext) -> Step:
    child = state.current_child()
    assert child is not None and state.child is not None
    estimate, assessment_json = estimate_for(child.answers, ctx)
    child.submitted_at = ctx.now.astimezone(UTC).isoformat()
    child.assessment = assessment_json
    state.screen = "handed_off"
    state.question = None
    state.talking = True
    if state.case_closed:
        state.case_claimed = False  # a new case opens for it (family.receive), nobody's yet
    state.case_closed = False
    step = Step()
    step.effects.append(SubmitChild(state.child, dict(child.answers), assessment_json))
    step.say(Reply(estimate))
    rows: list[tuple[Button, ...]] = [(Button(_("📄 Was bringe ich mit?"), "info.docs"),)]
    if len(state.children) < ctx.max_children:
        rows.append((Button(_("➕ Weiteres Kind anmelden"), "in"),))
    rows.append((BACK_TO_MENU,))
    step.say(
        Reply(
            lines(
                _("✅ Danke! Ihre Angaben sind beim Kommunalen Integrationszentrum angekommen."),
                *what_next(state),
                _("Haben Sie noch ein Kind, das zur Schule gehen muss?"),
                sep="\n\n",
            ),
            tuple(rows),
        )
    )
    return step
