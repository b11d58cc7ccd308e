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
