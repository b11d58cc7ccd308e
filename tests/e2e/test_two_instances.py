"""Two bot processes (webhook mode) on one PostgreSQL database, behind one "load balancer".

Proves what scale-out needs: each update handled once, claims decided by a row lock, every
outbox message sent once and in order, one send budget shared by both (a limit-enforcing
Telegram answers no 429).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.telegram.render import StaffAct
from tests.fakeapi import FakeBotAPI, FakeUser, RateLimits
from tests.support.processes import bot_env, free_port, wait_healthy, wait_outbox_drained
from tests.support.telegram_harness import push_parent_action

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
STAFF = -1001000000099
SECRET = "two-instances-secret"
ANNA = FakeUser(9101, "Anna")
BERND = FakeUser(9102, "Bernd")


def start_instance(
    fake: FakeBotAPI, database_url: str, port: int, health_port: int, workdir: Path
) -> subprocess.Popen[bytes]:
    env = bot_env(
        BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE=fake.base_url,
        DATABASE_URL=database_url,
        COUNSELLOR_CHAT_ID=str(STAFF),
        WEBHOOK_URL="https://bot.example.org/telegram",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        OUTBOX_POLL_SECONDS="0.1",
        WEBHOOK_HEALTH_PORT=str(health_port),
        # Telegram's 20/min for the group, scaled 10x together with the fake below.
        SEND_INTERVAL_GROUP="0.32",
    )
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
async def two_instances(
    tmp_path: Path, scratch_database: str
) -> AsyncIterator[tuple[FakeBotAPI, list[str]]]:
    async with FakeBotAPI(
        enforce_rate_limits=True, rate_limits=RateLimits(group_per_minute=200)
    ) as fake:
        fake.add_forum_chat(STAFF, "KI")
        fake.add_member(STAFF, ANNA, "member")
        fake.add_member(STAFF, BERND, "member")
        ports = [free_port(), free_port()]
        health_ports = [free_port(), free_port()]
        # The first instance migrates the database; the second starts once it is ready.
        first = start_instance(fake, scratch_database, ports[0], health_ports[0], tmp_path / "a")
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        health = [f"http://127.0.0.1:{p}" for p in health_ports]
        await wait_healthy(health[0], first)
        second = start_instance(fake, scratch_database, ports[1], health_ports[1], tmp_path / "b")
        await wait_healthy(health[1], second)
        try:
            yield fake, urls
        finally:
            for process in (first, second):
                process.send_signal(signal.SIGTERM)
            for process in (first, second):
                _out, err = process.communicate(timeout=30)
                assert process.returncode == 0, err.decode()[-3000:]
        fake.assert_no_violations()


async def post(http: aiohttp.ClientSession, url: str, update: dict[str, Any]) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with http.post(f"{url}/telegram", json=update, headers=headers) as response:
        assert response.status == 200, await response.text()


async def test_two_instances_share_the_work_without_doing_anything_twice(
    two_instances: Any, scratch_database: str
) -> None:
    fake, urls = two_instances
    database_url = scratch_database  # the one both instances use
    parents = [FakeUser(7000 + i, f"P{i}", language_code="de") for i in range(12)]
    async with aiohttp.ClientSession() as http:
        turn = 0

        async def send(update: dict[str, Any]) -> None:
            nonlocal turn
            await post(http, urls[turn % 2], update)  # round robin, like a load balancer
            turn += 1

        for parent in parents:
            await send(fake.push_command(parent, "/start"))
        # The same update reaching both instances at once (a retry racing the original).
        duplicate = fake.push_command(parents[0], "/help")
        await asyncio.gather(post(http, urls[0], duplicate), post(http, urls[1], duplicate))
        for action in ("lang.de", "talk", "ok.yes"):
            for parent in parents:
                await send(push_parent_action(fake, parent, action))

        # Each post returned after its update was handled: once the outbox is empty, every
        # topic, card and pin has been sent.
        await wait_outbox_drained(database_url)
        topics = [c for c in fake.calls_to("createForumTopic") if c.ok]
        assert len(topics) == len(parents)  # one topic per case, none twice
        help_answers = [
            m
            for m in fake.messages_to(parents[0].id)
            if (m.get("text") or "").startswith("So können")
        ]
        assert len(help_answers) == 1  # the duplicate was handled once

        # Two counsellors press "claim" on case 1 at the same moment, on different instances.
        thread = topics[0].result["message_thread_id"]
        card = fake.messages_to(STAFF, thread)[0]
        data = StaffAct(v="claim.1").pack()
        await asyncio.gather(
            post(http, urls[0], fake.push_callback(ANNA, card, data, chat=STAFF)),
            post(http, urls[1], fake.push_callback(BERND, card, data, chat=STAFF)),
        )
        toasts = [c.params.get("text", "") for c in fake.calls_to("answerCallbackQuery")[-2:]]
        assert sorted(t.startswith("Fall #1 gehört jetzt Ihnen") for t in toasts) == [False, True]
        assert any(t.startswith("Diesen Fall hat schon") for t in toasts)
        # Case 1 is the first parent's (their consent was the first to commit).
        assert "#1 · de" in topics[0].params["name"]

        def told() -> list[dict[str, Any]]:
            return [
                m
                for m in fake.messages_to(parents[0].id)
                if "antwortet Ihnen jetzt" in (m.get("text") or "")
            ]

        # Both presses were handled before their posts returned; with the outbox empty, a
        # second notice (had the lock failed) would have been sent by now.
        await wait_outbox_drained(database_url)
        assert len(told()) == 1  # the family hears once, although two counsellors pressed

    # Parents 2…12 did exactly the same, half of it on each instance: their chats must read
    # the same, message for message — a lost or doubled message would show up here.
    transcripts = [[m.get("text") for m in fake.messages_to(p.id)] for p in parents[1:]]
    assert all(t == transcripts[0] for t in transcripts)
    # Greeting, menu (the picker's place), the consent (the menu's place), the request's
    # confirmation, …: navigation edits the pressed message instead of adding one.
    assert len(transcripts[0]) >= 4
    limited = [(c.method, c.params.get("chat_id")) for c in fake.calls if c.status == 429]
    assert fake.rate_limited == 0, limited  # one budget for both instances
