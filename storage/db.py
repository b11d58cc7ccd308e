"""Engine, sessions and migrations for SQLite (one instance) and PostgreSQL (several)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from storage import sqlite_inline
from storage.direct import DirectPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The unit of work as the rest of the bot sees it: an opaque handle passed to storage's
# functions. Only `storage` looks inside (it is SQLAlchemy's session).
Tx = AsyncSession


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL + synchronous=NORMAL roughly halves commit latency (PERFORMANCE.md) and stays
    # crash-safe for committed transactions; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows (an erased family, a purged message) are overwritten with zeros instead of
    # lingering in free pages until reused; Debian's build has it on by default, others not.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _owner_only(path: Path) -> None:
    """Create the database file (and a missing folder) readable by the bot's user only:
    SQLite creates it with the umask (usually world-readable) and gives its -wal and -shm
    files the database file's mode."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)


def create_engine(url: str, *, schema: str | None = None) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ":memory:"
        if path != ":memory:":
            _owner_only(Path(path))
        # Every call on the loop's thread instead of aiosqlite's (storage/sqlite_inline.py).
        engine = create_async_engine(url, async_creator=sqlite_inline.creator(path))
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if schema is not None:
        # Several Kreise (or test runs) can share one PostgreSQL database, one schema each.
        connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(url, pool_size=10, max_overflow=5, connect_args=connect_args)
    event.listen(engine.sync_engine.pool, "checkin", _note_checkin)
    event.listen(engine.sync_engine.pool, "checkout", _ping_if_idle)
    return engine


# A connection back in use within this many seconds is trusted without a ping: pinging every
# checkout (`pool_pre_ping`) cost a round trip per update — a tenth of the hot path on
# PostgreSQL (bench/README.md). One that breaks while busy fails its statement instead, is
# seen as an outage (`Database.is_unreachable`), makes SQLAlchemy replace the whole pool, and
# the unit of work is tried again; one that sat idle (a server restarted at night) is pinged
# and silently replaced before anyone waits for it.
IDLE_PING_SECONDS = 5.0


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_since = record.info.get("checked_in")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
        return  # new (just connected) or in use a moment ago
    try:
        dbapi_connection.ping()
    except Exception as exc:
        # The pool's documented way to say "take another": it retries with a new connection.
        raise DisconnectionError() from exc


class UnitSession(Session):
    """The units of work's sessions, so that listeners hear of theirs only."""


# Set while a task is inside a SQLite transaction: a nested one would wait for itself.
_in_transaction: ContextVar[bool] = ContextVar("in_sqlite_transaction", default=False)


class Database:
    def __init__(self, url: str, *, schema: str | None = None) -> None:
        self.url = url
        self.schema = schema
        self.engine = create_engine(url, schema=schema)
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=UnitSession
        )
        # SQLite runs on the loop's thread (storage/sqlite_inline.py): one transaction at a
        # time, so nobody ever waits for SQLite's own lock while holding up the loop.
        self._one_at_a_time = asyncio.Lock() if self.is_sqlite else None
        self._direct = None if self.is_sqlite else DirectPool(url, schema=schema)

    @property
    def direct(self) -> DirectPool:
        """The driver's own pool for the hot path's two statements (PostgreSQL only)."""
        if self._direct is None:
            raise RuntimeError("the driver's pool is for PostgreSQL")
        return self._direct

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        if self._one_at_a_time is None:
            yield
            return
        if _in_transaction.get():
            raise RuntimeError("a SQLite transaction inside another one would wait for itself")
        async with self._one_at_a_time:
            token = _in_transaction.set(True)
            try:
                yield
            finally:
                _in_transaction.reset(token)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One unit of work: commit on success, roll back on any exception."""
        async with self._turn():
            # The session begins its transaction at its first statement (SQLAlchemy's
            # autobegin), and one that never ran a statement is left without a commit or a
            # close: on PostgreSQL most parents' updates run none in it
            # (storage/optimistic.py), and `session.begin()` with its commit and close cost
            # three trips through SQLAlchemy's greenlet for nothing (~5 % of such an update).
            session = self.sessions()
            try:
                yield session
            except BaseException:
                if session.in_transaction():
                    await session.close()  # rolls back and gives the connection back
                raise
            transaction = session.sync_session.get_transaction()
            if transaction is not None:
                try:
                    # As `session.begin()`'s block did: a transaction a caught error has
                    # deactivated is rolled back, not committed.
                    if transaction.is_active:
                        await session.commit()
                finally:
                    await session.close()

    @staticmethod
    def has_begun(tx: Tx) -> bool:
        """Whether the unit of work has run a statement yet (a connection taken, `BEGIN`
        sent): until then committing it costs nothing and it holds no lock. The session
        begins at its first statement (`transaction`), so this is SQLAlchemy's own answer."""
        return tx.in_transaction()

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which each statement is its own transaction: for one statement
        that is atomic by itself, without the two round trips of `BEGIN` and `COMMIT`
        (PostgreSQL; SQLite's statements cost no round trip)."""
        if self.is_sqlite:
            raise RuntimeError("autocommit connections are for PostgreSQL")
        async with self.engine.connect() as connection:
            yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    async def ping(self) -> None:
        """Raises when the database does not answer (for health checks)."""
        async with self._turn(), self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    @staticmethod
    def is_unreachable(exc: BaseException) -> bool:
        """A lost or refused connection (worth waiting for), not a bad statement.

        Drivers wrap differently — "the database system is shutting down" arrives as a plain
        DBAPIError around asyncpg's CannotConnectNowError — so the whole chain is inspected,
        and PostgreSQL's SQLSTATE classes 08 (connection) and 57P (shutdown, starting up) count.
        """
        seen: BaseException | None = exc
        for _depth in range(8):
            if seen is None:
                return False
            if isinstance(seen, OperationalError | InterfaceError):
                return True
            if isinstance(seen, DBAPIError) and seen.connection_invalidated:
                return True
            if isinstance(seen, (OSError, *_asyncpg_connection_errors())):
                return True
            state = getattr(seen, "sqlstate", None) or getattr(
                getattr(seen, "orig", None), "sqlstate", None
            )
            if isinstance(state, str) and state.startswith(("08", "57P")):
                return True
            seen = seen.__cause__ or seen.__context__
        return False

    async def migrate(self) -> None:
        """Bring the schema to the newest migration. A database already there (every start
        but the first after an update) is only asked its version: Alembic, ~12 MiB and
        ~0.2 s of imports, is loaded only when there is something to do."""
        async with self._turn(), self.engine.begin() as connection:
            if await connection.run_sync(_at_head):
                return
            await connection.run_sync(_upgrade_head)

    async def close(self) -> None:
        if self._direct is not None:
            await self._direct.close()
        await self.engine.dispose()


def _asyncpg_connection_errors() -> tuple[type[BaseException], ...]:
    """asyncpg's connection errors, once PostgreSQL is in use: on SQLite asyncpg is never
    imported (2 MiB at start-up), and no error can be one of its classes."""
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is None:
        return ()
    return (asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError)


_REVISION = re.compile(r'^(down_revision|revision) = (?:"([^"]+)"|None)$', re.MULTILINE)


def migration_head() -> str | None:
    """The newest migration's revision, read from the files without Alembic; None when the
    history has no single head (Alembic then says what is wrong)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text()))
        if found.get("revision"):
            revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(sync_connection: Any) -> bool:
    head = migration_head()
    if head is None:
        return False
    try:
        # In a savepoint: on PostgreSQL a failed statement would spoil the transaction the
        # upgrade then runs in.
        with sync_connection.begin_nested():
            current = sync_connection.execute(text("SELECT version_num FROM alembic_version"))
            versions = [row[0] for row in current]
    except DBAPIError:  # no table yet: a new database
        return False
    return versions == [head]


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade_head(sync_connection: Any) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.upgrade(config, "head")
