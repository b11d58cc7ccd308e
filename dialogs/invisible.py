"""Text typed by a family or taken from a Telegram name, without what a reader cannot see.

Invisible characters do harm in three ways here: direction controls (U+202E RIGHT-TO-LEFT
OVERRIDE, isolates, marks) reorder what a counsellor reads in the German topic, so a relayed
"pay 10 €" can show as something else; zero-width and invisible operators (U+200B, U+2061–2064)
make two equal-looking names differ and break matching; Unicode tag characters (U+E0020–E007F)
carry whole hidden sentences. One function removes them all, for names (intake answers,
counsellors' names shown to families) and for every message relayed to the team.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters that carry meaning and stay: ZWNJ and ZWJ (Persian spelling, emoji
# sequences) and the prepended concatenation marks, which are visible signs (Arabic number
# sign, Syriac abbreviation mark, …).
_KEEP_FORMAT = frozenset(
    "\u200c\u200d\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd"
)
# Default-ignorable code points that are not in category Cf (Unicode's
# DerivedCoreProperties): a combining grapheme joiner, Hangul fillers (blank "names"),
# Khmer inherent vowels, Mongolian variation selectors and reserved ranges. Variation
# selectors FE00–FE0F and E0100–E01EF stay: emoji presentation needs them.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u3164\uffa0\ufff0-\ufff8"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]"
)
# Line separators other than "\n" become "\n"; a tab stays.
_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# An emoji tag sequence (🏴 + tag letters + cancel tag: the flags of England, Scotland, Wales)
# is the one legitimate use of tag characters.
_EMOJI_TAG_SEQUENCE = re.compile(
    "\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,7}\U000e007f"
)


class _Fates(dict[int, str | None]):
    """str.translate table: each code point's fate is worked out once, then looked up."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        fate: str | None = char
        category = unicodedata.category(char)
        if char in _LINE_BREAKS:
            fate = "\n"
        elif category == "Cc":
            fate = char if char in "\n\t" else None
        elif (category == "Cf" and char not in _KEEP_FORMAT) or _IGNORABLE.match(char):
            fate = None
        self[code] = fate
        return fate


_FATES = _Fates()


def without_invisible(text: str) -> str:
    """`text` without direction controls, invisible format characters, tag characters and
    control characters; line breaks (as "\\n"), tabs and every visible character stay."""
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    parts: list[str] = []
    start = 0
    for flag in _EMOJI_TAG_SEQUENCE.finditer(text):
        parts += (text[start : flag.start()].translate(_FATES), flag.group())
        start = flag.end()
    parts.append(text[start:].translate(_FATES))
    return "".join(parts)
