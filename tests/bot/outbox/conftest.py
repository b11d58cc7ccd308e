"""The outbox tests' fixtures: a database (SQLite only, as the worker's behaviour does not
depend on the engine; the SQL it relies on runs on both engines in tests/storage) and a fake
Bot API with a staff forum."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.fakeapi import FakeBotAPI

FORUM = -1009000000001


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'outbox.sqlite3'}")
    await database.migrate()
    yield database
    await database.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        server.add_forum_chat(FORUM, "KI")
        yield server
    server.assert_no_violations()
