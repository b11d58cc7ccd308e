"""Deleting a case's topic (erasure, retention) against the fake Bot API, which checks the
right Telegram checks (deleteForumTopic: can_delete_messages): a refusal closes the topic,
tells the team in General once and is retried until the admins grant the right; it never
holds back the staff group's other messages."""

from __future__ import annotations

from typing import Any

from aiogram import Bot

from bot.outbox import items
from bot.outbox.queue import put, put_topic_deletion
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from storage import outbox
from storage.db import Database
from storage.models import utcnow
from tests.bot.outbox.conftest import FORUM
from tests.fakeapi import FakeBotAPI
from tests.support.limits import NoLimits

OLD_GROUP = -1009000000002


def worker(db: Database, bot: Bot) -> OutboxWorker:
    return OutboxWorker(db, TelegramSender(bot), staff_chat_id=FORUM, limits=NoLimits())  # type: ignore[arg-type]


async def a_case_topic(bot: Bot) -> int:
    topic = (await bot.create_forum_topic(FORUM, "#7 · ar · 9 J.")).message_thread_id
    await bot.send_message(FORUM, "Fallkarte: Amira, 12.03.2016", message_thread_id=topic)
    return topic


def general(fake: FakeBotAPI) -> list[str]:
    return [m["text"] for m in fake.messages_to(FORUM) if "message_thread_id" not in m]


async def due_now(db: Database) -> list[Any]:
    """Make waiting retries due instead of waiting out the backoff in the test."""
    async with db.transaction() as tx:
        rows = await outbox.pending_rows(tx)
        for row in rows:
            error = row.last_error or ""
            await outbox.mark_failed(tx, row.id, retry_in=-1, error=error, now=utcnow())
    return rows


async def test_without_the_right_the_topic_is_closed_the_team_told_and_deletion_retried(
    fake: FakeBotAPI, db: Database
) -> None:
    fake.set_bot_rights(FORUM, can_delete_messages=False)  # README asked for less, once
    bot = fake.create_bot()
    topic = await a_case_topic(bot)
    async with db.transaction() as tx:
        await put_topic_deletion(tx, 7, (FORUM, topic), due=utcnow())
        await put(tx, items.TextMessage("Guten Morgen", audience="staff"), chat_id=0, due=utcnow())
    w = worker(db, bot)
    await w.drain()

    assert fake.messages_to(FORUM, topic), "Telegram refused: the card is still there"
    assert fake.state.chats[FORUM].topics[topic]["is_closed"]
    (alert,) = [t for t in general(fake) if t.startswith("⚠️")]
    assert "Fall #7" in alert and "„Nachrichten löschen“" in alert and "geschlossen" in alert
    # The staff group's messages are not held back by the deletion waiting for its right.
    assert "Guten Morgen" in general(fake)
    (waiting,) = await due_now(db)
    assert waiting.kind == "delete_topic" and waiting.attempts == 1
    assert "not enough rights to delete the topic" in (waiting.last_error or "")

    await w.drain()  # refused again: no second word to the team
    assert len([t for t in general(fake) if t.startswith("⚠️")]) == 1

    fake.set_bot_rights(FORUM, can_delete_messages=True)
    await due_now(db)
    await w.drain()
    assert fake.messages_to(FORUM, topic) == []
    assert topic not in fake.state.chats[FORUM].topics
    async with db.transaction() as tx:
        assert await outbox.pending_count(tx) == 0


async def test_a_topic_already_deleted_by_hand_counts_as_deleted(
    fake: FakeBotAPI, db: Database
) -> None:
    bot = fake.create_bot()
    topic = await a_case_topic(bot)
    await bot.delete_forum_topic(FORUM, topic)
    async with db.transaction() as tx:
        await put_topic_deletion(tx, 7, (FORUM, topic), due=utcnow())
    await worker(db, bot).drain()
    assert general(fake) == []
    async with db.transaction() as tx:
        assert await outbox.pending_count(tx) == 0


async def test_a_topic_in_a_group_the_bot_cannot_reach_is_given_up_with_a_word(
    fake: FakeBotAPI, db: Database
) -> None:
    """The topic lives in an earlier staff group the bot was removed from."""
    async with db.transaction() as tx:
        await put_topic_deletion(tx, 9, (OLD_GROUP, 5), due=utcnow())
    await worker(db, fake.create_bot()).drain()
    (alert,) = general(fake)
    assert "Fall #9 in der früheren Beratungsgruppe" in alert and "von Hand löschen" in alert
    async with db.transaction() as tx:
        assert await outbox.pending_count(tx) == 0  # nothing to retry: told instead


async def test_a_refusal_after_a_network_failure_is_still_reported(
    fake: FakeBotAPI, db: Database
) -> None:
    fake.set_bot_rights(FORUM, can_delete_messages=False)
    bot = fake.create_bot()
    topic = await a_case_topic(bot)
    fake.inject(method="deleteForumTopic", status=500, times=1)
    async with db.transaction() as tx:
        await put_topic_deletion(tx, 7, (FORUM, topic), due=utcnow())
    w = worker(db, bot)
    await w.drain()  # the 500: retried later, nothing to tell yet
    assert general(fake) == []
    await due_now(db)
    await w.drain()  # now Telegram refuses: the team hears of it, although not at attempt 1
    assert [t for t in general(fake) if t.startswith("⚠️ Das Thema von Fall #7")]


async def test_a_deletion_queued_in_the_staff_line_before_the_upgrade_moves_out_of_its_way(
    fake: FakeBotAPI, db: Database
) -> None:
    """Rows queued by the version before deletions had a line of their own sit in the staff
    group's; retried there, a missing right would hold back every staff message."""
    fake.set_bot_rights(FORUM, can_delete_messages=False)
    bot = fake.create_bot()
    topic = await a_case_topic(bot)
    async with db.transaction() as tx:
        await put(tx, items.DeleteTopic(topic), chat_id=items.STAFF_CHAT, due=utcnow())
        await put(tx, items.TextMessage("Guten Morgen", audience="staff"), chat_id=0, due=utcnow())
    await worker(db, bot).drain()
    assert "Guten Morgen" in general(fake)
    assert [t for t in general(fake) if t.startswith("⚠️ Das Thema eines gelöschten Falls")]
    (waiting,) = await due_now(db)
    assert waiting.chat_id == items.TOPIC_DELETIONS and waiting.kind == "delete_topic"
