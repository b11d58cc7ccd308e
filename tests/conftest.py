"""Shared fixtures: encryption key, compiled catalogs, databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.i18n import compile_catalogs
from storage import crypto
from storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(scope="session", autouse=True)
def _encryption() -> None:
    crypto.configure(TEST_KEY)


@pytest.fixture(scope="session", autouse=True)
def _catalogs() -> None:
    compile_catalogs(ROOT / "locales")


async def postgres_unavailable_reason() -> str | None:
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
        return None
    except Exception as exc:  # any connection failure means "not here"
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    finally:
        await engine.dispose()


async def require_postgres() -> None:
    reason = await postgres_unavailable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


async def make_postgres_database() -> tuple[Database, str]:
    await require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'create schema "{schema}"'))
    await admin.dispose()
    database = Database(POSTGRES_URL, schema=schema)
    await database.migrate()
    return database, schema


async def drop_postgres_schema(schema: str) -> None:
    admin = create_async_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'drop schema "{schema}" cascade'))
    await admin.dispose()


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


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[Database]:
    """A migrated database in a throw-away schema of the local PostgreSQL."""
    db, schema = await make_postgres_database()
    try:
        yield db
    finally:
        await db.close()
        await drop_postgres_schema(schema)


@pytest.fixture
async def postgres_database() -> AsyncIterator[Database]:
    """For what only PostgreSQL does (row locks, shared budgets); required under CI."""
    async with postgres_schema() as db:
        yield db


@pytest.fixture
async def scratch_database() -> AsyncIterator[str]:
    """A database of its own: a restart must not meet other tests' half-done work."""
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
