"""Putting an item into the outbox, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from bot.outbox import items
from storage import Tx, outbox


async def put(
    tx: Tx,
    item: items.OutboxItem,
    *,
    chat_id: int,
    due: datetime,
    case_id: int | None = None,
) -> None:
    """`due` is now (the app's clock) for a message to send at once, later for a scheduled
    one."""
    kind, payload = items.encode(item)
    await outbox.enqueue(tx, chat_id=chat_id, kind=kind, payload=payload, case_id=case_id, due=due)


async def put_topic_deletion(
    tx: Tx, case_id: int, topic: tuple[int, int], *, due: datetime
) -> None:
    """Delete a case's topic in the group it lives in (`topic` is (staff chat, topic id); chat
    0 means the current staff group). Queued in the deletions' own line, not the staff
    group's, and without the case's id: the row outlives the case (an erasure) and, waiting
    for a right the bot lacks, holds back no other message."""
    chat_id, topic_id = topic
    item = items.DeleteTopic(topic_id, chat_id=chat_id, case_id=case_id)
    await put(tx, item, chat_id=items.TOPIC_DELETIONS, due=due)
