"""One update's work in progress: the family's state as it changes, what the family is told
and what the shell must do; the moves every handler shares (the screen shown again, the intake
opened, a person asked for, a message relayed to the team) and the outcome they add up to."""

from __future__ import annotations

from dialogs import locales
from dialogs.parent import consent, handoff, intake, privacy, screens
from dialogs.parent.first_relay import hold_first_message
from dialogs.parent.outcome import Effect, Outcome, RelayMedia, RelayToCase, RequestContact
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Reply

# Screens the team's messages do not interrupt: a parent in the middle of the intake stays there.
INTAKE_SCREENS = frozenset({"question", "other_text", "summary", "special_consent", "adult_check"})


class Turn:
    """What `step` and its handlers share while one event is handled. `state` is a copy made for
    this update (an erasure replaces it); `render_locale` is set where the replies must be read
    in a language the new state no longer says."""

    def __init__(self, state: ParentState, ctx: FlowContext) -> None:
        self.state = state
        self.ctx = ctx
        self.replies: list[Reply] = []
        self.effects: list[Effect] = []
        self.render_locale: str | None = None

    def outcome(self) -> Outcome:
        state, ctx = self.state, self.ctx
        locale = self.render_locale or locales.normalise(state.locale, ctx.supported_locales)
        if self.to_the_team() and not state.telegram_told:
            # The conversation with the team is open: before the family's first own message
            # reaches the team, once, it reads where that message will be read.
            state.telegram_told = True
            self.replies.append(Reply(consent.telegram_notice()))
        return Outcome(state, tuple(self.replies), tuple(self.effects), locale)

    def run(self, part: intake.Step) -> None:
        self.replies.extend(part.replies)
        self.effects.extend(part.effects)

    def current_screen(self) -> None:
        """Show again what the parent was doing, after a hint or a stale button."""
        state, ctx, replies = self.state, self.ctx, self.replies
        if state.screen in INTAKE_SCREENS:
            self.run(intake.resume(state, ctx))
        elif state.screen == "consent" and state.after_consent == "contact":
            replies.append(privacy.ask_contact_consent(state, ctx))
        elif state.screen == "consent":
            replies.append(privacy.ask_consent(state, ctx))
        elif state.screen == "language":
            replies.append(
                screens.language_picker(
                    ctx.supported_locales, first_time=False, suggested=tuple(state.suggested)
                )
            )
        else:
            state.screen = "menu"
            replies.append(screens.main_menu(state))

    def open_intake(self) -> None:
        if not privacy.consent_is_current(self.state):
            self.replies.append(privacy.ask_consent(self.state, self.ctx))
        else:
            self.run(intake.start_or_continue(self.state, self.ctx))

    def request_contact(self) -> None:
        state, ctx = self.state, self.ctx
        if not privacy.may_pass_on_request(state):
            # Only what a request stores: no questions about the child.
            self.replies.append(privacy.ask_contact_consent(state, ctx))
            return
        self.effects.append(RequestContact(child_data_consent=privacy.consent_is_current(state)))
        state.talking = True
        state.case_closed = False
        self.replies.append(privacy.contact_requested(state, ctx))

    def to_the_team(self) -> bool:
        """Whether what the family sends now goes to the team: in conversation, or after the
        team closed the case ("Brauchen Sie wieder Hilfe? Dann schreiben Sie einfach hier.")."""
        state = self.state
        return (state.talking or state.case_closed) and state.screen in {"handed_off", "menu"}

    def relay(self, effect: RelayToCase | RelayMedia, received: Reply) -> None:
        state, ctx = self.state, self.ctx
        if not state.telegram_told:
            self.replies.append(hold_first_message(state, effect))
            return
        self.effects.append(effect)
        if state.case_closed and not state.talking:
            # The staff side reopens the case or opens a new one (CLOSED_CASE_POLICY), in the
            # same transaction; the family reads which, and is in conversation again.
            state.case_closed = False
            state.talking = True
            state.screen = "handed_off"
            # A new case is nobody's yet; a reopened one keeps its counsellor.
            state.case_claimed = state.case_claimed and ctx.closed_case_policy == "reopen"
            self.replies.append(handoff.after_closed_case(ctx.closed_case_policy))
            return
        self.replies.append(received)
