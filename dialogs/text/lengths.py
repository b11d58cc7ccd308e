"""How long a text is as Telegram counts it (UTF-16 code units), and cutting it to fit."""

from __future__ import annotations

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
