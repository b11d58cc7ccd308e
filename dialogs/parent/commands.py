"""The family's commands: the menu Telegram shows per language (`setMyCommands`), and what
each command does."""

from __future__ import annotations

from dialogs.parent import offers, privacy, screens
from dialogs.parent.contact_card import ki_contact
from dialogs.parent.turn import Turn
from dialogs.text import Text, _

PARENT_COMMANDS: tuple[tuple[str, Text], ...] = (
    ("start", _("Menü öffnen")),
    ("info", _("Schulpflicht in NRW erklärt")),
    ("intake", _("Angaben zum Kind machen")),
    ("contact", _("Mit einer Person sprechen")),
    ("mydata", _("Meine gespeicherten Daten")),
    ("deletedata", _("Meine Daten löschen")),
    ("language", _("Sprache ändern")),
    ("help", _("Hilfe")),
)


def on_command(turn: Turn, name: str) -> None:
    """`name` without the slash; an unknown one is said so, and the screen shown again."""
    state, ctx = turn.state, turn.ctx
    match name:
        case "start" | "menu":
            state.screen = "menu"
            turn.replies.append(screens.main_menu(state, greeting=name == "start"))
        case "help":
            turn.replies.append(screens.help_text(ki_contact(ctx.kreis)))
        case "info":
            turn.replies.append(screens.info_menu())
        case "angebote":
            turn.replies.append(offers.pick_place(ctx))
        case "intake":
            turn.open_intake()
        case "contact":
            turn.request_contact()
        case "mydata":
            turn.replies.append(privacy.my_data(state, ctx))
        case "deletedata":
            turn.replies.append(privacy.confirm_delete(state))
        case "language":
            state.screen = "language"
            turn.replies.append(
                screens.language_picker(
                    ctx.supported_locales, first_time=False, suggested=tuple(state.suggested)
                )
            )
        case _:
            turn.replies.append(screens.unknown_command())
            turn.current_screen()
