"""PostgreSQL connections: a busy one is trusted, an idle one is checked before use, and a
broken one is an outage the unit of work waits out (storage/db.py, IDLE_PING_SECONDS)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from storage import db as db_module
from storage.db import Database
from tests.support.postgres import terminate_backend

pytestmark = pytest.mark.postgres


async def _backend_pid(database: Database) -> int:
    async with database.transaction() as tx:
        return int((await tx.execute(text("select pg_backend_pid()"))).scalar_one())


async def test_a_connection_in_use_a_moment_ago_is_not_pinged(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", lambda self: pings.append(self))
    first = await _backend_pid(postgres_database)
    for _ in range(5):
        assert await _backend_pid(postgres_database) == first
    assert pings == []  # pool_pre_ping made three round trips for each of them


async def test_an_idle_connection_that_broke_is_replaced_before_anyone_uses_it(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = await _backend_pid(postgres_database)
    await terminate_backend(broken)
    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)  # every pooled one counts as idle
    # The checkout pings, sees the connection gone and takes a fresh one: no error at all.
    assert await _backend_pid(postgres_database) != broken


async def test_a_busy_connection_that_broke_is_an_outage_and_the_next_try_works(
    postgres_database: Database,
) -> None:
    broken = await _backend_pid(postgres_database)
    await terminate_backend(broken)
    with pytest.raises(Exception) as failure:
        await _backend_pid(postgres_database)
    # The unit of work (bot/telegram/middlewares.py) waits and tries again on exactly this.
    assert Database.is_unreachable(failure.value)
    assert await _backend_pid(postgres_database) != broken
