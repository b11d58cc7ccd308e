"""What any audience's core answers with: replies as channel-neutral values.

One model for parents, counsellors and volunteers: a `Reply` is a text (translated per reader,
or `Raw` German for staff) with rows of `Button`s; each channel renders it its own way
(`bot/telegram/render.py`, `bot/console/render.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.text import Renderable


@dataclass(frozen=True, slots=True)
class Button:
    """A choice; `action` is a short ASCII string the core parses back (≤ 60 bytes)."""

    label: Renderable
    action: str


Rows = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Reply:
    text: Renderable
    buttons: Rows = ()
    # Replace the message whose button was pressed instead of sending a new one: keeps the
    # chat short when a parent toggles options or pages through cards.
    replace: bool = False
    # A message to pass on (the channel's handle: chat id, message id), with `text` as its
    # caption when the kind of message has one: a counsellor's photo for the family.
    copy_of: tuple[int, int] | None = None


def buttons_in_rows(buttons: list[Button], per_row: int) -> Rows:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
