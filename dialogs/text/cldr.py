"""The reader's own words for languages, countries, months and dates: CLDR's (through Babel),
with our overrides where CLDR's are wrong for our readers."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from babel import Locale, UnknownLocaleError
from babel import __version__ as babel_version
from babel.dates import format_date

from dialogs import locales
from dialogs.text.nodes import MonthYear, Text, Translate, _, identity_translate


@functools.lru_cache(maxsize=64)
def babel_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, LookupError, UnknownLocaleError):
        return None


# Names CLDR gets wrong for our readers, so they are translated like any other text: Romani has
# no CLDR name in Pashto, Kurmanji, Tigrinya, Somali or Albanian (the raw code "rom" would show)
# and a pejorative one in Arabic ("الغجرية") and some others; Sorani speakers do not call their
# language "Zentralkurdisch", and next to "Kurdisch (Sorani)" a bare "Kurdisch" would be unclear.
NAME_OVERRIDES: Mapping[str, Text] = {
    # TRANSLATORS: a language name, written as in the middle of a sentence (lower case where
    # your language writes language names so); the bot capitalises it on buttons.
    "ckb": _("Kurdisch (Sorani)"),
    # TRANSLATORS: a language name (Kurmanji Kurdish), written as in the middle of a sentence.
    "ku": _("Kurdisch (Kurmandschi)"),
    # TRANSLATORS: the language of the Roma, written as in the middle of a sentence; use the
    # neutral name the Roma use themselves, never an exonym such as "Gypsy".
    "rom": _("Romani"),
}


# CLDR's name of every supported language in every supported language, and the codes CLDR
# names in German and English, read from a file (scripts/build_name_index.py) rather than from
# Babel: the language picker names all sixteen in their own words, and the content files' codes
# are checked at every start; Babel would load those locales' whole data for that (with its
# global data ~2 MiB, root ~1.5 MiB and ~1.5 MiB a locale), most of it never used. Built with
# the same Babel; tests say when it is stale.
LANGUAGE_NAMES = Path(__file__).with_name("language_names.json")
CodeKind = Literal["languages", "territories"]
# The code lists content files are checked against: German for the instrument (its options
# are named in German for the staff), English for the Kreis file's offers.
CODE_LISTS: tuple[tuple[str, CodeKind], ...] = (
    ("de", "languages"),
    ("de", "territories"),
    ("en", "languages"),
)


def build_language_names() -> dict[str, object]:
    names: dict[str, dict[str, str]] = {}
    for reader in locales.SUPPORTED:
        known = Locale.parse(reader).languages
        names[reader] = {code: known[code] for code in locales.SUPPORTED if code in known}
    codes = {f"{where}.{kind}": sorted(_babel_codes(where, kind)) for where, kind in CODE_LISTS}
    return {"babel": babel_version, "names": names, "codes": codes}


def _babel_codes(in_locale: str, kind: CodeKind) -> frozenset[str]:
    reader = Locale.parse(in_locale)
    return frozenset(reader.languages if kind == "languages" else reader.territories)


@functools.cache
def _stored() -> Mapping[str, Any]:
    """The stored file; empty when it was built with another Babel (Babel answers then)."""
    try:
        stored = json.loads(LANGUAGE_NAMES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) and stored.get("babel") == babel_version else {}


def _stored_language_names() -> Mapping[str, Mapping[str, str]]:
    return cast("Mapping[str, Mapping[str, str]]", _stored().get("names", {}))


@functools.cache
def cldr_codes(in_locale: str, kind: CodeKind) -> frozenset[str]:
    """The language or territory codes CLDR names in `in_locale` (keys as Babel has them,
    "fa_AF"): what a content file may use. German or English (`CODE_LISTS`)."""
    stored = _stored().get("codes", {}).get(f"{in_locale}.{kind}")
    return frozenset(stored) if stored is not None else _babel_codes(in_locale, kind)


def _cldr_language(code: str, in_locale: str) -> str | None:
    stored = _stored_language_names().get(in_locale)
    if stored is not None and code in locales.SUPPORTED:
        return stored.get(code)
    reader = babel_locale(in_locale)
    return reader.languages.get(code.replace("-", "_")) if reader else None


def language_name(
    code: str, in_locale: str, translate: Translate | None = None, *, label: bool = True
) -> str:
    """Name of language `code` written in `in_locale`; the bare code only if nothing knows it.

    Order: our translated override (`NAME_OVERRIDES`, through `translate`), CLDR in the reader's
    language, the language's own name for itself, the English name. `label=True` capitalises the
    first letter, as on a button; `label=False` keeps the spelling used inside a sentence.
    """
    override = NAME_OVERRIDES.get(code)
    name: str | None = None
    if override is not None and in_locale in locales.SUPPORTED:
        name = (translate or identity_translate)(override.msgid, None, 0, in_locale)
        # The German msgid back in another language means "no catalog loaded" (tests, staff
        # previews) or a translation equal to German ("Romani"): CLDR's name, if any, is as good.
        if name == override.msgid and in_locale != "de":
            name = _cldr_language(code, in_locale) or name
    if not name:
        name = _cldr_language(code, in_locale)
    if not name:
        own = babel_locale(code)
        name = own.get_display_name(own) if own else None
    if not name:
        name = _cldr_language(code, "en") or (override.msgid if override else None)
    if not name:
        return code
    return name[:1].upper() + name[1:] if label else name


def territory_name(code: str, in_locale: str) -> str:
    reader = babel_locale(in_locale)
    return (reader.territories.get(code.upper()) if reader else None) or code


# The month names a locale's dates use, where they should differ from its CLDR data.
# Farsi: one catalog serves Iranian Persian and Dari readers, and the bot cannot tell them apart:
# the picker has one button, and Telegram has no Dari interface language, so `language_code`
# is "fa" for nearly every Afghan reader too (`fa-AF`/`prs` are rare, and the locale stored for
# the family is the catalog's, "fa"). Most Persian-speaking families the KIs meet come from
# Afghanistan, and CLDR's Iranian Gregorian month names (ژوئیه, اوت from French) are unknown
# there, while the Afghan ones (جولای, اگست from English) are understood in Iran as well. So
# every Farsi/Dari reader gets `fa_AF` month names, in the `fa` date pattern (day before month,
# as in `fa`; `fa_AF` would put the month first in day-month dates only).
# Arabic keeps CLDR's `ar` names (يوليو, أغسطس, سبتمبر): every Arabic reader knows them, while
# the Levantine names (تموز, آب, أيلول) are not used in Egypt, Sudan, the Maghreb or the Gulf.
MONTH_NAMES_FROM: dict[str, str] = {"fa": "fa_AF"}


@functools.lru_cache(maxsize=1024)  # a handful of school dates, formatted in every message
def format_day(day: date, locale: str, *, year: bool = True, width: str = "long") -> str:
    """A date as the reader writes it (`year=False`: day and month only, e.g. 30. September).

    `locale` must be one Babel knows; the renderer falls back to German before calling this.
    """
    reader = babel_locale(locale) or babel_locale("de")
    assert reader is not None
    if year:
        pattern = str(reader.date_formats[width].pattern)
    else:
        pattern = str(reader.datetime_skeletons["MMMMd"].pattern)
    names = babel_locale(MONTH_NAMES_FROM.get(locale, locale)) or reader
    return format_date(day, pattern, locale=names)


@functools.lru_cache(maxsize=256)
def format_month(value: MonthYear, locale: str) -> str:
    """A month and year as the reader writes it (CLDR's yMMMM: "Oktober 2026")."""
    reader = babel_locale(locale) or babel_locale("de")
    assert reader is not None
    pattern = str(reader.datetime_skeletons["yMMMM"].pattern)
    names = babel_locale(MONTH_NAMES_FROM.get(locale, locale)) or reader
    return format_date(date(value.year, value.month, 1), pattern, locale=names)
