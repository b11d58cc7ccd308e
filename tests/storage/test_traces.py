"""What an erasure leaves behind: no budget row keyed by the family's chat, no readable
free pages, no database file another user of the machine can read."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text

from storage import budget, families
from storage.db import Database
from storage.models import RateLimit, utcnow


async def test_erasing_a_family_removes_its_send_budget_row(postgres_database: Database) -> None:
    db = postgres_database
    async with db.transaction() as tx:
        await families.save(tx, user_id=41, chat_id=41, locale="de", state={}, now=utcnow())
        await budget.book(tx, budget.chat_key(41), interval=1.0, burst=2)
        await budget.book(tx, budget.chat_key(42), interval=1.0, burst=2)
    async with db.transaction() as tx:
        await families.erase(tx, 41)
    async with db.transaction() as tx:
        keys = set((await tx.execute(select(RateLimit.key))).scalars())
    assert keys == {budget.chat_key(42)}
    # An idle row equals a missing one, so housekeeping drops it (the erased family's last
    # message, "your data is deleted", brings its row back for a moment).
    async with db.transaction() as tx:
        assert await budget.forget_idle(tx, utcnow() + timedelta(minutes=5)) == 1
        assert list((await tx.execute(select(RateLimit.key))).scalars()) == []


async def test_sqlite_overwrites_deleted_rows_and_keeps_its_files_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / ".data" / "bot.sqlite3"
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await db.migrate()
        async with db.transaction() as tx:
            assert (await tx.execute(text("PRAGMA secure_delete"))).scalar() == 1
    finally:
        await db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # A file made before (with the umask's mode) is tightened at the next start.
    path.chmod(0o644)
    db = Database(f"sqlite+aiosqlite:///{path}")
    await db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
