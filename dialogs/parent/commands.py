"""The bot's command menu, shown per language by Telegram (`setMyCommands`)."""

from __future__ import annotations

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
