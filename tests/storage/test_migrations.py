"""The migrations build exactly the schema the models describe, on both databases, and the
outage check tells a lost connection from a bad statement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import OperationalError, ProgrammingError

from storage.db import Database
from storage.models import Base
from tests.support.env import ROOT


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


def test_the_head_read_from_the_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, migration_head

    assert migration_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_database_at_the_newest_migration_starts_without_alembic(tmp_path: Path) -> None:
    """Every restart but the first after an update: only the version is read (start-up time
    and memory, bench/README.md "start-up")."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"
    script = (
        "import asyncio, sys\n"
        "from storage.db import Database\n"
        f"db = Database({url!r})\n"
        "asyncio.run(db.migrate())\n"
        "print('alembic' in sys.modules, 'asyncpg' in sys.modules)\n"
    )

    def alembic_loaded() -> bool:
        """Whether the start loaded Alembic; asyncpg it never loads on SQLite (2 MiB)."""
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT
        )
        assert run.returncode == 0, run.stderr
        alembic, asyncpg = run.stdout.split()
        assert asyncpg == "False"
        return alembic == "True"

    assert alembic_loaded()  # a new database: migrated
    assert not alembic_loaded()  # already at the head: not even imported
