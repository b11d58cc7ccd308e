"""`step(state, event, ctx) -> Outcome`: the parent dialog as one pure function.

The channel turns updates into events and renders the outcome; storage persists the returned
state and effects in the same transaction. Nothing here touches the network or the database,
so every path is tested directly and the same flow runs in Telegram and in the console.

`step` dispatches on the event; the handlers share one `Turn` (`turn.py`): commands
(`commands.py`), pressed buttons (`presses.py`), typed text and files (`messages.py`), the
team's actions (`team_events.py`), appointments (`appointments.py`).
"""

from __future__ import annotations

from dataclasses import replace

from dialogs import locales
from dialogs.parent import appointments, referral, screens
from dialogs.parent.commands import on_command
from dialogs.parent.events import (
    AppointmentCancelled,
    AppointmentMissed,
    AppointmentMoved,
    AppointmentOffered,
    AppointmentReminder,
    CaseClaimed,
    CaseClosed,
    CaseReopened,
    Command,
    CounsellorSentFile,
    CounsellorWrote,
    Edited,
    Event,
    Press,
    Start,
    Typed,
    Unsupported,
)
from dialogs.parent.messages import on_media, on_typed
from dialogs.parent.outcome import Outcome
from dialogs.parent.presses import on_press
from dialogs.parent.state import FlowContext, ParentState
from dialogs.parent.team_events import team_event
from dialogs.parent.turn import Turn


def step(
    state: ParentState,
    event: Event,
    ctx: FlowContext,
    *,
    client_language: str | None = None,
    handed_over: bool = False,
) -> Outcome:
    """`client_language` is the Telegram client's language, used to greet on first contact.
    The caller's `state` is never changed; `handed_over`: the caller read it for this step
    alone and does not use it after (the desk, from the stored row), so it is not copied."""
    if not handed_over:
        # A deep copy through a dump: three times faster than `model_copy(deep=True)`.
        state = ParentState.model_validate(state.model_dump())
    with ctx.instrument.remembering():
        return _step(state, event, ctx, client_language=client_language)


def _step(
    state: ParentState, event: Event, ctx: FlowContext, *, client_language: str | None
) -> Outcome:
    turn = Turn(state, ctx)
    replies = turn.replies

    if isinstance(
        event,
        AppointmentOffered
        | AppointmentCancelled
        | AppointmentReminder
        | AppointmentMoved
        | AppointmentMissed,
    ):
        # Not a conversation: the family stays where it was (an intake is not interrupted).
        replies.extend(appointments.on_event(state, event, ctx.now))
        return turn.outcome()
    if isinstance(
        event, CaseClaimed | CaseClosed | CaseReopened | CounsellorWrote | CounsellorSentFile
    ):
        replies.extend(team_event(state, event))
        return turn.outcome()

    if state.locale is None or state.screen == "new":
        # First contact, whatever the parent sent: greet in the client's language and let
        # them confirm or change it before anything else.
        language_code = (
            event.language_code if isinstance(event, Start) else None
        ) or client_language
        state.suggested = list(locales.suggestions(language_code, ctx.supported_locales))
        state.locale = state.locale or locales.detect(language_code, ctx.supported_locales)
        state.screen = "language"
        replies.append(screens.main_menu(state, greeting=True))
        replies.append(
            screens.language_picker(
                ctx.supported_locales, first_time=True, suggested=tuple(state.suggested)
            )
        )
        if isinstance(event, Start) and event.referral is not None:
            replies.append(referral.remember(state, event.referral))
        return turn.outcome()

    match event:
        case Start(referral=invited):
            on_command(turn, "start")
            if invited is not None:
                replies.append(referral.remember(state, invited))
        case Command(name=name):
            on_command(turn, name)
        case Press(action=action):
            on_press(turn, action.removeprefix(screens.NAV))
            if action.startswith(screens.NAV) and replies and replies[0].copy_of is None:
                # Pressed on a navigation screen: the first answer takes its place.
                replies[0] = replace(replies[0], replace=True)
        case Typed(text=text):
            on_typed(turn, text)
        case Unsupported(ref=ref, caption=caption) if turn.to_the_team():
            on_media(turn, ref, caption)
        case Unsupported(kind=kind):
            replies.append(screens.not_understood(kind))
            turn.current_screen()
        case Edited():
            replies.append(screens.edited_message())
    return turn.outcome()
