"""Shared fixtures: encryption key, compiled catalogs, databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.i18n import compile_catalogs
from storage import crypto
from storage.db import Database
from tests.support.env import POSTGRES_URL, ROOT, TEST_KEY
from tests.support.postgres import postgres_schema, require_postgres

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
    """A database of its own, for a bot that is given a URL (another process, or one that
    reaches PostgreSQL through a proxy) rather than a schema."""
    await require_postgres()
    name = f"outage_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'create database "{name}"'))
    await admin.dispose()
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'drop database if exists "{name}" with (force)'))
    await admin.dispose()
