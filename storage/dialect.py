"""The few statements that differ between SQLite and PostgreSQL (upserts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Tx


def is_postgres(tx: Tx) -> bool:
    return tx.get_bind().dialect.name == "postgresql"


def insert_for(tx: Tx, table: Any) -> Any:
    """`INSERT` with `ON CONFLICT` support in the session's dialect."""
    return (pg_insert if is_postgres(tx) else sqlite_insert)(table)
