"""What a button the family presses does: the action's verb (`lang`, `del`, `ok`, `of` …)
picks the handler, its arguments and the screen on show decide; the intake's own buttons go to
`intake_input`, a button that belongs to no screen is answered as stale."""

from __future__ import annotations

from dialogs import locales
from dialogs.info.cards import card as find_card
from dialogs.parent import (
    adults,
    appointments,
    consent,
    handoff,
    intake,
    intake_input,
    offers,
    privacy,
    referral,
    screens,
)
from dialogs.parent.commands import on_command
from dialogs.parent.consent import deletion_done
from dialogs.parent.contact_card import ki_contact
from dialogs.parent.first_relay import not_relayed, release_held
from dialogs.parent.outcome import DeleteAllData, LanguageChanged, RelayMedia
from dialogs.parent.state import ParentState
from dialogs.parent.turn import Turn
from dialogs.reply import Reply


def on_press(turn: Turn, action: str) -> None:
    """`action` is the button's data without the navigation mark, e.g. `lang.uk`, `del.yes`."""
    state, ctx = turn.state, turn.ctx
    verb, *args = action.split(".")
    match verb:
        case "m":
            on_command(turn, "menu")
        case "info" if not args:
            turn.replies.append(screens.info_menu())
        case "info":
            try:
                turn.replies.append(screens.info_card(find_card(args[0])))
            except KeyError:
                turn.replies.append(screens.stale_button())
                turn.replies.append(screens.info_menu())
        case "lang" if not args:
            on_command(turn, "language")
        case "lang" if len(args) == 2 and args[0] == "page" and args[1].isdigit():
            reply = screens.language_picker(
                ctx.supported_locales,
                first_time=state.screen == "language",
                page=int(args[1]),
                suggested=tuple(state.suggested),
            )
            turn.replies.append(Reply(reply.text, reply.buttons, replace=True))
        case "lang" if args[0] in ctx.supported_locales:
            first_time = state.screen in {"new", "language"}
            if state.has_case and args[0] != state.locale:
                turn.effects.append(LanguageChanged(args[0]))
            state.locale = args[0]
            turn.replies.append(screens.language_set(args[0]))
            if state.screen in {"question", "summary"}:
                turn.current_screen()
            else:
                state.screen = "menu"
                turn.replies.append(screens.main_menu(state, greeting=first_time))
        case "in":
            turn.open_intake()
        case "talk":
            turn.request_contact()
        case "leave":
            # "Your messages do not go to the team now": true after a closing, too.
            state.talking = False
            state.case_closed = False
            state.screen = "menu"
            turn.replies.append(Reply(handoff.left_conversation()))
            turn.replies.append(screens.main_menu(state))
        case "case":
            turn.replies.append(privacy.my_case(state))
        case "my":
            turn.replies.append(privacy.my_data(state, ctx))
        case "fix" if state.has_case:
            turn.replies.append(privacy.ask_correction(state))
        case "del" if not args:
            turn.replies.append(privacy.confirm_delete(state))
        case "del" if state.screen == "confirm_delete" and args[0] == "yes":
            turn.render_locale = locales.normalise(state.locale, ctx.supported_locales)
            turn.effects.append(DeleteAllData())
            turn.replies.append(Reply(deletion_done(with_case=state.has_case)))
            # Only the language survives, so the next /start still greets in it; it is
            # kept on the channel side, never with any child data.
            turn.state = ParentState(locale=state.locale, screen="menu")
        case "del" if state.screen == "confirm_delete":
            state.screen = "menu"
            turn.replies.append(screens.main_menu(state))
        case "ok" if state.screen == "consent" and not privacy.answers_current_text(state):
            # The button belongs to a consent text that has changed since: show the new one.
            turn.replies.append(screens.stale_button())
            turn.current_screen()
        case "ok" if state.screen == "consent" and args[0] in {"yes", "no"}:
            given = args[0] == "yes"
            if state.after_consent == "contact":
                declined = privacy.record_contact_consent(state, ctx, given)
                if declined is not None:
                    turn.replies.append(declined)
                else:
                    turn.request_contact()
            else:
                turn.replies.append(privacy.record_consent(state, ctx, given))
                if given:
                    state.after_consent = None
                    turn.open_intake()
        case "ref" if args and args[0] in {"yes", "no"}:
            answered = referral.answer(state, args[0] == "yes")
            turn.replies.append(answered or screens.stale_button())
        case "of" if not args:
            turn.replies.append(offers.pick_place(ctx))
        case "of" if len(args) == 1 and args[0] in ctx.municipality_names():
            turn.replies.append(offers.pick_kind(args[0]))
        case "of" if len(args) == 3 and args[2].isdigit():
            locale = locales.normalise(state.locale, ctx.supported_locales)
            shown = offers.results(ctx, locale, args[0], args[1], int(args[2]), ctx.offers)
            if shown is None:
                turn.replies.append(screens.stale_button())
                turn.current_screen()
            else:
                turn.replies.append(shown[0])
                if shown[1] is not None:
                    turn.effects.append(shown[1])
        case "ki":
            turn.replies.append(screens.contact_card(ki_contact(ctx.kreis)))
        case "out" if state.screen == "question":
            # The draft stays: a family about to move here can go on later.
            state.screen = "menu"
            turn.replies.append(screens.outside_the_kreis(ctx.kreis.name))
        case "ap":
            answered = appointments.on_press(state, args, ctx.now)
            if answered is None:
                turn.replies.append(screens.stale_button())
                turn.current_screen()
            else:
                turn.replies.append(answered[0])
                turn.effects.append(answered[1])
        case "ad" if state.screen == "adult_check" and args == ["self"]:
            draft = state.current_child()
            if draft is not None:
                draft.for_self = True
                turn.run(intake.advance(state, ctx, intake.Step()))
        case "ad" if state.screen == "adult_check" and args == ["other"]:
            turn.replies.append(adults.for_someone_else(state))
        case "rel" if args in (["send"], ["drop"]) and state.held is not None:
            held = release_held(state)
            if held is not None and args == ["send"] and turn.to_the_team():
                received = handoff.media_relayed() if isinstance(held, RelayMedia) else None
                turn.relay(held, Reply(received) if received else screens.relayed())
            else:
                turn.replies.append(Reply(not_relayed()))
        case "sp" if args == ["off"] and state.special_consent:
            turn.effects.append(privacy.withdraw_special_consent(state, ctx))
            turn.replies.append(Reply(consent.special_consent_withdrawn()))
            turn.replies.append(privacy.my_data(state, ctx))
        case "sp" if state.screen == "special_consent" and args[0] in {"yes", "no"}:
            state.special_consent = args[0] == "yes"
            turn.run(intake.advance(state, ctx, intake.Step()))
        case _:
            handled = intake_input.on_press(state, ctx, verb, args)
            if handled is None:
                turn.replies.append(screens.stale_button())
                turn.current_screen()
            else:
                turn.run(handled)
