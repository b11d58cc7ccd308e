"""The migrations build exactly the schema the models describe, on both databases, and the
outage check tells a lost connection from a bad statement."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import OperationalError, ProgrammingError

from storage.db import Database
from storage.models import Base


async def test_models_and_migrations_agree(database: Database) -> None:
    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection)
        return compare_metadata(context, Base.metadata)

    async with database.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


async def test_ping_and_unreachable(database: Database) -> None:
    await database.ping()
    assert Database.is_unreachable(OperationalError("select 1", {}, Exception("gone")))
    assert Database.is_unreachable(ConnectionRefusedError())
    assert not Database.is_unreachable(ProgrammingError("select x", {}, Exception("no column")))
    assert not Database.is_unreachable(ValueError("bad value"))
