"""A family's waiting messages for its case's topic, sent as one.

The staff group takes about 20 messages a minute for every case together; a family that
sends ten short texts while the group is busy would spend ten of them. Consecutive plain texts
for the same topic are joined (in their order, up to Telegram's length limit) into one
message; anything else (a card, a file, a message with buttons) ends the bundle.
"""

from __future__ import annotations

from bot.outbox import items
from dialogs.text import TEXT_LIMIT, utf16_len

SEPARATOR = "\n\n"
MAX_ROWS = 20


def bundleable(item: items.OutboxItem) -> bool:
    return (
        isinstance(item, items.TextMessage)
        and item.in_topic
        and item.audience == "staff"
        and not item.card
        and not item.buttons
        and item.thread_id is None
    )


def join(
    first: items.TextMessage, followers: list[items.OutboxItem]
) -> tuple[items.TextMessage, int]:
    """The bundle and how many followers it took (those that fit, from the first on)."""
    text, taken = first.text, 0
    for item in followers:
        if not bundleable(item):
            break
        assert isinstance(item, items.TextMessage)
        longer = text + SEPARATOR + item.text
        if utf16_len(longer) > TEXT_LIMIT:
            break
        text, taken = longer, taken + 1
    return items.TextMessage(text, (), "staff", True), taken
