"""The intake's course: one question at a time, started or continued for the next child,
asked again when a change made an answer impossible, the summary, the submission. What the
parent presses or types on its screens is read in `intake_input`, a question is put on screen
by `intake_question`.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from dialogs.instrument import Question
from dialogs.instrument.answers import MULTI_KINDS
from dialogs.instrument.recheck import first_conflict
from dialogs.parent import adults
from dialogs.parent.estimate import estimate_for
from dialogs.parent.handoff import what_next
from dialogs.parent.intake_question import ask, ask_special_consent
from dialogs.parent.outcome import SubmitChild
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import ChildDraft, FlowContext, ParentState
from dialogs.parent.summary import summary
from dialogs.reply import Button, Reply
from dialogs.text import _, lines

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
        state.pending = [] if q.kind in MULTI_KINDS else None
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
    state.pending = [] if question.kind in MULTI_KINDS else None
    return step.say(ask(question, state, ctx))


def enter(state: ParentState, ctx: FlowContext, q: Question) -> Step | None:
    """Show `q` again (a correction from the summary, "back"), honouring its conditions as the
    forward path does: None when it does not apply to these answers; a special-category
    question only behind its own consent (asked again, never bypassed). Its old answer is
    forgotten, so the question is the next open one whatever the parent does next."""
    child = state.current_child()
    applicable = ctx.instrument.applicable(child.answers, today=ctx.today) if child else []
    if child is None or all(a.id != q.id for a in applicable):
        return None
    child.answers.pop(q.id, None)
    if q.special_category and not state.special_consent:
        return Step().say(ask_special_consent(state, q))
    state.question = q.id
    state.screen = "question"
    state.pending = [] if q.kind in MULTI_KINDS else None
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


def show_summary(state: ParentState, ctx: FlowContext, step: Step) -> Step:
    return step.say(summary(state, ctx))


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
