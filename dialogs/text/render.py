"""`Renderer`: a text tree written out for one reader, in the reader's language, with values
isolated in right-to-left sentences; `render_german` for the staff."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from dialogs.moments import format_moment
from dialogs.text.bidi import FSI, PDI, is_rtl, isolate_latin
from dialogs.text.cldr import babel_locale, format_day, format_month, language_name, territory_name
from dialogs.text.nodes import (
    DayMonth,
    InLocale,
    LanguageName,
    Lines,
    Moment,
    MonthYear,
    Param,
    Raw,
    Renderable,
    TerritoryName,
    Text,
    Translate,
    Weekday,
    identity_translate,
)

# Most numbers in a reply are small (question 3 of 15, the 2nd child), and Babel takes ~25 µs
# for each. Their texts are worked out once per locale, the whole range at a time: the table
# depends on the locale alone and never records which numbers a family's replies held.
_SMALL_NUMBERS = 100


@functools.lru_cache(maxsize=64)
def _small_numbers(code: str) -> tuple[str, ...]:
    reader = babel_locale(code)
    return tuple(format_decimal(n, locale=reader) for n in range(_SMALL_NUMBERS))


def format_number(value: int | float, code: str) -> str:
    """`value` as Babel writes it in the locale `code` (one Babel knows)."""
    # `type(...) is int`: bools and int subclasses go to Babel, as they always did.
    if type(value) is int and 0 <= value < _SMALL_NUMBERS:
        return _small_numbers(code)[value]
    return format_decimal(value, locale=babel_locale(code))


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
        return locale if babel_locale(locale) is not None else "de"

    def _render(self, node: Renderable, locale: str, rtl: bool, inline: bool = False) -> str:
        # `inline`: the node is a value inside a sentence, not a text or label of its own.
        # Most nodes are texts: they skip the other kinds' checks (anything unknown is still
        # read as a text, below).
        if not isinstance(node, Text):
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
        if type(value) is int:
            # The most common value (a question's number): no need to rule out the others.
            text = format_number(value, self._format_locale(locale))
        elif isinstance(value, Text | Lines | InLocale):
            return self._render(value, locale, rtl, inline=True)
        elif isinstance(value, LanguageName | TerritoryName):
            text = self._render(value, locale, rtl, inline=True)
            return f"{FSI}{text}{PDI}" if rtl else text
        elif isinstance(value, bool):
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
            reader = babel_locale(self._format_locale(locale)) or babel_locale("de")
            assert reader is not None
            name = str(reader.days["format"]["wide"][value.index % 7])
            text = name[:1].upper() + name[1:]
        elif isinstance(value, int | float):
            text = format_number(value, self._format_locale(locale))
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
