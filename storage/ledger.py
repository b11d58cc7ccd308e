"""Telegram update ids already handled: each is recorded in its update's own transaction, so an
update is handled again after a crash before the commit and never after one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from storage.db import Tx
from storage.dialect import insert_for
from storage.models import ProcessedUpdate, utcnow


async def claim_update(tx: Tx, update_id: int) -> bool:
    """True the first time an update id is seen; the row commits with the update's effects."""
    statement = (
        insert_for(tx, ProcessedUpdate)
        .values(update_id=update_id, at=utcnow())
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(ProcessedUpdate.update_id)
    )
    return (await tx.execute(statement)).first() is not None


async def prune_updates(tx: Tx, *, older_than: timedelta) -> int:
    """Forget old ids: Telegram restarts update ids at a random value after a week of silence,
    so an old id must not block a new update."""
    result = await tx.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.at < utcnow() - older_than)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
