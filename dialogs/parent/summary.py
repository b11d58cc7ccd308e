"""The summary of one child's answers, each with its ✏️ to correct it, and *absenden*."""

from __future__ import annotations

from dialogs.instrument.display import display_value
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Button, Reply, buttons_in_rows
from dialogs.text import Renderable, _, lines

BACK = Button(_("⬅️ Zurück"), "b")


def summary(state: ParentState, ctx: FlowContext) -> Reply:
    """Shows the summary: the state moves to its screen."""
    child = state.current_child()
    assert child is not None
    state.screen = "summary"
    state.question = None
    state.editing = False
    names = ctx.municipality_names()
    entries: list[Renderable] = []
    edit_buttons: list[Button] = []
    for number, q in enumerate(ctx.instrument.applicable(child.answers, today=ctx.today), start=1):
        if q.id not in child.answers:
            continue
        value = display_value(q, child.answers[q.id], municipality_names=names)
        entries.append(
            _("{number}. {question} → {answer}", number=number, question=q.prompt, answer=value)
        )
        edit_buttons.append(
            Button(_("✏️ {number}", number=number), f"e.{ctx.instrument.position(q)}")
        )
    text = lines(
        _("Bitte prüfen Sie Ihre Angaben:"),
        lines(*entries),
        _("Ist alles richtig? Zum Ändern tippen Sie auf die Nummer."),
        sep="\n\n",
    )
    rows = (
        *buttons_in_rows(edit_buttons, 5),
        (Button(_("✅ Alles richtig – absenden"), "send"),),
        (BACK, BACK_TO_MENU),
    )
    return Reply(text, rows)
