"""What the parent presses or types on an intake screen: an answer, skip, "Fertig", back, a
correction from the summary, send.

Button actions carry the question's index in the instrument (`a.<q>.<option>`), and every
press is checked against the question on screen, so a stale or forged button cannot answer a
different question or pick an option that does not exist.
"""

from __future__ import annotations

from typing import Any

from dialogs.instrument import OTHER, Question
from dialogs.instrument.answers import MULTI_KINDS, Rejected, add_selected, choose, toggle
from dialogs.instrument.typed import parse_typed
from dialogs.parent.consent import young_person_alone
from dialogs.parent.intake import Step, advance, enter, start_or_continue, submit
from dialogs.parent.intake_question import ask
from dialogs.parent.state import FlowContext, ParentState
from dialogs.parent.summary import BACK
from dialogs.reply import Reply
from dialogs.text import Raw, _, lines

_INTAKE_SCREENS = {"question", "other_text", "summary"}


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
    qi = ctx.instrument.position(q)
    if verb == "s":
        if q.required:
            return None
        return _accept(state, ctx, q, None)
    if verb == "d" and q.kind in MULTI_KINDS:
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
    if verb == "t" and q.kind in MULTI_KINDS:
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
    if verb == "a" and q.kind not in MULTI_KINDS:
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
    if q.kind in MULTI_KINDS:
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
