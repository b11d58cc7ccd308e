"""PostgreSQL statements on the driver itself, for the two that every parent's update runs.

Through SQLAlchemy, one statement on an autocommit connection cost the bot ~0.3 ms of its
own CPU on top of the round trip (~0.1 ms on loopback): the pool's check-out and check-in
with their events, the isolation level set and reset, the compiled cache's lookup, the
parameters' processing, a greenlet switch each way (bench/README.md, "the driver's own
pool"). For the family's unlocked read and its one-statement write (storage/optimistic.py)
that was half of what an update spent on the database. Here they go straight to asyncpg,
on a small pool of its own; every other statement stays with SQLAlchemy.

The pool holds a connection only for one statement, never while its holder waits for
anything else, so it cannot take part in a wait cycle with SQLAlchemy's pool (an update
holds one connection at a time). A connection idle for `IDLE_SECONDS` is closed by asyncpg
and opened afresh on its next use: one that broke while idle (a server restarted at night)
is never handed out, as SQLAlchemy's pool pings such a one (storage/db.py); one that breaks
while busy fails its statement with a connection error, which the unit of work treats as
an outage and waits out.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import asyncpg

# As storage/db.py's IDLE_PING_SECONDS (not imported: db.py imports this module).
IDLE_SECONDS = 5.0
# Each connection is held for one statement (~0.1 ms): a few serve hundreds of updates a
# second, and a burst waits its turn briefly instead of opening server processes.
POOL_SIZE = 4


class DirectPool:
    """asyncpg's pool for the hot path's statements, opened on first use."""

    def __init__(self, url: str, *, schema: str | None = None, size: int = POOL_SIZE) -> None:
        parsed = make_url(url)
        self._dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        self._settings = {"search_path": schema} if schema is not None else {}
        self._size = size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _opened(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    import asyncpg

                    self._pool = await asyncpg.create_pool(
                        self._dsn,
                        min_size=0,
                        max_size=self._size,
                        max_inactive_connection_lifetime=IDLE_SECONDS,
                        # asyncpg's default runs `RESET ALL` and more on every release, a
                        # round trip each time; these statements change no session state.
                        reset=_unchanged,
                        server_settings=self._settings,
                    )
        return self._pool

    async def fetchrow(self, sql: str, *args: Any) -> Any:
        """One statement, its own transaction (autocommit); its first row or None."""
        pool = await self._opened()
        async with pool.acquire() as connection:
            return await connection.fetchrow(sql, *args)

    def in_use(self) -> int:
        """Connections held right now (tests: an update holds one at a time)."""
        if self._pool is None:
            return 0
        return self._pool.get_size() - self._pool.get_idle_size()

    def size(self) -> int:
        """Connections open right now, held or idle."""
        return 0 if self._pool is None else self._pool.get_size()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


async def _unchanged(_connection: Any) -> None:
    return None


async def driver_connection(connection: Any) -> Any:
    """The asyncpg connection under a SQLAlchemy `AsyncConnection`, inside whatever
    transaction SQLAlchemy began on it: a statement run here is part of that transaction."""
    raw = await connection.get_raw_connection()
    return raw.driver_connection
