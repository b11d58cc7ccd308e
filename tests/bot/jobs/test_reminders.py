"""Reminders about unclaimed cases: office hours only, once per interval, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from bot.jobs.reminders import ReminderJob
from storage import cases, families, outbox
from storage.db import Database
from storage.models import Case, OutboxMessage, utcnow
from tests.support.apps import app_on

WEDNESDAY_11 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # 11:00 in Berlin


async def test_unclaimed_cases_are_reminded_once_within_office_hours(database: Database) -> None:
    async with database.transaction() as session:
        for user_id in (1, 2, 3):
            await families.save(
                session, user_id=user_id, chat_id=user_id, locale="de", state={}, now=utcnow()
            )
            await cases.create(
                session,
                family_id=user_id,
                locale="de",
                municipality=None,
                age=None,
                children=[],
                now=utcnow(),
            )
        old = WEDNESDAY_11 - timedelta(hours=6)
        await session.execute(update(Case).where(Case.id.in_([1, 2])).values(created_at=old))
        await session.execute(
            update(Case).where(Case.id == 2).values(status="claimed", claimed_by=9)
        )
    clock = {"now": WEDNESDAY_11}
    job = ReminderJob(app_on(database, clock=lambda: clock["now"]))
    assert await job.run_once() == [1]  # case 2 is claimed, case 3 is too new
    assert await job.run_once() == []  # not again right away
    clock["now"] = WEDNESDAY_11 + timedelta(hours=4, minutes=1)
    assert await job.run_once() == [1]  # again after the interval, still unclaimed
    clock["now"] = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # Saturday
    assert await job.run_once() == []
    async with database.transaction() as session:
        reminders = [r for r in (await session.execute(OutboxMessage.__table__.select())).all()]
    assert len(reminders) == 2


async def test_two_instances_remind_once(postgres_database: Database) -> None:
    """Two processes' reminder jobs (two engines) fire at the same moment: one reminder."""
    import asyncio

    async with postgres_database.transaction() as session:
        await families.save(session, user_id=1, chat_id=1, locale="de", state={}, now=utcnow())
        await cases.create(
            session,
            family_id=1,
            locale="de",
            municipality=None,
            age=None,
            children=[],
            now=utcnow(),
        )
        await session.execute(update(Case).values(created_at=WEDNESDAY_11 - timedelta(hours=6)))
    other = Database(postgres_database.url, schema=postgres_database.schema)
    try:
        jobs = [
            ReminderJob(app_on(db, clock=lambda: WEDNESDAY_11)) for db in (postgres_database, other)
        ]
        results = await asyncio.gather(*(job.run_once() for job in jobs))
    finally:
        await other.close()
    assert sorted(len(r) for r in results) == [0, 1]
    async with postgres_database.transaction() as session:
        assert await outbox.pending_count(session) == 1
