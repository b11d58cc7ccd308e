"""A real process killed with SIGKILL after it committed a case but before delivery:
the next process delivers what was queued, once."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakeapi import FakeBotAPI, FakeUser
from tests.support.processes import bot_env, wait_outbox_drained

STAFF = -1001000000077


def database_url(db_path: Path) -> str:
    return f"sqlite+aiosqlite:///{db_path}"


def start_bot(fake: FakeBotAPI, db_path: Path) -> subprocess.Popen[bytes]:
    env = bot_env(
        BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE=fake.base_url,
        DATABASE_URL=database_url(db_path),
        COUNSELLOR_CHAT_ID=str(STAFF),
        OUTBOX_POLL_SECONDS="0.1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=db_path.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
async def test_sigkill_between_commit_and_delivery_loses_nothing_and_sends_once(
    tmp_path: Path,
) -> None:
    parent = FakeUser(4242, "Amal", language_code="ar")
    async with FakeBotAPI() as fake:
        fake.add_forum_chat(STAFF, "KI")
        # Telegram is down for the staff group: the case commits, its delivery cannot happen.
        outage = fake.inject(method="createForumTopic", status=500, times=None)
        first = start_bot(fake, tmp_path / "bot.sqlite3")
        try:
            await fake.wait_for("getUpdates", timeout=60)
            fake.push_command(parent, "/start")
            await fake.wait_for("sendMessage", count=2, timeout=30)
            fake.push_button(parent, "العربية")
            fake.push_button(parent, "🙋")
            # The consent question is shown (a new message, or the pressed menu edited).
            await fake.wait_for(
                None,
                predicate=lambda c: (
                    c.method in {"sendMessage", "editMessageText"}
                    and "🔒" in str(c.params.get("text"))
                ),
                timeout=30,
            )
            mark = fake.mark()
            fake.push_button(parent, "✅")
            # The parent is told the team was informed: the case and its outbox rows committed.
            await fake.wait_for(
                "sendMessage",
                predicate=lambda c: c.params.get("chat_id") == parent.id,
                since=mark,
                timeout=30,
            )
            await fake.wait_for("createForumTopic", timeout=30)  # a failed attempt, no effect
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert fake.messages_to(STAFF) == []

        fake.faults.remove(outage)
        second = start_bot(fake, tmp_path / "bot.sqlite3")
        try:
            # Everything queued is delivered; the process then ends, so whatever it sent is
            # in the fake's record when the counts below are taken: a duplicate cannot hide.
            # A row the killed process had leased waits out its lease (worker.LEASE, 45 s).
            await wait_outbox_drained(database_url(tmp_path / "bot.sqlite3"), within=90)
        finally:
            second.send_signal(signal.SIGTERM)
            _out, err = second.communicate(timeout=30)
        created = [c for c in fake.calls_to("createForumTopic") if c.ok]
        assert len(created) == 1
        thread = created[0].result["message_thread_id"]
        cards = [m for m in fake.messages_to(STAFF, thread) if "Fall #1" in (m.get("text") or "")]
        assert len(cards) == 1
        assert second.returncode == 0, err.decode()[-2000:]
        fake.assert_no_violations()
