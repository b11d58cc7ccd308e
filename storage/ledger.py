"""Telegram update ids already handled: each is recorded in its update's own transaction, so an
update is handled again after a crash before the commit and never after one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete

from storage.db import Tx
from storage.dialect import built, insert_for_dialect, run
from storage.models import ProcessedUpdate, utcnow


def _claim(dialect: str) -> Any:
    table = ProcessedUpdate.__table__
    return (
        insert_for_dialect(dialect, table)
        .values(update_id=bindparam("update_id"), at=bindparam("at", type_=table.c.at.type))
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(table.c.update_id)
    )


async def claim_update(tx: Tx, update_id: int) -> bool:
    """True the first time an update id is seen; the row commits with the update's effects."""
    claim = built(tx, "ledger.claim", _claim)
    params = {"update_id": update_id, "at": utcnow()}
    return (await run(tx, claim, params)).first() is not None


async def prune_updates(tx: Tx, *, older_than: timedelta) -> int:
    """Forget old ids: Telegram restarts update ids at a random value after a week of silence,
    so an old id must not block a new update."""
    result = await tx.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.at < utcnow() - older_than)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
