"""Ready replies: a counsellor picks one in German, the parent reads it in their language.

Bodies are catalog entries, so every language has them; placeholders are declared with a
kind, and `fill` checks and converts what the counsellor typed before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dialogs.instrument.parsing import ascii_digits
from dialogs.text import Raw, Text, _

ParamKind = Literal["date", "time", "text"]
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*(uhr)?\s*$", re.IGNORECASE)
MAX_TEXT_PARAM = 200


@dataclass(frozen=True)
class TemplateParam:
    name: str
    kind: ParamKind
    prompt: str  # German, for the counsellor


@dataclass(frozen=True)
class Template:
    key: str  # short ASCII, used in callback data
    label: str  # German, shown in the counsellors' list
    body: Text  # the msgid; parameters are bound by `fill`
    params: tuple[TemplateParam, ...] = ()
    # The same reply naming the child ({name}): a case may have several children, and "Ihr
    # Kind" does not say which one found a place.
    named: Text | None = None


class TemplateError(ValueError):
    """A value the counsellor typed does not fit; the message says which and how (German)."""


DATE = TemplateParam("date", "date", "Datum (z. B. 14.01.2027)")
TIME = TemplateParam("time", "time", "Uhrzeit (z. B. 9:30)")

TEMPLATES: tuple[Template, ...] = (
    Template(
        "docs",
        "Unterlagen zum Termin mitbringen",
        _(
            "📄 Bitte bringen Sie zur Beratung mit:\n"
            "• die Meldebescheinigung\n"
            "• die Pässe oder Ausweise von Kind und Eltern\n"
            "• das letzte Zeugnis, wenn möglich übersetzt (Deutsch oder Englisch)\n"
            "• wenn nötig: Papiere zum Sorgerecht"
        ),
    ),
    Template(
        "appt",
        "Termin bestätigt",
        _(
            "📅 Ihr Termin ist am {date} um {time} Uhr.\n"
            "Ort: {place}\n"
            "Können Sie nicht kommen? Bitte schreiben Sie uns hier."
        ),
        (DATE, TIME, TemplateParam("place", "text", "Ort (Adresse, Raum)")),
    ),
    Template(
        "place",
        "Schulplatz gefunden",
        _(
            "🏫 Gute Nachricht: Ihr Kind hat einen Schulplatz.\n"
            "Schule: {school}\n"
            "Erster Schultag: {date}\n"
            "Die Schule sagt Ihnen, was Ihr Kind am ersten Tag braucht."
        ),
        (TemplateParam("school", "text", "Schule (Name, Adresse)"), DATE),
        # The name as a labelled line: no language has to inflect it in a sentence.
        _(
            "🏫 Gute Nachricht: Ihr Kind hat einen Schulplatz.\n"
            "Kind: {name}\n"
            "Schule: {school}\n"
            "Erster Schultag: {date}\n"
            "Die Schule sagt Ihnen, was Ihr Kind am ersten Tag braucht."
        ),
    ),
    Template(
        "report",
        "Bitte letztes Zeugnis schicken",
        _(
            "📝 Bitte schicken Sie uns ein Foto vom letzten Zeugnis Ihres Kindes. "
            "Sie können das Foto hier im Chat senden."
        ),
    ),
    Template(
        "call",
        "Anruf mit Dolmetschung",
        _(
            "📞 Wir rufen Sie am {date} um {time} Uhr an. "
            "Eine Dolmetscherin oder ein Dolmetscher ist dabei."
        ),
        (DATE, TIME),
    ),
    Template(
        "wait",
        "Nachricht erhalten, wir melden uns",
        _("⏳ Wir haben Ihre Nachricht bekommen. Wir melden uns bald bei Ihnen."),
    ),
    Template(
        "search",
        "Schulplatz wird gesucht",
        _(
            "🔎 Wir suchen einen Schulplatz für Ihr Kind. Das kann einige Wochen dauern. "
            "Wir schreiben Ihnen, sobald es etwas Neues gibt."
        ),
    ),
)


def parse_staff_date(raw: str) -> date | None:
    """14.01.2027, 14.1.27 or 2027-01-14 (counsellors type German dates)."""
    groups = re.findall(r"\d+", ascii_digits(raw))
    if len(groups) != 3:
        return None
    year, month, day = groups if len(groups[0]) == 4 else groups[::-1]
    if len(year) == 2:
        year = f"20{year}"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def template(key: str) -> Template:
    for t in TEMPLATES:
        if t.key == key:
            return t
    raise KeyError(key)


def fill(t: Template, values: Mapping[str, str], *, today: date, child: str | None = None) -> Text:
    """Bind checked values to the template; raises TemplateError with a German hint. `child`
    is the first name of the child it is about, for a template that names it."""
    params: dict[str, object] = {}
    for p in t.params:
        raw = (values.get(p.name) or "").strip()
        if not raw:
            raise TemplateError(f"Bitte angeben: {p.prompt}")
        if p.kind == "date":
            parsed = parse_staff_date(raw)
            if parsed is None:
                raise TemplateError(f"Kein gültiges Datum: {raw!r} – {p.prompt}")
            if parsed < today:
                raise TemplateError(f"Das Datum {parsed:%d.%m.%Y} liegt in der Vergangenheit.")
            params[p.name] = parsed
        elif p.kind == "time":
            match = _TIME.match(raw)
            if match is None:
                raise TemplateError(f"Keine gültige Uhrzeit: {raw!r} – {p.prompt}")
            params[p.name] = Raw(f"{int(match.group(1))}:{match.group(2)}")
        else:
            if len(raw) > MAX_TEXT_PARAM:
                raise TemplateError(
                    f"Bitte kürzer (höchstens {MAX_TEXT_PARAM} Zeichen): {p.prompt}"
                )
            params[p.name] = Raw(raw)
    if child and t.named is not None:
        return Text(t.named.msgid, {**params, "name": Raw(child)})
    return Text(t.body.msgid, params)


def which_child(
    t: Template, values: tuple[str, ...], names: tuple[str, ...]
) -> tuple[str | None, tuple[str, ...]] | str:
    """For a template that names a child: its name and the values without the child's number
    (`/vorlage place 2 Schule; Datum`); with one child the number may be left out. A string
    says what is missing (German)."""
    if t.named is None or not names:
        return None, values
    first, _sep, rest = (values[0] if values else "").strip().partition(" ")
    if first.isdigit():
        number = int(first)
        if not 1 <= number <= len(names):
            return f"Kein Kind {number}: dieser Fall hat Kind 1–{len(names)}."
        return names[number - 1] or None, (rest.strip(), *values[1:])
    if len(names) == 1:
        return names[0] or None, values
    listed = ", ".join(f"{n} {name}" for n, name in enumerate(names, start=1))
    usage = "; ".join(p.prompt for p in t.params)
    return (
        f"„{t.label}“: für welches Kind? Zuerst die Nummer des Kindes ({listed}):\n"
        f"/vorlage {t.key} <Kind> {usage}"
    )
