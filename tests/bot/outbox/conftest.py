"""The outbox tests' database: SQLite only, as the worker's behaviour does not depend on the
engine (the SQL it relies on runs on both engines in tests/storage)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'outbox.sqlite3'}")
    await database.migrate()
    yield database
    await database.close()
