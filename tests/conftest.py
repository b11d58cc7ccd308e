"""Shared fixtures: encryption key, compiled catalogs, databases (SQLite and PostgreSQL)."""

from __future__ import annotations

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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
        await db.migrate()
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
