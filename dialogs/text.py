"""Channel-neutral, lazily translated text.

The functional core never sees a locale: it returns `Text` values (a German msgid plus
parameters) and the channel renders them for the reader. Rendering lives here, in one place, so
that every channel formats dates the same way and isolates placeholders in right-to-left
languages the same way.

Mark msgids with `_()` / `_n()` so that `pybabel extract` finds them (see babel.cfg).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeAlias

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from dialogs import locales
from dialogs.moments import format_moment

# Unicode "first strong isolate" / "pop directional isolate". Wrapping a left-to-right value
# (a German term, a date, a case number) in these keeps an Arabic or Farsi sentence around it
# in the right order; unlike the older embedding marks they cannot leak into the rest of the line.
FSI = "\u2068"
PDI = "\u2069"


@dataclass(frozen=True, slots=True)
class Raw:
    """Text that must not be translated: a parent's own answer, a school's name."""

    value: str


@dataclass(frozen=True, slots=True)
class Text:
    """A msgid with named `{placeholders}`; `plural` and `n` select a plural form."""

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


@dataclass(frozen=True, slots=True)
class Lines:
    """Several texts shown together, one per line (or joined by `sep`)."""

    parts: tuple[Renderable, ...]
    sep: str = "\n"


@dataclass(frozen=True, slots=True)
class DayMonth:
    """A day of every year (30 September): no year, month named in the reader's language."""

    month: int
    day: int


@dataclass(frozen=True, slots=True)
class MonthYear:
    """A month of one year (Oktober 2026): what a parent gave who knew no day, kept as given."""

    year: int
    month: int


@dataclass(frozen=True, slots=True)
class Weekday:
    """A day of the week (0 = Monday), named in the reader's language (CLDR) and capitalised:
    it starts a line of opening hours."""

    index: int


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time (aware) with its weekday, as the reader writes it on the Kreis's clock
    (`dialogs/moments.py`); `short` for a button."""

    at: datetime
    short: bool = False


@dataclass(frozen=True, slots=True)
class LanguageName:
    """A language's name in the reader's language (`own=True`: in that language).

    Shown on its own (a button) it is a label and starts with a capital letter; inserted into a
    sentence it keeps the language's own spelling ("українська", "français"), because
    Ukrainian, Russian, Polish, French and others write language names in lower case.
    """

    code: str
    own: bool = False


@dataclass(frozen=True, slots=True)
class TerritoryName:
    """A country's name from CLDR (ISO 3166 code), in the reader's language."""

    code: str


@dataclass(frozen=True, slots=True)
class InLocale:
    """A text shown in a fixed language whatever the reader's: a counsellor's preview of what
    the family will read."""

    node: Renderable
    locale: str


Renderable: TypeAlias = "Text | Lines | Raw | LanguageName | TerritoryName | InLocale | Moment"
Param: TypeAlias = (
    "str | int | float | date | DayMonth | MonthYear | Weekday | Moment | Text | Lines | Raw "
    "| LanguageName "
    "| TerritoryName | InLocale"
)


def _(msgid: str, **params: Param) -> Text:
    """Mark a German msgid for extraction and bind its parameters."""
    return Text(msgid, params)


def _n(singular: str, plural: str, n: int, **params: Param) -> Text:
    """Plural-aware text; `n` is also available as the `{n}` placeholder."""
    return Text(singular, {"n": n, **params}, plural=plural, n=n)


def lines(*parts: Renderable | None, sep: str = "\n") -> Lines:
    """Join texts, skipping `None` so optional lines read naturally at the call site."""
    return Lines(tuple(p for p in parts if p is not None), sep)


class Translate(Protocol):
    def __call__(self, singular: str, plural: str | None, n: int, locale: str) -> str: ...


def identity_translate(singular: str, plural: str | None, n: int, locale: str) -> str:
    """German source text, used for staff-facing output and where no catalog is loaded."""
    if plural is not None and n != 1:
        return plural
    return singular


_RTL_CACHE: dict[str, bool] = {}


@functools.lru_cache(maxsize=64)
def _babel_locale(code: str) -> Locale | None:
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


def _cldr_language(code: str, in_locale: str) -> str | None:
    reader = _babel_locale(in_locale)
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
        own = _babel_locale(code)
        name = own.get_display_name(own) if own else None
    if not name:
        name = _cldr_language(code, "en") or (override.msgid if override else None)
    if not name:
        return code
    return name[:1].upper() + name[1:] if label else name


def territory_name(code: str, in_locale: str) -> str:
    reader = _babel_locale(in_locale)
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
    reader = _babel_locale(locale) or _babel_locale("de")
    assert reader is not None
    if year:
        pattern = str(reader.date_formats[width].pattern)
    else:
        pattern = str(reader.datetime_skeletons["MMMMd"].pattern)
    names = _babel_locale(MONTH_NAMES_FROM.get(locale, locale)) or reader
    return format_date(day, pattern, locale=names)


@functools.lru_cache(maxsize=256)
def format_month(value: MonthYear, locale: str) -> str:
    """A month and year as the reader writes it (CLDR's yMMMM: "Oktober 2026")."""
    reader = _babel_locale(locale) or _babel_locale("de")
    assert reader is not None
    pattern = str(reader.datetime_skeletons["yMMMM"].pattern)
    names = _babel_locale(MONTH_NAMES_FROM.get(locale, locale)) or reader
    return format_date(date(value.year, value.month, 1), pattern, locale=names)


# A run of Latin script (a German term, "B1", "A B C") inside a right-to-left sentence; bot
# commands and links are left alone so that Telegram still recognises them, and `{placeholders}`
# are matched first so that they stay intact (their values are isolated when inserted).
_LATIN_RUN = re.compile(
    r"(?P<keep>\{[^{}]*\}|(?:https?://|[/@])\S+)"
    r"|(?P<run>[A-Za-zÀ-ÖØ-öø-ɏ](?:[A-Za-zÀ-ÖØ-öø-ɏ0-9 .,'’&/-]*[A-Za-zÀ-ÖØ-öø-ɏ0-9])?)"
)
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@functools.lru_cache(maxsize=2048)
def isolate_latin(template: str) -> str:
    """Wrap each Latin-script run of a right-to-left translation in isolates (FSI…PDI).

    Translators write "(Schulamt)" or "B1" into Arabic, Farsi and Pashto sentences; isolated,
    such a run cannot drag neighbouring punctuation or numbers into left-to-right order. A
    template without right-to-left letters (the German fallback) is returned unchanged.
    """
    if not _RTL_LETTER.search(template):
        return template

    def wrap(m: re.Match[str]) -> str:
        return m.group("keep") or f"{FSI}{m.group('run')}{PDI}"

    return _LATIN_RUN.sub(wrap, template)


def is_rtl(locale: str) -> bool:
    if locale not in _RTL_CACHE:
        try:
            _RTL_CACHE[locale] = Locale.parse(locale).character_order == "right-to-left"
        except (ValueError, LookupError, UnknownLocaleError):
            _RTL_CACHE[locale] = False
    return _RTL_CACHE[locale]


@dataclass(frozen=True)
class Renderer:
    """Turns `Text` trees into strings for one locale."""

    translate: Translate = identity_translate
    date_format: str = "long"

    def render(self, node: Renderable, locale: str) -> str:
        rtl = is_rtl(locale)
        return self._render(node, locale, rtl)

    @staticmethod
    def _format_locale(locale: str) -> str:
        # Babel needs a locale it knows for dates and numbers; German formats beat a crash.
        return locale if _babel_locale(locale) is not None else "de"

    def _render(self, node: Renderable, locale: str, rtl: bool, inline: bool = False) -> str:
        # `inline`: the node is a value inside a sentence, not a text or label of its own.
        if isinstance(node, Raw):
            return node.value
        if isinstance(node, Lines):
            return node.sep.join(self._render(p, locale, rtl, inline) for p in node.parts)
        if isinstance(node, InLocale):
            return self._render(node.node, node.locale, is_rtl(node.locale), inline)
        if isinstance(node, LanguageName):
            reader = node.code if node.own else locale
            return language_name(node.code, reader, self.translate, label=not inline)
        if isinstance(node, TerritoryName):
            return territory_name(node.code, locale)
        if isinstance(node, Moment):  # a button's label
            return format_moment(node.at, self._format_locale(locale), short=node.short)
        template = self.translate(node.msgid, node.plural, node.n or 0, locale)
        if rtl:
            template = isolate_latin(template)
        if not node.params:
            return template
        values = {k: self._param(v, locale, rtl) for k, v in node.params.items()}
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            # A broken translation must not take the conversation down: fall back to German.
            german = identity_translate(node.msgid, node.plural, node.n or 0, locale)
            return german.format_map(values)

    def _param(self, value: Param, locale: str, rtl: bool) -> str:
        if isinstance(value, Text | Lines | InLocale):
            return self._render(value, locale, rtl, inline=True)
        if isinstance(value, LanguageName | TerritoryName):
            text = self._render(value, locale, rtl, inline=True)
            return f"{FSI}{text}{PDI}" if rtl else text
        if isinstance(value, bool):
            text = str(value)
        elif isinstance(value, Moment):
            text = format_moment(value.at, self._format_locale(locale), short=value.short)
        elif isinstance(value, date):
            text = format_day(value, self._format_locale(locale), width=self.date_format)
        elif isinstance(value, DayMonth):
            day = date(2000, value.month, value.day)  # a leap year: 29 February exists
            text = format_day(day, self._format_locale(locale), year=False)
        elif isinstance(value, MonthYear):
            text = format_month(value, self._format_locale(locale))
        elif isinstance(value, Weekday):
            reader = _babel_locale(self._format_locale(locale)) or _babel_locale("de")
            assert reader is not None
            name = str(reader.days["format"]["wide"][value.index % 7])
            text = name[:1].upper() + name[1:]
        elif isinstance(value, int | float):
            text = format_decimal(value, locale=_babel_locale(self._format_locale(locale)))
        elif isinstance(value, Raw):
            text = value.value
        else:
            text = str(value)
        # Isolate every inserted value in RTL messages: digits, Latin words and user text
        # otherwise reorder the sentence around them.
        return f"{FSI}{text}{PDI}" if rtl and text else text


def render_german(node: Renderable) -> str:
    """Staff-facing text: the msgids are German already."""
    return Renderer().render(node, "de")


TextFactory = Callable[..., Text]


# Telegram's limits (text 4096, caption 1024, topic name 128, callback answer 200) are
# checked here in UTF-16 code units, as Telegram measures message entities: an emoji or a
# character outside the Basic Multilingual Plane is two. Whether Telegram counts the length
# itself in code units or code points, a text within the limit in code units is within it.
TEXT_LIMIT = 4096


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def utf16_prefix(text: str, limit: int) -> str:
    """The longest start of `text` of at most `limit` UTF-16 code units (no half characters)."""
    if len(text) * 2 <= limit or utf16_len(text) <= limit:
        return text
    # A surrogate pair cut in half at the end is incomplete and dropped by "ignore".
    return text.encode("utf-16-le")[: 2 * limit].decode("utf-16-le", errors="ignore")


def split_for_limit(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long message at paragraph, then line, then word boundaries to fit Telegram's
    `limit` in UTF-16 code units."""
    if utf16_len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while utf16_len(rest) > limit:
        window = utf16_prefix(rest, limit)
        cut = window.rfind("\n")
        if cut < len(window) // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = len(window)
        if chunk := rest[:cut].rstrip():
            chunks.append(chunk)
        rest = rest[cut:].lstrip("\n ")
    if rest:
        chunks.append(rest)
    return chunks
