"""Delivery under Telegram's faults and limits: once, in order, within the limits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.outbox.items import STAFF_CHAT
from bot.outbox.limits import ChatLimits
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage, utcnow
from tests.fakeapi import FakeBotAPI, FakeUser, RateLimits
from tests.support.limits import NoLimits

FORUM = -1009000000002
# Every test here lets real time pass: backoffs, retry_after, Telegram's per-second and
# per-minute windows.
pytestmark = pytest.mark.slow


async def drain(db: Database, worker: OutboxWorker, within: float = 60.0) -> None:
    """Deliver until nothing is pending, waiting out each backoff the worker set."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        await worker.deliver_due()
        async with db.transaction() as session:
            next_due = await session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(
                    OutboxMessage.delivered_at.is_(None)
                )
            )
        if next_due is None:
            return
        assert loop.time() < deadline, "outbox did not drain"
        # Nothing more is due before then: the backoff itself is what must pass.
        wait = (next_due.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()
        await asyncio.sleep(max(wait, 0.0))


async def queue_messages(db: Database, chats: list[int], per_chat: int) -> dict[int, list[str]]:
    expected: dict[int, list[str]] = {chat: [] for chat in chats}
    async with db.transaction() as session:
        # Interleaved like real traffic: chat A 1, chat B 1, …, chat A 2, …
        for n in range(per_chat):
            for chat in chats:
                text = f"{chat}:{n}"
                await outbox.enqueue(
                    session, chat_id=chat, kind="message", payload={"text": text}, due=utcnow()
                )
                expected[chat].append(text)
    return expected


async def test_faults_for_a_while_everything_arrives_once_and_in_order(db: Database) -> None:
    parents = [FakeUser(800 + i, f"P{i}") for i in range(4)]
    async with FakeBotAPI() as fake:
        for parent in parents:
            fake.state.remember_user(parent)
        expected = await queue_messages(db, [p.id for p in parents], per_chat=8)
        fake.inject(method="sendMessage", status=429, retry_after=1, times=4)
        fake.inject(method="sendMessage", status=500, times=4)
        fake.inject(method="sendMessage", status=502, times=3, delay=0.3)  # slow failures
        fake.inject(method="sendMessage", drop=True, times=3)  # connection dropped, no answer
        worker = OutboxWorker(
            db,
            TelegramSender(fake.create_bot()),
            staff_chat_id=FORUM,
            limits=NoLimits(),
            max_backoff=0.3,
        )  # type: ignore[arg-type]
        await drain(db, worker)
        for parent in parents:
            got = [m["text"] for m in fake.messages_to(parent.id)]
            assert got == expected[parent.id]  # each exactly once, in the order written
        assert all(f.exhausted for f in fake.faults), "every injected fault was hit"
        fake.assert_no_violations()


async def test_a_limit_enforcing_telegram_sees_no_429_in_a_burst_of_200(db: Database) -> None:
    parents = [FakeUser(900 + i, f"P{i}") for i in range(40)]
    async with FakeBotAPI(enforce_rate_limits=True) as fake:
        for parent in parents:
            fake.state.remember_user(parent)
        expected = await queue_messages(db, [p.id for p in parents], per_chat=5)
        worker = OutboxWorker(db, TelegramSender(fake.create_bot()), staff_chat_id=FORUM)
        await drain(db, worker, within=120)
        assert fake.rate_limited == 0
        delivered = sum(len(fake.messages_to(p.id)) for p in parents)
        assert delivered == 200
        for parent in parents:
            assert [m["text"] for m in fake.messages_to(parent.id)] == expected[parent.id]


async def test_group_pacing_holds_telegrams_per_minute_window(db: Database) -> None:
    """Telegram allows 20 messages a minute in a group; scaled 10× here to keep the test short
    (the fake enforces 200/min, we pace at the same ratio as in production)."""
    async with FakeBotAPI(
        enforce_rate_limits=True, rate_limits=RateLimits(group_per_minute=200)
    ) as fake:
        fake.add_forum_chat(FORUM, "KI")
        async with db.transaction() as session:
            for n in range(25):
                await outbox.enqueue(
                    session,
                    chat_id=STAFF_CHAT,
                    kind="message",
                    payload={"text": f"m{n}"},
                    due=utcnow(),
                )
        limits = ChatLimits(per_group=(1, 0.32))  # production: (1, 3.2) for 20/min
        worker = OutboxWorker(
            db, TelegramSender(fake.create_bot()), staff_chat_id=FORUM, limits=limits
        )
        await drain(db, worker)
        assert fake.rate_limited == 0
        assert [m["text"] for m in fake.messages_to(FORUM)] == [f"m{n}" for n in range(25)]
