"""SQLite for SQLAlchemy's asyncio engine, without a thread hop per call.

aiosqlite runs every call (cursor, execute, fetch, commit …) on a thread of its own and wakes
the event loop for the answer: ~35 hops per update here, which cost more than the statements
(bench/README.md, "the hot path"). With WAL and synchronous=NORMAL a statement is a few
microseconds of work on the page cache, so this adapter runs each call directly on the event
loop's thread and hands SQLAlchemy an already finished awaitable.

What that asks in return: nothing may wait on SQLite's lock inside the loop (it would freeze
the loop, and with it the lock's holder). `Database.transaction` therefore lets one
transaction at a time in (an asyncio lock), which SQLite's single writer meant anyway.
The adapter speaks the small part of aiosqlite's interface that SQLAlchemy's aiosqlite dialect
uses (`sqlalchemy/dialects/sqlite/aiosqlite.py`); `tests/storage/` runs every query through it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any


class _Immediately:
    """Stands in for aiosqlite's work queue, which the dialect uses for `isolation_level`."""

    def put_nowait(self, item: tuple[Any, Any]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except BaseException as exc:  # handed over to the awaiting side, as aiosqlite does
            future.set_exception(exc)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        self._cursor.execute(sql, () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def nextset(self) -> None:
        return None


class InlineConnection:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # falsy once closed
        self._tx = _Immediately()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def creator(path: str) -> Any:
    """The `async_creator` for `create_async_engine("sqlite+aiosqlite:///…")`."""

    async def connect() -> InlineConnection:
        # check_same_thread=False: the pool may close a connection from the garbage
        # collector's thread; every statement still runs on the loop's thread.
        return InlineConnection(sqlite3.connect(path, check_same_thread=False))

    return connect
