"""A place name typed in Arabic, Persian or Cyrillic letters, matched to its German spelling.

Parents write the town they live in as they hear it: "دولمن" or "Дюльмен" for Dülmen. Arabic
script leaves out most vowels and has no p or v; Russian and Ukrainian write the German h as х
or г. So both sides are reduced to a consonant skeleton in which the letters that scripts
render differently fall together (p/b, v/w/f, s/z, h dropped, doubled letters once):
"Dülmen", "دولمن" and "Дюльмен" all become "dlmn". Only whole skeletons are compared; a name
the skeleton does not catch goes into the Kreis file as an alias.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import product

# German spelling → sounds, longest first ("sch" before "ch" before "c").
_LATIN = (
    ("tsch", "tS"),
    ("sch", "S"),
    ("ch", "X"),
    ("ck", "k"),
    ("qu", "kf"),
    ("ph", "f"),
    ("tz", "ts"),
    ("ß", "s"),
    ("c", "k"),
    ("x", "ks"),
    ("z", "ts"),
    ("p", "b"),
    ("v", "f"),
    ("w", "f"),
    ("h", ""),
)
_LATIN_VOWELS = re.compile(r"[aeiouyjäöü]")

# One letter → its sound; a tuple lists what the letter may stand for.
_ARABIC: dict[str, str | tuple[str, ...]] = {
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "s", "ج": ("g", "dS"), "چ": "tS",
    "ح": "", "ه": "", "ة": "", "خ": "X", "د": "d", "ذ": "d", "ض": "d", "ر": "r", "ز": "s",
    "ژ": "S", "س": "s", "ص": "s", "ش": "S", "ظ": "s", "ع": "", "غ": "g", "ف": "f", "ڤ": "f",
    "ق": "k", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    # Long vowels and seats of hamza: not consonants of a German name.
    "ا": "", "أ": "", "إ": "", "آ": "", "ى": "", "ي": "", "ی": "", "و": "", "ؤ": "", "ئ": "",
    "ء": "",
}  # fmt: skip
_CYRILLIC: dict[str, str | tuple[str, ...]] = {
    "б": "b", "в": "f", "г": ("g", ""), "ґ": "g", "д": "d", "ж": "S", "з": "s", "к": "k",
    "л": "l", "м": "m", "н": "n", "п": "b", "р": "r", "с": "s", "т": "t", "ф": "f",
    "х": ("X", ""), "ц": "ts", "ч": "tS", "ш": "S", "щ": "S",
}  # fmt: skip
# Everything else in these scripts (vowels, soft and hard signs, й) carries no consonant.
_MAX_VARIANTS = 16


def _squeeze(sounds: str) -> str:
    return re.sub(r"(.)\1+", r"\1", sounds)


@cache
def latin_skeletons(name: str) -> frozenset[str]:
    """The consonant skeletons of a name in German spelling: "ch" as heard (Kirchen: خ, х) and
    as often written in Arabic script (ش)."""
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", name.casefold())
        if ch.isalpha() and not unicodedata.combining(ch)
    )
    for spelling, sound in _LATIN:
        text = text.replace(spelling, sound)
    text = _squeeze(_LATIN_VOWELS.sub("", text))
    return frozenset({text, _squeeze(text.replace("X", "S"))})


def skeletons(typed: str) -> set[str]:
    """The skeletons a name typed in Arabic, Persian or Cyrillic letters may stand for (empty
    for Latin letters: those are matched as written)."""
    letters = [ch for ch in typed.casefold() if ch.isalpha()]
    if not any(ch in _ARABIC or "\u0400" <= ch <= "\u04ff" for ch in letters):
        return set()
    choices: list[tuple[str, ...]] = []
    for ch in letters:
        sound = _ARABIC.get(ch, _CYRILLIC.get(ch, ""))
        choices.append(sound if isinstance(sound, tuple) else (sound,))
    result: set[str] = set()
    for combination in product(*choices):
        result.add(_squeeze("".join(combination)))
        if len(result) >= _MAX_VARIANTS:
            break
    return {s for s in result if len(s) >= 3}
