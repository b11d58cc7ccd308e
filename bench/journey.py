"""One parent's journey as the user-side steps a Telegram client would send.

The steps are worked out once by driving the pure dialog (`dialogs.parent.flow.step`) with
the same answers as the end-to-end tests, so the benchmark presses the bot's real buttons in
the order the bot asks for them and a changed instrument cannot silently turn the workload
into a stream of "stale button" replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from bot.telegram.render import Act
from dialogs import locales
from dialogs.instrument import Instrument, Question, default_instrument_path, load_instrument
from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.parent.events import Event, Press, Start, Typed
from dialogs.parent.flow import step
from dialogs.parent.state import FlowContext, ParentState
from tests.support.journeys import ANSWERS, TYPED_KINDS

MULTI_KINDS = {"languages", "multi_choice"}
# What goes over the wire: ("text", "/start") or ("callback", "a:lang.de").
WireStep = tuple[str, str]


@dataclass(frozen=True, slots=True)
class UserStep:
    """What the user does: send a text (or command), or press a button with this action."""

    kind: Literal["text", "press"]
    value: str


def _question_steps(ctx: FlowContext, q: Question) -> list[UserStep]:
    instrument: Instrument = ctx.instrument
    qi = instrument.questions.index(q)
    value = ANSWERS[q.id]
    if q.kind in TYPED_KINDS:
        return [UserStep("text", str(value))]
    if q.kind == "municipality":
        index = [m.id for m in ctx.kreis.municipalities].index(str(value))
        return [UserStep("press", f"a.{qi}.{index}")]
    options = [o.value for o in q.options]
    if q.kind in MULTI_KINDS:
        toggles = [UserStep("press", f"t.{qi}.{options.index(v)}") for v in value]
        return [*toggles, UserStep("press", f"d.{qi}")]
    wanted: object = value
    if q.kind == "yes_no":
        wanted = {"yes": True, "no": False}.get(str(value), value)
    oi = options.index(wanted) if wanted in options else options.index(str(value))
    return [UserStep("press", f"a.{qi}.{oi}")]


def _event(user_step: UserStep, language: str) -> Event:
    if user_step.kind == "press":
        return Press(user_step.value)
    if user_step.value == "/start":
        return Start(language_code=language)
    return Typed(user_step.value)


def parent_journey(
    ctx: FlowContext, *, language: str = "de", submit: bool = True
) -> list[UserStep]:
    """/start → language → intake → consent → every question → (send); checked step by step."""
    state = ParentState()
    steps: list[UserStep] = []

    def do(user_step: UserStep) -> None:
        nonlocal state
        before = state
        state = step(state, _event(user_step, language), ctx, client_language=language).state
        if state == before:
            raise RuntimeError(f"journey step {user_step} changed nothing: instrument changed?")
        steps.append(user_step)

    for opening in ("/start", f"lang.{language}", "in", "ok.yes"):
        do(UserStep("text" if opening.startswith("/") else "press", opening))
    for _guard in range(60):
        if state.screen == "summary":
            break
        if state.screen == "special_consent":
            do(UserStep("press", "sp.no"))
            continue
        if state.screen != "question" or state.question is None:
            raise RuntimeError(f"unexpected screen {state.screen!r} in the journey")
        for user_step in _question_steps(ctx, ctx.instrument.question(state.question)):
            do(user_step)
    else:
        raise RuntimeError("the journey never reached the summary")
    if submit:
        do(UserStep("press", "send"))
    return steps


def flow_context() -> FlowContext:
    """The shipped instrument and Kreis, as the `Settings` defaults load them."""
    return FlowContext(
        instrument=load_instrument(default_instrument_path()),
        kreis=load_kreis(default_kreis_path()),
        now=datetime.now(UTC),
        supported_locales=locales.SUPPORTED,
    )


def wire_journey(language: str = "de") -> list[WireStep]:
    """The journey as Telegram carries it: texts, and the bot's real callback data."""
    return [
        ("callback", Act(a=s.value).pack()) if s.kind == "press" else ("text", s.value)
        for s in parent_journey(flow_context(), language=language)
    ]
