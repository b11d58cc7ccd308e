"""Channel-neutral, lazily translated text.

The functional core never sees a locale: it returns `Text` values (a German msgid plus
parameters) and the channel renders them for the reader. Rendering lives here, in one place, so
that every channel formats dates the same way and isolates placeholders in right-to-left
languages the same way.

Mark msgids with `_()` / `_n()` so that `pybabel extract` finds them (see babel.cfg).

The package's face: the text tree (`nodes`), the renderer (`render`) with the reader's names
and dates (`cldr`) and right-to-left isolation (`bidi`), Telegram's lengths (`lengths`).
"""

from dialogs.text.bidi import FSI, PDI
from dialogs.text.cldr import cldr_codes, language_name
from dialogs.text.lengths import TEXT_LIMIT, split_for_limit, utf16_len, utf16_prefix
from dialogs.text.nodes import (
    DayMonth,
    InLocale,
    LanguageName,
    Lines,
    Moment,
    MonthYear,
    Raw,
    Renderable,
    TerritoryName,
    Text,
    Weekday,
    _,
    _n,
    lines,
)
from dialogs.text.render import Renderer, render_german

__all__ = [
    "FSI",
    "PDI",
    "TEXT_LIMIT",
    "DayMonth",
    "InLocale",
    "LanguageName",
    "Lines",
    "Moment",
    "MonthYear",
    "Raw",
    "Renderable",
    "Renderer",
    "TerritoryName",
    "Text",
    "Weekday",
    "_",
    "_n",
    "cldr_codes",
    "language_name",
    "lines",
    "render_german",
    "split_for_limit",
    "utf16_len",
    "utf16_prefix",
]
