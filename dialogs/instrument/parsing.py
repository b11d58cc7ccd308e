"""Low-level reading of typed answers: cleaning, digits, dates, and names of places and languages.

Split from `typed` so that each file stays short; only `typed` and `answers` import this.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel import __version__ as babel_version

from dialogs.instrument import BIRTH_DATE, Question, age_on
from dialogs.invisible import without_invisible
from dialogs.text import Raw, Text, _, _n


def clean(raw: str) -> str:
    """Drop direction marks, invisible and control characters (`without_invisible`: they break
    matching and, kept in stored text, reorder the counsellors' German card); collapse
    whitespace. Zero-width (non-)joiners stay: Persian spelling needs them.
    """
    return " ".join(without_invisible(unicodedata.normalize("NFC", raw)).split())


def ascii_digits(text: str) -> str:
    """٣ ۳ ３ → 3 (and full-width signs to ASCII) for dates, numbers and phone numbers."""
    if text.isascii():
        # NFKC leaves ASCII as it is and its only decimal digits are 0–9: nothing to change,
        # and most answers are re-read at every step (`recheck`).
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(d) if (d := unicodedata.decimal(ch, None)) is not None else ch for ch in text
    )


# --- dates ---------------------------------------------------------------------------------

_FORMAT = _("Bitte schreiben Sie das Datum so: 31.12.2015")
_FORMAT_MONTH = _("Bitte schreiben Sie das Datum so: 31.12.2015 – oder nur Monat und Jahr: 12.2015")
# Solar Hijri (Iran, Afghanistan) years are 13xx–14xx today, lunar Hijri years 14xx: a birth date
# typed from a local document would otherwise be refused as "800 years old" without explanation.
_OTHER_CALENDAR = range(1300, 1500)


def parse_date_answer(
    q: Question, text: str, *, today: date, answers: Mapping[str, Any]
) -> str | Text:
    """The answer to store: an ISO date, or "YYYY-MM" when the parent gave only month and year
    (the card and the summary keep that precision); or a hint saying what to change."""
    groups = _digit_groups(text, today)
    parsed = _parse_groups(q, groups, today=today, answers=answers)
    if isinstance(parsed, Text):
        return parsed
    if _month_only(q, groups):
        return f"{parsed.year:04}-{parsed.month:02}"
    return parsed.isoformat()


_DIGITS = re.compile(r"\d+")


def _digit_groups(text: str, today: date) -> list[str]:
    groups = _DIGITS.findall(ascii_digits(text))
    if len(groups) == 1 and len(groups[0]) == 8:
        groups = _split_compact(groups[0], today)
    return groups


def _month_only(q: Question, groups: list[str]) -> bool:
    return len(groups) == 2 and q.allow_month


def parse_date(q: Question, text: str, *, today: date, answers: Mapping[str, Any]) -> date | Text:
    """The date meant by `text`, or a hint saying what to change. Day comes before month."""
    return _parse_groups(q, _digit_groups(text, today), today=today, answers=answers)


def _parse_groups(
    q: Question, groups: list[str], *, today: date, answers: Mapping[str, Any]
) -> date | Text:
    # The digit groups are read once for the date and for its precision (`_month_only`).
    month_only = _month_only(q, groups)
    if month_only:
        year, month = (groups[0], groups[1]) if len(groups[0]) == 4 else (groups[1], groups[0])
        day = "1"
    elif len(groups) == 3:
        year, month, day = groups if len(groups[0]) == 4 else groups[::-1]
    else:
        return _FORMAT_MONTH if q.allow_month else _FORMAT
    if len(year) == 2:
        # 15 → 2015, 98 → 1998: the century that does not lie in the future.
        year = str(2000 + int(year) if 2000 + int(year) <= today.year else 1900 + int(year))
    if len(year) != 4 or len(month) > 2 or len(day) > 2:
        return _FORMAT_MONTH if q.allow_month else _FORMAT
    y, m, d = int(year), int(month), int(day)
    if y in _OTHER_CALENDAR:
        return _(
            "Bitte schreiben Sie das Datum mit dem westlichen Kalender, so wie in den deutschen "
            "Papieren, zum Beispiel: 31.12.2015"
        )
    if not month_only and m > 12 and d <= 12:
        d, m = m, d  # 12/31/2015: unambiguous, so no need to bother the parent
    try:
        result = date(y, m, d)
    except ValueError:
        shown = f"{m:02}.{y}" if month_only else f"{d:02}.{m:02}.{y}"
        return _(
            "Den {date} gibt es nicht im Kalender. Bitte prüfen Sie Tag und Monat.", date=Raw(shown)
        )
    if y < 1900:
        return _("Bitte prüfen Sie das Jahr.")
    return _check_date(q, result, month_only, today=today, answers=answers)


def _split_compact(digits: str, today: date) -> list[str]:
    """31122015 or 20151231: use whichever reading is a real date; refuse if both are."""
    readings = [[digits[:4], digits[4:6], digits[6:]], [digits[:2], digits[2:4], digits[4:]]]
    valid = []
    for reading in readings:
        y, m, d = reading if len(reading[0]) == 4 else reading[::-1]
        try:
            if 1900 <= int(y) <= today.year + 1:
                date(int(y), int(m), int(d))
                valid.append(reading)
        except ValueError:
            continue
    return valid[0] if len(valid) == 1 else []


def _check_date(
    q: Question, value: date, month_only: bool, *, today: date, answers: Mapping[str, Any]
) -> date | Text:
    if q.not_future and value > today:
        return _("Dieses Datum liegt in der Zukunft. Bitte prüfen Sie das Jahr.")
    age = age_on(value, today)
    if q.min_age_years is not None and age < q.min_age_years:
        return _n(
            "Mit diesem Datum ist Ihr Kind {n} Jahr alt. Ich helfe bei Kindern ab {min} Jahren. "
            "Bitte prüfen Sie das Datum.",
            "Mit diesem Datum ist Ihr Kind {n} Jahre alt. Ich helfe bei Kindern ab {min} Jahren. "
            "Bitte prüfen Sie das Datum.",
            age,
            min=q.min_age_years,
        )
    if q.max_age_years is not None and age > q.max_age_years:
        return _n(
            "Mit diesem Datum ist Ihr Kind {n} Jahr alt. Ich helfe bei jungen Menschen bis "
            "{max} Jahre. Bitte prüfen Sie das Datum.",
            "Mit diesem Datum ist Ihr Kind {n} Jahre alt. Ich helfe bei jungen Menschen bis "
            "{max} Jahre. Bitte prüfen Sie das Datum.",
            age,
            max=q.max_age_years,
        )
    birth = answers.get(BIRTH_DATE)
    if q.not_before_birth and isinstance(birth, str):
        try:
            born = date.fromisoformat(birth)
        except ValueError:
            return value
        early = (value.year, value.month) < (born.year, born.month) if month_only else value < born
        if early:
            return _("Dieses Datum liegt vor der Geburt Ihres Kindes. Bitte prüfen Sie das Datum.")
    return value


# --- names of places, countries and languages ----------------------------------------------

# Locales whose country and language names a parent may type: German, English and the
# languages of the families the KI meets most.
NAME_INDEX = Path(__file__).with_name("names.json")
_NAME_LOCALES = ("de", "en", "ar", "fa", "ps", "ckb", "ku", "uk", "ru", "tr", "ro", "bg", "ti")
_NAME_LOCALES += ("so", "sq", "sr", "ka", "fr", "pl", "am", "ur")
# CLDR regions that are not countries a child comes from.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# Arabic and Persian spell the same letters with different code points; tatweel is decoration.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه"})
_ARABIC |= str.maketrans({"ك": "ک", "ـ": None})


def fold(text: str) -> set[str]:
    """Matching keys: case, accents, punctuation and spaces ignored; ü also as ue (Duelmen)."""
    base = clean(text).casefold().translate(_ARABIC)
    variants = {base, base.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")}
    return {key for key in map(_skeleton, variants) if key}


def _skeleton(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() and unicodedata.category(ch) != "Mn")


def _locales() -> list[Locale]:
    result = []
    for code in _NAME_LOCALES:
        try:
            result.append(Locale.parse(code))
        except (ValueError, LookupError):
            continue
    return result


def build_indexes() -> dict[str, Any]:
    """Typed names → codes for countries and languages, in every language of _NAME_LOCALES,
    from Babel's CLDR data (which costs ~20 MiB to load: see `_indexes`)."""
    territories: dict[str, str] = {}
    languages: dict[str, str] = {}
    for locale in _locales():
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                for key in fold(name):
                    territories.setdefault(key, code)
        for code, name in locale.languages.items():
            for key in fold(name):
                languages.setdefault(key, code.replace("_", "-"))
    return {"babel": babel_version, "territory": territories, "language": languages}


@cache
def _indexes() -> dict[str, Any]:
    """Read from names.json (scripts/build_name_index.py), built with the same Babel: loading
    21 locales' CLDR data at start-up cost ~20 MiB and ~0.1 s for two dictionaries. Built
    here after all when Babel was updated and the file not yet (tests say so)."""
    try:
        stored = json.loads(NAME_INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    if stored is not None and stored.get("babel") == babel_version:
        return stored
    return build_indexes()


def _territory_index() -> dict[str, str]:
    return _indexes()["territory"]  # type: ignore[no-any-return]


def _language_index() -> dict[str, str]:
    return _indexes()["language"]  # type: ignore[no-any-return]


def warm_up() -> None:
    """Load the name indexes now rather than during the first parent's update."""
    _indexes()


@cache
def _codes(index: str) -> frozenset[str]:
    return frozenset((_territory_index() if index == "territory" else _language_index()).values())


def territory_code(text: str) -> str | None:
    """ISO 3166 code for a typed country name or code in any of the usual languages."""
    typed = clean(text)
    if re.fullmatch(r"[A-Za-z]{2}", typed) and typed.upper() in _codes("territory"):
        return typed.upper()
    return next((_territory_index()[k] for k in fold(typed) if k in _territory_index()), None)


def language_code(text: str, offered: Collection[str]) -> str | None:
    """ISO 639 code for a typed language name; bare codes only when they are on the buttons."""
    typed = clean(text)
    for code in offered:
        if typed.casefold() == code.casefold():
            return code
    return next((_language_index()[k] for k in fold(typed) if k in _language_index()), None)


def is_language_code(value: str) -> bool:
    return value in _codes("language")
