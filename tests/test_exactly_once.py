"""Exactly-once updates, outbox leases and the shared send budget, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Update
from sqlalchemy import update as sql_update

from bot.telegram.middlewares import UnitOfWork
from storage import repo, scale
from storage.db import Database
from storage.models import OutboxMessage, ProcessedUpdate, utcnow
from tests.fakeapi import FakeUser
from tests.telegram_harness import running_bot
from tests.test_reminders import app_on


class Boom(Exception):
    pass


def an_update(update_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "A"},
                "text": "hi",
            },
        }
    )


async def test_an_update_is_handled_again_after_a_crash_before_commit_never_after(
    database: Database,
) -> None:
    uow = UnitOfWork(app_on(database))
    handled: list[int] = []

    async def crashing(event: Any, data: dict[str, Any]) -> None:
        await repo.audit(data["session"], action="half-done")
        raise Boom  # the process "dies" before the commit

    async def working(event: Any, data: dict[str, Any]) -> None:
        handled.append(event.update_id)

    with pytest.raises(Boom):
        await uow(crashing, an_update(7), {"bot": None})
    await uow(working, an_update(7), {"bot": None})  # handled again: nothing had committed
    await uow(working, an_update(7), {"bot": None})  # Telegram sends it once more: skipped
    assert handled == [7]
    async with database.transaction() as session:
        actions = [a for (a,) in (await session.execute(repo.AuditEntry.__table__.select())).all()]
    assert actions == []  # the crashed attempt left nothing behind


async def test_old_update_ids_are_forgotten(database: Database) -> None:
    async with database.transaction() as session:
        assert await scale.claim_update(session, 1)
        assert await scale.claim_update(session, 2)
        assert not await scale.claim_update(session, 2)
        await session.execute(
            sql_update(ProcessedUpdate)
            .where(ProcessedUpdate.update_id == 1)
            .values(at=utcnow() - timedelta(days=9))
        )
    async with database.transaction() as session:
        assert await scale.prune_updates(session, older_than=timedelta(days=2)) == 1
        # After a week of silence Telegram may start again at any id, even an old one.
        assert await scale.claim_update(session, 1)


async def test_two_workers_never_take_the_same_row_or_break_a_chats_order(
    database: Database,
) -> None:
    async with database.transaction() as session:
        for chat in (100, 100, 200, 300):
            await repo.enqueue(session, chat_id=chat, kind="message", payload={"t": chat})
    now = utcnow() + timedelta(seconds=1)
    lease = timedelta(seconds=60)
    if database.is_sqlite:
        # One writer at a time: the second worker runs after the first has committed.
        async with database.transaction() as first:
            a = await scale.lease_due(first, now=now, lease=lease, limit=2)
        async with database.transaction() as second:
            b = await scale.lease_due(second, now=now, lease=lease)
    else:
        # Truly at once: SKIP LOCKED hands the second worker the rows the first did not lock.
        async with database.transaction() as first, database.transaction() as second:
            a = await scale.lease_due(first, now=now, lease=lease, limit=2)
            b = await scale.lease_due(second, now=now, lease=lease)
    taken = [r.id for r in a] + [r.id for r in b]
    assert len(taken) == len(set(taken)) == 3  # the heads of chats 100, 200, 300, once each
    async with database.transaction() as session:
        # While chat 100's head is leased, its second row is not handed out to anyone.
        assert await scale.lease_due(session, now=now, lease=lease) == []
        # A worker that died: its lease runs out and the row is taken again.
        later = now + lease + timedelta(seconds=1)
        again = await scale.lease_due(session, now=later, lease=lease)
        assert sorted(r.id for r in again) == sorted(taken)


@pytest.mark.postgres
async def test_the_send_budget_is_shared_between_instances(postgres_database: Database) -> None:
    database = postgres_database
    interval = 0.2

    async def take(key: str) -> float:
        async with database.transaction() as session:
            return await scale.take_budget(session, key, interval=interval, burst=3)

    results = await asyncio.gather(*(take("chat:1") for _ in range(5)))
    allowed = [r for r in results if r == 0.0]
    assert len(allowed) == 3  # the burst, whoever asks
    assert all(0 < r <= interval * 2 + 0.05 for r in results if r)
    await asyncio.sleep(interval + 0.05)
    assert await take("chat:1") == 0.0  # refilled at the configured rate
    assert await take("chat:2") == 0.0  # another chat has its own budget


async def test_a_duplicate_update_from_telegram_is_answered_once(tmp_path: Path) -> None:
    parent = FakeUser(601, "Rana", language_code="de")
    async with running_bot(tmp_path) as h:
        update = h.fake.push_command(parent, "/help")
        await h.settle()
        answered = len(h.texts_to(parent.id))
        h.fake.push_raw(update)  # the same update_id again (e.g. after a webhook retry)
        await h.settle()
        assert len(h.texts_to(parent.id)) == answered
        async with h.app.db.transaction() as session:
            assert await repo.pending_count(session) == 0
            rows = (await session.execute(OutboxMessage.__table__.select())).all()
        assert rows == []
