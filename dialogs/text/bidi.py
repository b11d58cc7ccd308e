"""Right-to-left readers: which locales are, and the isolates that keep left-to-right runs (a
German term, a date, a case number) in order inside their sentences."""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError

from dialogs import locales

# Unicode "first strong isolate" / "pop directional isolate". Wrapping a left-to-right value
# (a German term, a date, a case number) in these keeps an Arabic or Farsi sentence around it
# in the right order; unlike the older embedding marks they cannot leak into the rest of the line.
FSI = "\u2068"
PDI = "\u2069"

_RTL_CACHE: dict[str, bool] = {}


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
    # Our own languages' direction is known (tests check it against CLDR): asking Babel would
    # load the reader's whole locale data for one word, before each language's first text.
    if locale in locales.SUPPORTED:
        return locale in locales.RTL
    if locale not in _RTL_CACHE:
        try:
            _RTL_CACHE[locale] = Locale.parse(locale).character_order == "right-to-left"
        except (ValueError, LookupError, UnknownLocaleError):
            _RTL_CACHE[locale] = False
    return _RTL_CACHE[locale]
