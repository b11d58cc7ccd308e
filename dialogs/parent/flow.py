"""`step(state, event, ctx) -> Outcome`: the parent dialog as one pure function.

The channel turns updates into events and renders the outcome; storage persists the returned
state and effects in the same transaction. Nothing here touches the network or the database,
so every path is tested directly and the same flow runs in Telegram and in the console.
"""

from __future__ import annotations

from dialogs import locales
from dialogs.info.cards import card as find_card
from dialogs.invisible import without_invisible
from dialogs.parent import handoff, intake, privacy, screens
from dialogs.parent.consent import deletion_done
from dialogs.parent.events import (
    CaseClaimed,
    CaseClosed,
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
from dialogs.parent.outcome import (
    DeleteAllData,
    Effect,
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
_INTAKE_SCREENS = frozenset({"question", "other_text", "summary", "special_consent"})


def team_event(state: ParentState, event: TeamEvent) -> list[Reply]:
    """What the family reads when the team acts; the conversation is with the team from then
    on (free text goes to the case), until closing or the parent's "back to menu"."""
    talking = not isinstance(event, CaseClosed)
    if state.talking != talking:
        state.talking = talking
        if talking and state.screen not in _INTAKE_SCREENS:
            state.screen = "handed_off"
    match event:
        case CaseClaimed(counsellor=name):
            leave = Button(handoff.leave_label(), "leave")
            return [Reply(handoff.person_answers(name), ((leave,),))]
        case CaseClosed():
            return [Reply(handoff.case_closed())]
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
        return Outcome(state, tuple(replies), tuple(effects), locale)

    def run(part: intake.Step) -> None:
        replies.extend(part.replies)
        effects.extend(part.effects)

    def current_screen() -> None:
        """Show again what the parent was doing, after a hint or a stale button."""
        if state.screen in {"question", "other_text", "summary", "special_consent"}:
            run(intake.start_or_continue(state, ctx))
        elif state.screen == "consent":
            replies.append(privacy.ask_consent(state, ctx, state.after_consent or "intake"))
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
            replies.append(privacy.ask_consent(state, ctx, "intake"))
        else:
            run(intake.start_or_continue(state, ctx))

    def request_contact() -> None:
        if not privacy.consent_is_current(state):
            replies.append(privacy.ask_consent(state, ctx, "contact"))
            return
        effects.append(RequestContact())
        state.talking = True
        replies.append(privacy.contact_requested(state, ctx))

    def command(name: str) -> None:
        match name:
            case "start" | "menu":
                state.screen = "menu"
                replies.append(screens.main_menu(state, greeting=name == "start"))
            case "help":
                replies.append(screens.help_text())
            case "info":
                replies.append(screens.info_menu())
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
                state.talking = False
                state.screen = "menu"
                replies.append(Reply(handoff.left_conversation()))
                replies.append(screens.main_menu(state))
            case "case":
                replies.append(privacy.my_case(state))
            case "my":
                replies.append(privacy.my_data(state, ctx))
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
            case "ok" if state.screen == "consent" and args[0] in {"yes", "no"}:
                replies.append(privacy.record_consent(state, ctx, args[0] == "yes"))
                if args[0] == "yes":
                    then, state.after_consent = state.after_consent, None
                    if then == "contact":
                        request_contact()
                    else:
                        open_intake()
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

    def typed(text: str) -> None:
        # Cleaned where it enters: relayed to the team it must read as the family wrote it,
        # not reordered by direction overrides or carrying hidden (tag) characters.
        text = without_invisible(text).strip()
        if state.talking and state.screen in {"handed_off", "menu"} and text:
            if utf16_len(text) > MAX_RELAYED:
                too_long = _("Diese Nachricht ist zu lang. Bitte schreiben Sie mehrere kurze.")
                replies.append(Reply(too_long))
                return
            effects.append(RelayToCase(text))
            replies.append(screens.relayed())
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

    if isinstance(event, CaseClaimed | CaseClosed | CounsellorWrote | CounsellorSentFile):
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
        return result()

    match event:
        case Start():
            command("start")
        case Command(name=name):
            command(name)
        case Press(action=action):
            press(action)
        case Typed(text=text):
            typed(text)
        case Unsupported(ref=ref, caption=caption) if state.talking and state.screen in {
            "handed_off",
            "menu",
        }:
            if ref is None:
                replies.append(screens.media_not_relayed())
            else:
                effects.append(RelayMedia(ref, caption=_cleaned_caption(caption)))
                replies.append(Reply(handoff.media_relayed()))
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
