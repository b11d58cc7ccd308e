"""Which languages the bot speaks and how a Telegram `language_code` maps onto them.

Telegram sends the client's IETF tag (`ar`, `fa-AF`, sometimes three-letter codes such as
`prs` or `ckb`). Babel (CLDR) has data for all sixteen languages: names, dates, plural rules;
a code it does not know is rendered with German formats rather than failing.
"""

from __future__ import annotations

# Picker order: the languages the KI meets most often first.
SUPPORTED: tuple[str, ...] = (
    "de", "ar", "uk", "fa", "tr", "ru", "ps", "ku",
    "ti", "so", "ro", "bg", "pl", "sq", "fr", "en",
)  # fmt: skip
DEFAULT = "de"
RTL = frozenset({"ar", "fa", "ps"})

# Codes that are not our locale codes but clearly mean one of them.
_ALIASES: dict[str, str] = {
    "prs": "fa",  # Dari
    "pes": "fa",  # Iranian Persian
    "fas": "fa",
    "per": "fa",
    "ara": "ar",
    "arb": "ar",
    "apc": "ar",  # Levantine Arabic
    "acm": "ar",  # Iraqi Arabic
    "pus": "ps",
    "pbt": "ps",
    "pbu": "ps",
    "kmr": "ku",  # Kurmanji
    "kur": "ku",
    "tir": "ti",
    "som": "so",
    "ukr": "uk",
    "rus": "ru",
    "tur": "tr",
    "ron": "ro",
    "rum": "ro",
    "mo": "ro",  # Moldovan
    "bul": "bg",
    "pol": "pl",
    "sqi": "sq",
    "alb": "sq",
    "aln": "sq",  # Gheg (Kosovo)
    "fra": "fr",
    "fre": "fr",
    "eng": "en",
    "deu": "de",
    "ger": "de",
}

# A client language we do not have, with the languages its speakers most likely read, in
# order: the first is greeted in, all are offered first in the picker. Sorani Kurdish is
# written in Arabic script, so Arabic comes before Kurmanji (Latin script).
_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "ckb": ("ar", "ku"),
    "sdh": ("ar", "ku", "fa"),  # Southern Kurdish
    "ur": ("en", "ps", "fa"),
    "be": ("ru", "uk"),
    "mk": ("bg", "sq"),
    "sr": ("ru", "bg"),
    "hy": ("ru",),
    "ka": ("ru",),
    "az": ("tr", "ru"),
    "am": ("ti", "en"),  # Amharic speakers from Eritrea/Ethiopia
    "rom": ("ro", "bg"),  # Romani
}


def _tag_parts(language_code: str) -> tuple[str, str]:
    tag = language_code.strip().lower().replace("_", "-")
    return tag, tag.split("-", 1)[0]


def suggestions(
    language_code: str | None, supported: tuple[str, ...] = SUPPORTED
) -> tuple[str, ...]:
    """Languages to offer first for this client, best first; empty when nothing fits."""
    if not language_code:
        return ()
    tag, base = _tag_parts(language_code)
    for key in (tag, base):
        if key in supported:
            return (key,)
        if key in _ALIASES and _ALIASES[key] in supported:
            return (_ALIASES[key],)
        if key in _NEIGHBOURS:
            return tuple(code for code in _NEIGHBOURS[key] if code in supported)
    return ()


def detect(language_code: str | None, supported: tuple[str, ...] = SUPPORTED) -> str:
    """Best supported locale for a client's language, German when nothing fits."""
    offered = suggestions(language_code, supported)
    return offered[0] if offered else DEFAULT


def normalise(locale: str | None, supported: tuple[str, ...] = SUPPORTED) -> str:
    """A stored locale that is no longer offered falls back to German rather than failing."""
    return locale if locale in supported else DEFAULT


def picker_order(supported: tuple[str, ...], first: tuple[str, ...] = ()) -> list[str]:
    """Suggested languages first, then the rest in the configured order."""
    return [*dict.fromkeys(code for code in (*first, *supported) if code in supported)]
