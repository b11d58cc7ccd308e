"""Counsellors' notes: encrypted at rest, gone with the family or the retention period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage import cases, families, notes, retention
from storage.db import Database
from tests.support.records import family_with_case


async def _case(database: Database, family_id: int = 9) -> int:
    async with database.transaction() as tx:
        case_id = await family_with_case(tx, family_id)
        await notes.add(tx, case_id=case_id, author_id=5, author_name="Anna", text="Mutter: Olena")
    return case_id


async def test_notes_are_kept_encrypted_in_order(database: Database) -> None:
    case_id = await _case(database)
    async with database.transaction() as tx:
        await notes.add(tx, case_id=case_id, author_id=6, author_name="Ben", text="Rückruf Mo")
        kept = await notes.of_case(tx, case_id)
        raw = (await tx.execute(text("SELECT body FROM case_notes"))).scalars().all()
    assert [(n.author_name, n.text) for n in kept] == [
        ("Anna", "Mutter: Olena"),
        ("Ben", "Rückruf Mo"),
    ]
    assert all("Olena" not in value and "Anna" not in value for value in raw)


async def test_notes_go_with_the_family_and_with_retention(database: Database) -> None:
    erased = await _case(database, family_id=9)
    kept = await _case(database, family_id=10)
    async with database.transaction() as tx:
        await families.erase(tx, 9)
        assert await notes.of_case(tx, erased) == []
        await cases.update_fields(
            tx, kept, status="closed", closed_at=datetime.now(UTC) - timedelta(days=400)
        )
    async with database.transaction() as tx:
        await retention.anonymise_closed_before(tx, datetime.now(UTC) - timedelta(days=365))
        assert await notes.of_case(tx, kept) == []
