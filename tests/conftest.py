"""Shared fixtures: encryption key, compiled catalogs, databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import compile_catalogs
from storage import crypto
from storage.db import Database
from tests.support.env import ROOT, TEST_KEY
from tests.support.postgres import own_database, postgres_schema

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in tests/e2e starts the real bot; marked here so no module can forget it.
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _encryption() -> None:
    crypto.configure(TEST_KEY)


@pytest.fixture(scope="session", autouse=True)
def _catalogs() -> None:
    compile_catalogs(ROOT / "locales")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file brought to the newest migration per session; each test gets a copy
    (migrating every test's file took a tenth of the fast subset)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"

    async def migrate() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await db.migrate()
        await db.close()

    asyncio.run(migrate())
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path
) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_sqlite, path)
        db = Database(f"sqlite+aiosqlite:///{path}")
        await db.migrate()  # only asks the copy's version: the path every start takes
        yield db
        await db.close()
        return
    async with postgres_schema() as db:
        yield db


@pytest.fixture
async def postgres_database() -> AsyncIterator[Database]:
    """For what only PostgreSQL does (row locks, shared budgets); required under CI."""
    async with postgres_schema() as db:
        yield db


@pytest.fixture
async def scratch_database() -> AsyncIterator[str]:
    """A database of its own: a restart must not meet other tests' half-done work."""
    async with own_database() as url:
        yield url
