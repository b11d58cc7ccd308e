"""Families on SQLite and PostgreSQL: round trips, upserts, erasure of every trace."""

from __future__ import annotations

from sqlalchemy import text

from storage import cases, families, outbox
from storage.db import Database
from storage.models import AuditEntry, utcnow
from storage.records import CaseTopics
from tests.support.samples import CHILD


async def test_state_round_trip_and_update_in_place(database: Database) -> None:
    async with database.transaction() as tx:
        assert await families.load(tx, 42) is None
        await families.save(
            tx,
            user_id=42,
            chat_id=42,
            locale="ar",
            state={"screen": "menu", "name": "أمل"},
            now=utcnow(),
        )
    async with database.transaction() as tx:
        family = await families.load(tx, 42, lock=True)
        assert family is not None
        assert (family.locale, family.state) == ("ar", {"screen": "menu", "name": "أمل"})
        await families.save(
            tx, user_id=42, chat_id=42, locale="uk", state={"screen": "info"}, now=utcnow()
        )
        # What was just written is what a second read in the same transaction sees.
        again = await families.load(tx, 42)
        assert again is not None and again.state == {"screen": "info"}
        assert await families.locale_of(tx, 42) == "uk"


async def test_erasure_removes_every_trace(database: Database) -> None:
    async with database.transaction() as tx:
        await families.save(tx, user_id=11, chat_id=11, locale="de", state={"n": "A"}, now=utcnow())
        await families.save(tx, user_id=12, chat_id=12, locale="de", state={"n": "B"}, now=utcnow())
        case = await cases.create(
            tx,
            family_id=11,
            locale="de",
            municipality=None,
            age=None,
            children=[CHILD],
            now=utcnow(),
        )
        await outbox.enqueue(
            tx, chat_id=0, case_id=case.id, kind="message", payload={"t": 1}, due=utcnow()
        )
        await outbox.enqueue(tx, chat_id=11, kind="message", payload={"t": 2}, due=utcnow())
        await outbox.enqueue(tx, chat_id=12, kind="message", payload={"t": 3}, due=utcnow())
    async with database.transaction() as tx:
        erased = await families.erase(tx, 11)
    assert erased.cases == [CaseTopics(case.id, ())]
    assert erased.outbox_rows == 2
    async with database.transaction() as tx:
        assert await families.load(tx, 11) is None
        assert await cases.by_id(tx, case.id) is None
        assert await families.load(tx, 12) is not None  # the neighbour is untouched
        assert await outbox.pending_count(tx) == 1
        audit = (await tx.execute(text("select action, detail from audit_log"))).all()
    assert [tuple(row) for row in audit] == [("family_erased", None)]
    assert AuditEntry.__table__.c.keys() == ["id", "at", "actor_id", "action", "case_id", "detail"]
