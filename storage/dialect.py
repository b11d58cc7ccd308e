"""The few statements that differ between SQLite and PostgreSQL (upserts), and statements
built once: the hot path runs the same few statements for every update, and building a
statement costs more than SQLAlchemy's cached compilation of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Tx


def is_postgres(tx: Tx) -> bool:
    return tx.get_bind().dialect.name == "postgresql"


def insert_for(tx: Tx, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support in the session's dialect."""
    return insert_for_dialect(tx.get_bind().dialect.name, table)


def insert_for_dialect(dialect: str, table: Any) -> Any:
    if dialect == "postgresql":
        # SQLAlchemy's PostgreSQL dialect is ~40 ms and some MiB to import: on SQLite it
        # would be loaded for nothing; on PostgreSQL the engine has loaded it already.
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    return sqlite_insert(table)


_BUILT: dict[tuple[str, str], Any] = {}


def built(tx: Tx, name: str, build: Callable[[str], Any]) -> Any:
    """The statement `name` for the session's dialect, built on first use (with bind
    parameters for every value) and reused after."""
    dialect = tx.get_bind().dialect.name
    key = (dialect, name)
    statement = _BUILT.get(key)
    if statement is None:
        statement = _BUILT[key] = build(dialect)
    return statement


async def run(tx: Tx, statement: Any, params: dict[str, Any] | None = None) -> Any:
    """A Core statement on the unit of work's connection: what the hot path runs per update.
    `Session.execute` would first look for ORM entities to load (~0.5 ms per statement here);
    these statements name only table columns and return plain rows."""
    connection = tx.info.get(_CONNECTION)
    if connection is None:
        # One session per unit of work, bound to one connection for its whole transaction;
        # asking the session again costs a trip through SQLAlchemy's greenlet each time.
        connection = tx.info[_CONNECTION] = await tx.connection()
    return await connection.execute(statement, params)


_CONNECTION = "schullotse.connection"


async def serialise(tx: Tx, key: int) -> None:
    """Hold a transaction-long lock named `key` (PostgreSQL's advisory lock), so that
    "take the next number" runs one instance at a time; SQLite writes one at a time anyway."""
    if is_postgres(tx):
        await tx.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
