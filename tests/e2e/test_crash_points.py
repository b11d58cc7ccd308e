"""The real `python -m bot run`, killed with SIGKILL at chosen moments and started again:
afterwards the family's chat and the case topic read exactly as in a run without a kill.

Each kill is placed by an explicit signal, never by timing: the fake Bot API holds or fails
a request (a held request has no effect on "Telegram"), and the test kills the bot when that
request arrives; before a commit, a row lock (PostgreSQL) or a held membership check keeps
the transaction open until the kill. The bot is done when every update was confirmed (it
confirms only what it committed) and its outbox is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.telegram.render import StaffAct
from storage import outbox
from storage.db import Database
from tests.fakeapi import Call, FakeBotAPI, FakeUser
from tests.support.env import ROOT, TEST_KEY
from tests.support.postgres import own_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
STAFF = -1001000000066
PARENT = FakeUser(5150, "Amal", language_code="ar")
ANNA = FakeUser(9301, "Anna", language_code="de")
LEASE = "2"  # seconds; a reply leased by a killed process is sent by the next one after this


@dataclass
class Target:
    url: str  # DATABASE_URL for the bot
    db: Database  # the test's own view of it


@asynccontextmanager
async def target(kind: str, tmp: Path) -> AsyncIterator[Target]:
    async with contextlib.AsyncExitStack() as stack:
        if kind == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp / 'bot.sqlite3'}"
        else:
            url = await stack.enter_async_context(own_database())
        db = Database(url)
        stack.push_async_callback(db.close)
        await db.migrate()
        yield Target(url, db)


class BotProcess:
    def __init__(self, fake: FakeBotAPI, where: Target, workdir: Path) -> None:
        self.fake, self.where, self.workdir = fake, where, workdir
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        mark = self.fake.mark()
        self.process = self._spawn()
        await self.fake.wait_for("getUpdates", since=mark, timeout=60)

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = {
            **{k: v for k, v in os.environ.items() if k != "WEBHOOK_URL"},
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": self.fake.token,
            "TELEGRAM_API_BASE": self.fake.base_url,
            "DATABASE_URL": self.where.url,
            "COUNSELLOR_CHAT_ID": str(STAFF),
            "DATA_KEY": TEST_KEY,
            "OUTBOX_POLL_SECONDS": "0.1",
            "REPLY_LEASE_SECONDS": LEASE,
            # 20/min for the group, scaled like the fake's limit below.
            "SEND_INTERVAL_GROUP": "0.1",
        }
        self.workdir.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        _out, err = self.process.communicate(timeout=30)
        assert self.process.returncode == 0, err.decode()[-3000:]


async def done(fake: FakeBotAPI, where: Target, within: float = 60.0) -> None:
    """Every update confirmed (so committed) and nothing left in the outbox."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        async with where.db.transaction() as tx:
            pending = await outbox.pending_count(tx)
        if not fake.state.updates.pending and pending == 0:
            return
        if loop.time() > deadline:
            raise AssertionError(
                f"not done: {len(fake.state.updates.pending)} updates, {pending} outbox rows"
                f"\n  {fake.describe_recent()}"
            )
        await asyncio.sleep(0.05)  # asking again: both are explicit states, not quiet


def to_parent(call: Call) -> bool:
    return call.params.get("chat_id") == PARENT.id


def transcript(fake: FakeBotAPI) -> tuple[list[str], list[str]]:
    family = [m.get("text") or m.get("caption") or "" for m in fake.messages_to(PARENT.id)]
    topics = [c for c in fake.calls_to("createForumTopic") if c.ok]
    staff = [
        m.get("text") or ""
        for topic in topics
        for m in fake.messages_to(STAFF, topic.result["message_thread_id"])
    ]
    return family, staff


Step = Callable[[FakeBotAPI], Awaitable[None]]


async def scenario(fake: FakeBotAPI, bot: BotProcess, where: Target, kill_at: str | None) -> None:
    """Ask for a person, consent; a counsellor claims the case and writes. `kill_at` names the
    moment the first process dies; a second one finishes the work."""

    async def press(user: FakeUser, label: str) -> None:
        fake.push_button(user, label)
        await done(fake, where)

    fake.push_command(PARENT, "/start")
    await done(fake, where)
    await press(PARENT, "العربية")
    await press(PARENT, "🙋")
    mark = fake.mark()
    if kill_at == "after commit, before the reply reached Telegram":
        hold = fake.inject(method="sendMessage", status=500, delay=60, chat_id=PARENT.id, times=1)
        fake.push_button(PARENT, "✅")
        await fake.wait_for("sendMessage", predicate=to_parent, since=mark, timeout=30)
        await restart(bot, fake, hold)
    elif kill_at == "while a reply waits out a 429":
        limited = fake.inject(method="sendMessage", status=429, retry_after=3, chat_id=PARENT.id)
        fake.push_button(PARENT, "✅")
        await fake.wait_for(
            "sendMessage", predicate=lambda c: to_parent(c) and c.status == 429, since=mark
        )
        await restart(bot, fake, limited)
    elif kill_at == "between the topic and its card":
        hold = fake.inject(method="sendMessage", status=500, delay=60, chat_id=STAFF, times=1)
        fake.push_button(PARENT, "✅")
        await fake.wait_for("sendMessage", predicate=lambda c: c.params.get("chat_id") == STAFF)
        assert [c for c in fake.calls_to("createForumTopic") if c.ok]
        await restart(bot, fake, hold)
    elif kill_at == "before the commit (row locked)":
        async with locked_family(where):
            fake.push_button(PARENT, "✅")
            await waiting_for_a_lock(where)
            bot.kill()
        await bot.start()
    else:
        fake.push_button(PARENT, "✅")
    await done(fake, where)

    thread = next(c for c in fake.calls_to("createForumTopic") if c.ok).result["message_thread_id"]
    card = fake.messages_to(STAFF, thread)[0]
    mark = fake.mark()
    if kill_at == "before the commit (membership check held)":
        # The counsellor's press is inside its transaction while Telegram is asked whether
        # she is a member: the answer never comes back to this process.
        hold = fake.inject(method="getChatMember", delay=60, times=1)
        fake.push_callback(ANNA, card, StaffAct(v="claim.1").pack(), chat=STAFF)
        await fake.wait_for("getChatMember", since=mark)
        await restart(bot, fake, hold)
    elif kill_at == "while a staff message is retried after a 5xx":
        failing = fake.inject(method="sendMessage", status=502, chat_id=PARENT.id)
        fake.push_callback(ANNA, card, StaffAct(v="claim.1").pack(), chat=STAFF)
        await fake.wait_for(
            "sendMessage", predicate=lambda c: to_parent(c) and c.status == 502, since=mark
        )
        await restart(bot, fake, failing)
    else:
        fake.push_callback(ANNA, card, StaffAct(v="claim.1").pack(), chat=STAFF)
    await done(fake, where)
    fake.push_text(ANNA, "Guten Tag, wir rufen morgen an.", chat=STAFF, thread_id=thread)
    await done(fake, where)


async def restart(bot: BotProcess, fake: FakeBotAPI, fault: Any) -> None:
    bot.kill()
    fake.faults.remove(fault)
    await bot.start()


@asynccontextmanager
async def locked_family(where: Target) -> AsyncIterator[None]:
    engine = create_async_engine(where.url)
    try:
        async with engine.connect() as connection, connection.begin():
            await connection.execute(
                text("SELECT 1 FROM families WHERE user_id = :id FOR UPDATE"), {"id": PARENT.id}
            )
            yield
    finally:
        await engine.dispose()


async def waiting_for_a_lock(where: Target, within: float = 30.0) -> None:
    """The bot's transaction is blocked on our row lock: PostgreSQL says so."""
    engine = create_async_engine(where.url)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    try:
        while loop.time() < deadline:
            async with engine.connect() as connection:
                waiting = (
                    await connection.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            " AND datname = current_database()"
                        )
                    )
                ).scalar_one()
            if waiting:
                return
            await asyncio.sleep(0.05)  # polling PostgreSQL's own report, not waiting for quiet
    finally:
        await engine.dispose()
    raise AssertionError("the bot never waited for the row lock")


KILLS = [
    "before the commit (membership check held)",
    "after commit, before the reply reached Telegram",
    "while a reply waits out a 429",
    "while a staff message is retried after a 5xx",
    "between the topic and its card",
]
_BASELINES: dict[str, tuple[list[str], list[str]]] = {}


async def run(kind: str, tmp: Path, kill_at: str | None) -> tuple[list[str], list[str]]:
    async with FakeBotAPI() as fake, target(kind, tmp) as where:
        fake.add_forum_chat(STAFF, "KI")
        fake.add_member(STAFF, ANNA, "member")
        bot = BotProcess(fake, where, tmp / "work")
        await bot.start()
        try:
            await scenario(fake, bot, where, kill_at)
        finally:
            bot.stop()
        fake.assert_no_violations()
        return transcript(fake)


# A row lock the test can watch exists on PostgreSQL only (SQLite locks the whole file);
# on SQLite the held membership check is the kill before a commit.
POINTS = [
    *[("sqlite", kill) for kill in KILLS],
    *[pytest.param("postgres", kill, marks=pytest.mark.postgres) for kill in KILLS],
    pytest.param("postgres", "before the commit (row locked)", marks=pytest.mark.postgres),
]


@pytest.mark.parametrize(("kind", "kill_at"), POINTS)
async def test_a_kill_changes_nothing_the_family_or_the_team_sees(
    kind: str, kill_at: str, tmp_path: Path
) -> None:
    if kind not in _BASELINES:
        _BASELINES[kind] = await run(kind, tmp_path / "baseline", None)
    family, staff = await run(kind, tmp_path / "killed", kill_at)
    expected_family, expected_staff = _BASELINES[kind]
    assert family == expected_family
    assert staff == expected_staff


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_twenty_parents_one_kill_twenty_cases(kind: str, tmp_path: Path) -> None:
    """Updates are confirmed to Telegram only once committed: a kill in the middle of a
    batch makes Telegram send the batch again, and no parent is left without a case."""
    parents = [FakeUser(6100 + i, f"P{i}", language_code="de") for i in range(20)]
    async with FakeBotAPI() as fake, target(kind, tmp_path) as where:
        fake.add_forum_chat(STAFF, "KI")
        bot = BotProcess(fake, where, tmp_path / "work")
        await bot.start()
        try:
            for parent in parents:
                fake.push_command(parent, "/start")
            await done(fake, where)
            for label in ("Deutsch", "🙋"):
                for parent in parents:
                    fake.push_button(parent, label)
                await done(fake, where)
            # Every parent consents at once; the bot dies when the tenth answer goes out.
            mark = fake.mark()
            for parent in parents:
                fake.push_button(parent, "✅")
            await fake.wait_for(
                "sendMessage",
                predicate=lambda c: "Beratungsteam informiert" in str(c.params.get("text")),
                count=10,
                since=mark,
                timeout=60,
            )
            bot.kill()
            await bot.start()
            await done(fake, where)
        finally:
            bot.stop()
        async with where.db.transaction() as tx:
            opened = await count_cases(tx)
        topics = [c for c in fake.calls_to("createForumTopic") if c.ok]
        assert opened == len(topics) == 20
        told = {
            c.params["chat_id"]
            for c in fake.calls_to("sendMessage")
            if c.ok and "Beratungsteam informiert" in str(c.params.get("text"))
        }
        assert told == {p.id for p in parents}


async def count_cases(tx: Any) -> int:
    from storage import cases

    return await cases.count(tx)
