"""The driver's own pool for the hot path's two statements (storage/direct.py): in the
database's schema, a connection held for one statement only, a broken one an outage the unit
of work waits out, an idle one not trusted."""

from __future__ import annotations

import asyncio

import pytest

from storage import direct, families
from storage.db import Database
from storage.models import utcnow
from tests.support.env import POSTGRES_URL
from tests.support.postgres import terminate_backend

pytestmark = pytest.mark.postgres

_PID = "SELECT pg_backend_pid()"


async def _closing(pool: direct.DirectPool) -> tuple[int, asyncio.Event]:
    """The pool's one connection's server process, and an event set when asyncpg sees that
    connection closed (the signal to wait for, rather than for time to pass)."""
    closed = asyncio.Event()
    async with (await pool._opened()).acquire() as connection:
        connection.add_termination_listener(lambda *_: closed.set())
        return await connection.fetchval(_PID), closed


async def test_statements_run_in_the_database_schema_and_give_the_connection_back(
    postgres_database: Database,
) -> None:
    db = postgres_database
    async with db.transaction() as tx:
        await families.save(tx, user_id=4, chat_id=4, locale="de", state={"n": 1}, now=utcnow())
    row = await db.direct.fetchrow("SELECT user_id FROM families WHERE user_id = $1", 4)
    assert row is not None and row[0] == 4  # the test's own schema, not public
    assert db.direct.in_use() == 0


async def test_an_idle_connection_that_broke_is_replaced_before_anyone_uses_it(
    postgres_database: Database,
) -> None:
    db = postgres_database
    broken, closed = await _closing(db.direct)
    await terminate_backend(broken)
    async with asyncio.timeout(10):
        await closed.wait()
    # Closed while it sat in the pool: replaced at its next use, no error at all.
    assert (await db.direct.fetchrow(_PID))[0] != broken


async def test_a_connection_that_breaks_while_busy_is_an_outage_and_the_next_try_works(
    postgres_database: Database,
) -> None:
    db = postgres_database
    broken = (await db.direct.fetchrow(_PID))[0]
    with pytest.raises(Exception) as failure:
        await db.direct.fetchrow("SELECT pg_terminate_backend(pg_backend_pid())")
    # The unit of work (bot/telegram/middlewares.py) waits and tries again on exactly this.
    assert Database.is_unreachable(failure.value)
    assert (await db.direct.fetchrow(_PID))[0] != broken


async def test_a_connection_left_idle_is_closed_and_the_next_use_opens_a_fresh_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(direct, "IDLE_SECONDS", 0.05)
    pool = direct.DirectPool(POSTGRES_URL)
    try:
        first, closed = await _closing(pool)
        assert pool.size() == 1
        async with asyncio.timeout(10):
            await closed.wait()
        assert pool.size() == 0
        assert (await pool.fetchrow(_PID))[0] != first
    finally:
        await pool.close()
