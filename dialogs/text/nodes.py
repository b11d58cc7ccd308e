"""The text tree the core returns instead of strings: msgids with parameters (`_()`, `_n()`),
raw values, lines, and values the renderer writes in the reader's language (dates, names);
`Translate`, how a msgid becomes the reader's words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeAlias


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


TextFactory = Callable[..., Text]
