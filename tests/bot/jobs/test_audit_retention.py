"""The audit log has a retention period too (AUDIT_KEEP_MONTHS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.jobs.housekeeping import Housekeeping
from storage import audit
from storage.db import Database
from storage.models import AuditEntry
from tests.support.apps import app_on

NOW = datetime(2027, 12, 1, 10, 0, tzinfo=UTC)


async def test_audit_entries_older_than_the_period_are_deleted(database: Database) -> None:
    async with database.transaction() as tx:
        await audit.record(tx, action="old", actor_id=7, case_id=1)
        await audit.record(tx, action="recent", actor_id=7, case_id=2)
    async with database.transaction() as tx:
        await tx.execute(
            update(AuditEntry)
            .where(AuditEntry.action == "old")
            .values(at=NOW - timedelta(days=2 * 366))
        )
        await tx.execute(
            update(AuditEntry)
            .where(AuditEntry.action == "recent")
            .values(at=NOW - timedelta(days=300))
        )
    report = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert report.audit_entries_deleted == 1
    async with database.transaction() as tx:
        left = list((await tx.execute(select(AuditEntry.action))).scalars())
    assert left == ["recent"]
