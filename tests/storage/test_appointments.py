"""Appointments in storage: written whole, found by key and by due reminder, encrypted where
personal, gone with the family, stripped of details by the retention period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from storage import appointments, cases, families, retention
from storage.db import Database
from storage.models import utcnow
from tests.support.records import family_with_case

START = datetime(2026, 12, 3, 9, tzinfo=UTC)


async def _booked(database: Database, family_id: int = 9, key: str = "k1") -> int:
    async with database.transaction() as tx:
        case_id = await family_with_case(tx, family_id)
        await appointments.save(
            tx,
            key=key,
            case_id=case_id,
            status="booked",
            details={"slots": [{"at": START.isoformat(), "place": "Rathaus Dülmen"}]},
            interpreter=True,
            chosen=0,
            starts_at=START,
            cancelled_by=None,
            reminded_day=False,
            reminded_hours=False,
            remind_at=START - timedelta(hours=24),
            now=utcnow(),
        )
    return case_id


async def test_due_reminders_with_their_family_and_encrypted_details(database: Database) -> None:
    case_id = await _booked(database)
    async with database.transaction() as tx:
        assert await appointments.due_for_reminder(tx, START - timedelta(hours=25)) == []
        (due,) = await appointments.due_for_reminder(tx, START - timedelta(hours=23))
        raw = (await tx.execute(text("SELECT details FROM appointments"))).scalars().all()
        latest = await appointments.latest_of_case(tx, case_id)
    assert due.key == "k1" and due.family_id == 9 and due.interpreter and due.starts_at == START
    assert due.details is not None and due.details["slots"][0]["place"] == "Rathaus Dülmen"
    assert latest == due.__class__(**{**due.__dict__, "family_id": None})
    assert all("Dülmen" not in value for value in raw)


async def test_gone_with_the_family_and_stripped_by_retention(database: Database) -> None:
    await _booked(database, family_id=9, key="erased")
    kept = await _booked(database, family_id=10, key="kept")
    async with database.transaction() as tx:
        await families.erase(tx, 9)
        assert await appointments.by_key(tx, "erased") is None
        keys = (await tx.execute(text("SELECT key FROM appointments"))).scalars().all()
        assert keys == ["kept"]  # the row itself is gone, not only its case
        await cases.update_fields(
            tx, kept, status="closed", closed_at=datetime.now(UTC) - timedelta(days=400)
        )
    async with database.transaction() as tx:
        await retention.anonymise_closed_before(tx, datetime.now(UTC) - timedelta(days=365))
        record = await appointments.by_key(tx, "kept")
    assert record is not None and record.details is None and record.remind_at is None
    assert record.status == "booked" and record.starts_at == START  # the report still counts it


async def _save(tx: Any, key: str, case_id: int, status: str, at: datetime | None) -> None:
    await appointments.save(
        tx,
        key=key,
        case_id=case_id,
        status=status,
        details={"slots": []},
        interpreter=False,
        chosen=0 if at else None,
        starts_at=at,
        cancelled_by=None,
        reminded_day=False,
        reminded_hours=False,
        remind_at=None,
        now=utcnow(),
    )
