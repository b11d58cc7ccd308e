"""Throw-away PostgreSQL schemas for tests; skipped with a reason when the server is absent,
required under CI."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from storage.db import Database
from tests.support.env import IN_CI, POSTGRES_URL


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


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[Database]:
    """A migrated database in a throw-away schema of the local PostgreSQL."""
    db, schema = await make_postgres_database()
    try:
        yield db
    finally:
        await db.close()
        await drop_postgres_schema(schema)


@asynccontextmanager
async def own_database() -> AsyncIterator[str]:
    """A whole PostgreSQL database (its URL) for processes that cannot be given a schema:
    a bot started with DATABASE_URL, two instances sharing one database."""
    await require_postgres()
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'create database "{name}"'))
    await admin.dispose()
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as connection:
            await connection.execute(text(f'drop database if exists "{name}" with (force)'))
        await admin.dispose()


async def terminate_backend(pid: int) -> None:
    """What a server restart does to this one connection, and to nobody else's."""
    admin = create_async_engine(POSTGRES_URL)
    async with admin.connect() as connection:
        await connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
    await admin.dispose()
