"""Typed commands, the same in every channel: `/start@Bot ref-ab` → ("start", "ref-ab")."""

from __future__ import annotations


def command_of(text: str) -> tuple[str, str] | None:
    """('start', 'ref-ab') for '/start@SchullotseBot ref-ab'; None for plain text."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _sep, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or not name.replace("_", "").isalnum():
        return None
    return name, args.strip()
