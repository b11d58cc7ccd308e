"""Replies rendered for one reader: the channel-neutral `Reply` with its texts in the reader's
language, ready for a channel to draw (Telegram markup, numbered console choices) or for the
outbox to keep until it is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialogs.reply import Reply
from dialogs.text import Renderer

# Whose buttons these are: each audience's presses are routed to its own core.
Audience = Literal["parent", "staff", "volunteer"]
ButtonRows = tuple[tuple[tuple[str, str], ...], ...]  # rows of (label, action)


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: ButtonRows = ()
    replace: bool = False
    copy_of: tuple[int, int] | None = None


def render_reply(reply: Reply, renderer: Renderer, locale: str) -> Rendered:
    buttons = tuple(
        tuple(((renderer.render(b.label, locale).strip() or "·"), b.action) for b in row)
        for row in reply.buttons
    )
    return Rendered(
        renderer.render(reply.text, locale).strip(), buttons, reply.replace, reply.copy_of
    )
