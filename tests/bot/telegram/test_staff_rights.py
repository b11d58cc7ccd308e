"""At start-up the bot asks Telegram for its own rights in the staff group and says what is
missing, in the log and in the group (against the fake Bot API)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.outbox import items
from bot.telegram.rights import check_staff_group
from storage import outbox
from storage.db import Database
from tests.fakeapi import FakeBotAPI
from tests.support.apps import app_on

STAFF = -1001000000088


async def notices(database: Database) -> list[str]:
    async with database.transaction() as tx:
        rows = await outbox.pending_rows(tx)
    # In the General topic of the group that was checked.
    return [items.decode(r.kind, r.payload).text for r in rows if r.chat_id == STAFF]  # type: ignore[union-attr]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'rights.sqlite3'}")
    await database.migrate()
    yield database
    await database.close()


async def test_a_missing_right_to_delete_is_named_in_the_log_and_the_group(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeBotAPI() as fake:
        # What the README used to ask for: manage topics and pin messages, nothing more.
        fake.add_forum_chat(STAFF, "KI", can_delete_messages=False)
        found = await check_staff_group(app_on(db), fake.create_bot(), STAFF)
    assert found is not None and [r.name for r in found.missing] == ["can_delete_messages"]
    assert "missing right can_delete_messages" in caplog.text
    (told,) = await notices(db)
    assert "„Nachrichten löschen“" in told and "/deletedata" in told
    assert "Themen verwalten" not in told


async def test_a_bot_that_is_no_administrator_or_in_a_group_without_topics_is_told(
    db: Database,
) -> None:
    async with FakeBotAPI() as fake:
        fake.add_group(STAFF, "KI", bot_status="member")
        found = await check_staff_group(app_on(db), fake.create_bot(), STAFF)
    assert found is not None and found.not_admin and found.no_topics and len(found.missing) == 3
    (told,) = await notices(db)
    assert (
        "kein Administrator" in told and "Themen sind in dieser Gruppe nicht eingeschaltet" in told
    )


async def test_all_rights_there_nothing_to_say(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with FakeBotAPI() as fake:
        fake.add_forum_chat(STAFF, "KI")
        found = await check_staff_group(app_on(db), fake.create_bot(), STAFF)
        unknown = await check_staff_group(app_on(db), fake.create_bot(), -1009999)
    assert found is not None and found.ok and await notices(db) == []
    assert "has the rights it needs" in caplog.text
    assert unknown is None and "cannot check the bot's rights" in caplog.text
