"""Counsellors' commands in the staff group, parsed into values (German, as staff type them)."""

from __future__ import annotations

from dataclasses import dataclass

STAGE_ALIASES = {
    "grundschule": "primary",
    "primar": "primary",
    "primary": "primary",
    "sek1": "secondary_1",
    "seki": "secondary_1",
    "sekundarstufe": "secondary_1",
    "secondary_1": "secondary_1",
    "bk": "berufskolleg",
    "berufskolleg": "berufskolleg",
    "ifk": "berufskolleg",
    "kita": "not_yet_school_age",
    "vorschule": "not_yet_school_age",
    "not_yet_school_age": "not_yet_school_age",
    "keine": "beyond_school_age",
    "beyond_school_age": "beyond_school_age",
}


@dataclass(frozen=True)
class Templates:
    """/vorlagen — list the ready replies."""


@dataclass(frozen=True)
class UseTemplate:
    """/vorlage <key> <wert; wert; …> — preview a ready reply with its values."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """/note <text> — stays in the topic, never reaches the family."""

    text: str


@dataclass(frozen=True)
class Queue:
    """/queue (/liste) — open cases, unclaimed first."""


@dataclass(frozen=True)
class Override:
    """/einschaetzung <stufe> <Begründung> — correct the automatic estimate."""

    stage: str
    reason: str


@dataclass(frozen=True)
class ShowName:
    """/name an|aus — whether families see the counsellor's first name."""

    show: bool


@dataclass(frozen=True)
class Erase:
    """/loeschen — delete the family's data (e.g. asked for by phone), after a confirmation."""


@dataclass(frozen=True)
class Help:
    """/hilfe, /help, /start."""


@dataclass(frozen=True)
class Invalid:
    """A staff command with wrong arguments: `hint` says how it is written (German)."""

    hint: str


StaffCommand = Templates | UseTemplate | Note | Queue | Override | ShowName | Erase | Help | Invalid

HELP_TEXT = (
    "Schullotse im Team-Chat:\n"
    "• Jeder Fall hat ein eigenes Thema mit Fallkarte (oben angeheftet).\n"
    "• Was Sie im Thema schreiben, geht an die Familie (auch Fotos und Dateien).\n"
    "• /note <Text> – interne Notiz, geht nicht an die Familie\n"
    "• /vorlagen – fertige Antworten, die Familie liest sie in ihrer Sprache\n"
    "• /vorlage <Kürzel> <Wert; Wert> – eine Vorlage mit Werten vorbereiten\n"
    "• /einschaetzung <Stufe> <Begründung> – Einschätzung ändern "
    "(Stufen: grundschule, sek1, berufskolleg, kita, keine)\n"
    "• /name an|aus – Familien sehen Ihren Vornamen (oder nicht)\n"
    "• /loeschen – alle Daten der Familie löschen (mit Rückfrage)\n"
    "• /queue – offene Fälle (im Allgemein-Thema)"
)


def parse_staff_command(name: str, args: str) -> StaffCommand | None:
    """`name` without slash, lower case; None when it is not a staff command at all."""
    args = args.strip()
    match name:
        case "vorlagen" | "templates":
            return Templates()
        case "vorlage" | "template":
            key, _sep, rest = args.partition(" ")
            if not key:
                return Invalid(
                    "So geht es: /vorlage <Kürzel> <Wert; Wert> – Kürzel siehe /vorlagen"
                )
            values = tuple(v.strip() for v in rest.split(";")) if rest.strip() else ()
            return UseTemplate(key.lower(), values)
        case "note" | "notiz":
            if not args:
                return Invalid("So geht es: /note <Text>")
            return Note(args)
        case "queue" | "liste" | "faelle":
            return Queue()
        case "einschaetzung" | "einschätzung":
            stage_word, _sep, reason = args.partition(" ")
            stage = STAGE_ALIASES.get(stage_word.lower())
            if stage is None or not reason.strip():
                return Invalid(
                    "So geht es: /einschaetzung <Stufe> <Begründung> – Stufen: grundschule, "
                    "sek1, berufskolleg, kita, keine"
                )
            return Override(stage, reason.strip())
        case "name":
            if args.lower() in {"an", "ein", "ja", "on"}:
                return ShowName(True)
            if args.lower() in {"aus", "nein", "off"}:
                return ShowName(False)
            return Invalid("So geht es: /name an  oder  /name aus")
        case "loeschen" | "löschen":
            return Erase()
        case "hilfe" | "help" | "start":
            return Help()
    return None
