"""Processed update ids: claimed once, forgotten after a while."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update as sql_update

from storage import ledger
from storage.db import Database
from storage.models import ProcessedUpdate, utcnow


async def test_an_update_id_is_claimed_once_and_old_ids_are_forgotten(database: Database) -> None:
    async with database.transaction() as tx:
        assert await ledger.claim_update(tx, 1)
        assert await ledger.claim_update(tx, 2)
        assert not await ledger.claim_update(tx, 2)
        await tx.execute(
            sql_update(ProcessedUpdate)
            .where(ProcessedUpdate.update_id == 1)
            .values(at=utcnow() - timedelta(days=9))
        )
    async with database.transaction() as tx:
        assert await ledger.prune_updates(tx, older_than=timedelta(days=2)) == 1
        # After a week of silence Telegram may start again at any id, even an old one.
        assert await ledger.claim_update(tx, 1)
