"""Which languages the bot speaks and how a Telegram `language_code` maps onto them."""

from __future__ import annotations

# Order of the language picker: the languages the KI meets most often first.
SUPPORTED: tuple[str, ...] = ("de", "ar", "uk", "fa", "tr", "ru", "en")
DEFAULT = "de"

# Telegram clients send IETF tags; some families' languages arrive under a neighbour's code.
_ALIASES: dict[str, str] = {
    "prs": "fa",  # Dari
    "pes": "fa",
    "fa-af": "fa",
    "ar-sy": "ar",
    "ar-iq": "ar",
}


def detect(language_code: str | None, supported: tuple[str, ...] = SUPPORTED) -> str:
    """Best supported locale for a client's language, German when nothing fits."""
    if not language_code:
        return DEFAULT
    tag = language_code.strip().lower().replace("_", "-")
    if tag in _ALIASES and _ALIASES[tag] in supported:
        return _ALIASES[tag]
    base = tag.split("-", 1)[0]
    if base in _ALIASES and _ALIASES[base] in supported:
        return _ALIASES[base]
    return base if base in supported else DEFAULT


def normalise(locale: str | None, supported: tuple[str, ...] = SUPPORTED) -> str:
    """A stored locale that is no longer offered falls back to German rather than failing."""
    return locale if locale in supported else DEFAULT
