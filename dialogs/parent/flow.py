"""`step(state, event, ctx) -> Outcome`: the parent dialog as one pure function.

The channel turns updates into events and renders the outcome; storage persists the returned
state and effects in the same transaction. Nothing here touches the network or the database,
so every path is tested directly and the same flow runs in Telegram and in the console.
"""

from __future__ import annotations

from dataclasses import replace

from dialogs import locales
from dialogs.info.cards import card as find_card
from dialogs.instrument.typed import yes_or_no
from dialogs.invisible import without_invisible
from dialogs.parent import (
    adults,
    appointments,
    consent,
    handoff,
    intake,
    offers,
    privacy,
    referral,
    screens,
)
from dialogs.parent.consent import correction_sent, deletion_done
from dialogs.parent.contact_card import ki_contact
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
    TeamEvent,
    Typed,
    Unsupported,
)
from dialogs.parent.first_relay import hold_first_message, not_relayed, release_held
from dialogs.parent.outcome import (
    DeleteAllData,
    Effect,
    LanguageChanged,
    Outcome,
    RelayMedia,
    RelayToCase,
    RequestContact,
)
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Button, Reply
from dialogs.text import Raw, _, lines, utf16_len

# Texts longer than this are not answers to any question; we refuse them before parsing.
MAX_TYPED = 1000
# A relayed message must fit one Telegram message with the case header in front of it (UTF-16
# code units, as Telegram counts: an emoji is two).
MAX_RELAYED = 3800
# Screens the team's messages do not interrupt: a parent in the middle of the intake stays there.
_INTAKE_SCREENS = frozenset({"question", "other_text", "summary", "special_consent", "adult_check"})


def team_event(state: ParentState, event: TeamEvent) -> list[Reply]:
    """What the family reads when the team acts; the conversation is with the team from then
    on (free text goes to the case), until closing or the parent's "back to menu"."""
    talking = not isinstance(event, CaseClosed)
    state.case_closed = not talking
    if state.talking != talking:
        state.talking = talking
        if talking and state.screen not in _INTAKE_SCREENS:
            state.screen = "handed_off"
    if isinstance(event, CaseClaimed):
        state.case_claimed = True
    match event:
        case CaseClaimed(counsellor=name):
            leave = Button(handoff.leave_label(), "leave")
            return [Reply(handoff.person_answers(name, state), ((leave,),))]
        case CaseClosed():
            return [Reply(handoff.case_closed())]
        case CaseReopened():
            leave = Button(handoff.leave_label(), "leave")
            return [Reply(handoff.reopened_by_team(), ((leave,),))]
        case CounsellorWrote(text=text, counsellor=name):
            return [Reply(lines(handoff.from_counsellor(name), text))]
        case CounsellorSentFile(ref=ref, caption=caption, captionable=True, counsellor=name):
            header = handoff.from_counsellor(name)
            return [Reply(lines(header, Raw(caption)) if caption else header, copy_of=ref)]
        case CounsellorSentFile(ref=ref, counsellor=name):
            # Stickers and locations carry no caption: the header goes first, on its own.
            return [Reply(handoff.from_counsellor(name)), Reply(Raw(""), copy_of=ref)]
    raise AssertionError(f"unhandled team event {event!r}")


def step(
    state: ParentState, event: Event, ctx: FlowContext, *, client_language: str | None = None
) -> Outcome:
    """`client_language` is the Telegram client's language, used to greet on first contact."""
    # A deep copy, so the caller's state is never changed; through a dump three times faster
    # than `model_copy(deep=True)` (copy.deepcopy), and this runs for every update.
    state = ParentState.model_validate(state.model_dump())
    replies: list[Reply] = []
    effects: list[Effect] = []
    render_locale: str | None = None

    def result() -> Outcome:
        locale = render_locale or locales.normalise(state.locale, ctx.supported_locales)
        if to_the_team() and not state.telegram_told:
            # The conversation with the team is open: before the family's first own message
            # reaches the team, once, it reads where that message will be read.
            state.telegram_told = True
            replies.append(Reply(consent.telegram_notice()))
        return Outcome(state, tuple(replies), tuple(effects), locale)

    def run(part: intake.Step) -> None:
        replies.extend(part.replies)
        effects.extend(part.effects)

    def current_screen() -> None:
        """Show again what the parent was doing, after a hint or a stale button."""
        if state.screen in _INTAKE_SCREENS:
            run(intake.resume(state, ctx))
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

    def open_intake() -> None:
        if not privacy.consent_is_current(state):
            replies.append(privacy.ask_consent(state, ctx))
        else:
            run(intake.start_or_continue(state, ctx))

    def request_contact() -> None:
        if not privacy.may_pass_on_request(state):
            # Only what a request stores: no questions about the child.
            replies.append(privacy.ask_contact_consent(state, ctx))
            return
        effects.append(RequestContact(child_data_consent=privacy.consent_is_current(state)))
        state.talking = True
        state.case_closed = False
        replies.append(privacy.contact_requested(state, ctx))

    def command(name: str) -> None:
        match name:
            case "start" | "menu":
                state.screen = "menu"
                replies.append(screens.main_menu(state, greeting=name == "start"))
            case "help":
                replies.append(screens.help_text(ki_contact(ctx.kreis)))
            case "info":
                replies.append(screens.info_menu())
            case "angebote":
                replies.append(offers.pick_place(ctx))
            case "intake":
                open_intake()
            case "contact":
                request_contact()
            case "mydata":
                replies.append(privacy.my_data(state, ctx))
            case "deletedata":
                replies.append(privacy.confirm_delete(state))
            case "language":
                state.screen = "language"
                replies.append(
                    screens.language_picker(
                        ctx.supported_locales, first_time=False, suggested=tuple(state.suggested)
                    )
                )
            case _:
                replies.append(screens.unknown_command())
                current_screen()

    def press(action: str) -> None:
        nonlocal render_locale, state
        verb, *args = action.split(".")
        match verb:
            case "m":
                command("menu")
            case "info" if not args:
                replies.append(screens.info_menu())
            case "info":
                try:
                    replies.append(screens.info_card(find_card(args[0])))
                except KeyError:
                    replies.append(screens.stale_button())
                    replies.append(screens.info_menu())
            case "lang" if not args:
                command("language")
            case "lang" if len(args) == 2 and args[0] == "page" and args[1].isdigit():
                reply = screens.language_picker(
                    ctx.supported_locales,
                    first_time=state.screen == "language",
                    page=int(args[1]),
                    suggested=tuple(state.suggested),
                )
                replies.append(Reply(reply.text, reply.buttons, replace=True))
            case "lang" if args[0] in ctx.supported_locales:
                first_time = state.screen in {"new", "language"}
                if state.has_case and args[0] != state.locale:
                    effects.append(LanguageChanged(args[0]))
                state.locale = args[0]
                replies.append(screens.language_set(args[0]))
                if state.screen in {"question", "summary"}:
                    current_screen()
                else:
                    state.screen = "menu"
                    replies.append(screens.main_menu(state, greeting=first_time))
            case "in":
                open_intake()
            case "talk":
                request_contact()
            case "leave":
                # "Your messages do not go to the team now": true after a closing, too.
                state.talking = False
                state.case_closed = False
                state.screen = "menu"
                replies.append(Reply(handoff.left_conversation()))
                replies.append(screens.main_menu(state))
            case "case":
                replies.append(privacy.my_case(state))
            case "my":
                replies.append(privacy.my_data(state, ctx))
            case "fix" if state.has_case:
                replies.append(privacy.ask_correction(state))
            case "del" if not args:
                replies.append(privacy.confirm_delete(state))
            case "del" if state.screen == "confirm_delete" and args[0] == "yes":
                render_locale = locales.normalise(state.locale, ctx.supported_locales)
                effects.append(DeleteAllData())
                replies.append(Reply(deletion_done(with_case=state.has_case)))
                # Only the language survives, so the next /start still greets in it; it is
                # kept on the channel side, never with any child data.
                state = ParentState(locale=state.locale, screen="menu")
            case "del" if state.screen == "confirm_delete":
                state.screen = "menu"
                replies.append(screens.main_menu(state))
            case "ok" if state.screen == "consent" and not privacy.answers_current_text(state):
                # The button belongs to a consent text that has changed since: show the new one.
                replies.append(screens.stale_button())
                current_screen()
            case "ok" if state.screen == "consent" and args[0] in {"yes", "no"}:
                given = args[0] == "yes"
                if state.after_consent == "contact":
                    declined = privacy.record_contact_consent(state, ctx, given)
                    if declined is not None:
                        replies.append(declined)
                    else:
                        request_contact()
                else:
                    replies.append(privacy.record_consent(state, ctx, given))
                    if given:
                        state.after_consent = None
                        open_intake()
            case "ref" if args and args[0] in {"yes", "no"}:
                answered = referral.answer(state, args[0] == "yes")
                replies.append(answered or screens.stale_button())
            case "of" if not args:
                replies.append(offers.pick_place(ctx))
            case "of" if len(args) == 1 and args[0] in ctx.municipality_names():
                replies.append(offers.pick_kind(args[0]))
            case "of" if len(args) == 3 and args[2].isdigit():
                locale = locales.normalise(state.locale, ctx.supported_locales)
                shown = offers.results(ctx, locale, args[0], args[1], int(args[2]), ctx.offers)
                if shown is None:
                    replies.append(screens.stale_button())
                    current_screen()
                else:
                    replies.append(shown[0])
                    if shown[1] is not None:
                        effects.append(shown[1])
            case "ki":
                replies.append(screens.contact_card(ki_contact(ctx.kreis)))
            case "out" if state.screen == "question":
                # The draft stays: a family about to move here can go on later.
                state.screen = "menu"
                replies.append(screens.outside_the_kreis(ctx.kreis.name))
            case "ap":
                answered = appointments.on_press(state, args, ctx.now)
                if answered is None:
                    replies.append(screens.stale_button())
                    current_screen()
                else:
                    replies.append(answered[0])
                    effects.append(answered[1])
            case "ad" if state.screen == "adult_check" and args == ["self"]:
                draft = state.current_child()
                if draft is not None:
                    draft.for_self = True
                    run(intake.advance(state, ctx, intake.Step()))
            case "ad" if state.screen == "adult_check" and args == ["other"]:
                replies.append(adults.for_someone_else(state))
            case "rel" if args in (["send"], ["drop"]) and state.held is not None:
                held = release_held(state)
                if held is not None and args == ["send"] and to_the_team():
                    received = handoff.media_relayed() if isinstance(held, RelayMedia) else None
                    relay(held, Reply(received) if received else screens.relayed())
                else:
                    replies.append(Reply(not_relayed()))
            case "sp" if args == ["off"] and state.special_consent:
                effects.append(privacy.withdraw_special_consent(state, ctx))
                replies.append(Reply(consent.special_consent_withdrawn()))
                replies.append(privacy.my_data(state, ctx))
            case "sp" if state.screen == "special_consent" and args[0] in {"yes", "no"}:
                state.special_consent = args[0] == "yes"
                run(intake.advance(state, ctx, intake.Step()))
            case _:
                handled = intake.on_press(state, ctx, verb, args)
                if handled is None:
                    replies.append(screens.stale_button())
                    current_screen()
                else:
                    run(handled)

    def to_the_team() -> bool:
        """Whether what the family sends now goes to the team: in conversation, or after the
        team closed the case ("Brauchen Sie wieder Hilfe? Dann schreiben Sie einfach hier.")."""
        return (state.talking or state.case_closed) and state.screen in {"handed_off", "menu"}

    def relay(effect: RelayToCase | RelayMedia, received: Reply) -> None:
        if not state.telegram_told:
            replies.append(hold_first_message(state, effect))
            return
        effects.append(effect)
        if state.case_closed and not state.talking:
            # The staff side reopens the case or opens a new one (CLOSED_CASE_POLICY), in the
            # same transaction; the family reads which, and is in conversation again.
            state.case_closed = False
            state.talking = True
            state.screen = "handed_off"
            # A new case is nobody's yet; a reopened one keeps its counsellor.
            state.case_claimed = state.case_claimed and ctx.closed_case_policy == "reopen"
            replies.append(handoff.after_closed_case(ctx.closed_case_policy))
            return
        replies.append(received)

    def typed(text: str) -> None:
        # Cleaned where it enters: relayed to the team it must read as the family wrote it,
        # not reordered by direction overrides or carrying hidden (tag) characters.
        text = without_invisible(text).strip()
        correction = state.screen == "correction"
        if (correction or to_the_team()) and text:
            if utf16_len(text) > MAX_RELAYED:
                too_long = _("Diese Nachricht ist zu lang. Bitte schreiben Sie mehrere kurze.")
                replies.append(Reply(too_long))
            elif correction:
                state.screen = "handed_off" if state.talking else "menu"
                relay(RelayToCase(text, correction=True), Reply(correction_sent()))
            else:
                relay(RelayToCase(text), screens.relayed(ctx.staff_delay_minutes))
            return
        said = yes_or_no(text) if state.screen in {"consent", "special_consent"} else None
        if said is not None:
            # "ja" typed instead of pressed: the same as the button (it names what it agrees to).
            press(f"{'ok' if state.screen == 'consent' else 'sp'}.{'yes' if said else 'no'}")
            return
        if state.screen in {"question", "other_text"}:
            if len(text) > MAX_TYPED:
                replies.append(Reply(_("Diese Nachricht ist zu lang. Bitte antworten Sie kurz.")))
                current_screen()
                return
            run(intake.on_typed(state, ctx, text))
        else:
            replies.append(screens.not_understood())
            current_screen()

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
        return result()
    if isinstance(
        event, CaseClaimed | CaseClosed | CaseReopened | CounsellorWrote | CounsellorSentFile
    ):
        replies.extend(team_event(state, event))
        return result()

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
        return result()

    match event:
        case Start(referral=invited):
            command("start")
            if invited is not None:
                replies.append(referral.remember(state, invited))
        case Command(name=name):
            command(name)
        case Press(action=action):
            press(action.removeprefix(screens.NAV))
            if action.startswith(screens.NAV) and replies and replies[0].copy_of is None:
                # Pressed on a navigation screen: the first answer takes its place.
                replies[0] = replace(replies[0], replace=True)
        case Typed(text=text):
            typed(text)
        case Unsupported(ref=ref, caption=caption) if to_the_team():
            if ref is None:
                replies.append(screens.media_not_relayed())
            else:
                media = RelayMedia(ref, caption=_cleaned_caption(caption))
                delay = screens.staff_delay(ctx.staff_delay_minutes)
                relay(media, Reply(lines(handoff.media_relayed(), delay)))
        case Unsupported(kind=kind):
            replies.append(screens.not_understood(kind))
            current_screen()
        case Edited():
            replies.append(screens.edited_message())
    return result()


def _cleaned_caption(caption: str | None) -> str | None:
    """The caption a relayed file must carry instead of the family's, or None to keep theirs
    (with its formatting) because it has nothing invisible in it."""
    if not caption:
        return None
    cleaned = without_invisible(caption).strip()
    if cleaned == caption:
        return None
    # Nothing visible left: Telegram keeps the original when no caption is given.
    return cleaned or "…"
