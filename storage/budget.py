"""Telegram's send budget shared by several instances: GCRA rows in PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, text

from storage.db import Tx
from storage.dialect import insert_for_dialect, is_postgres
from storage.models import RateLimit


def chat_key(chat_id: int) -> str:
    """The budget row of one chat: a family's chat id, so erasure removes it too."""
    return f"chat:{chat_id}"


# A row whose theoretical arrival time is this far past counts like no row at all.
IDLE_AFTER = timedelta(minutes=1)


async def forget_chat(tx: Tx, chat_id: int) -> None:
    """Part of erasing a family: its chat id must not stay behind in the budget table."""
    if is_postgres(tx):
        await tx.execute(delete(RateLimit).where(RateLimit.key == chat_key(chat_id)))


async def forget_idle(tx: Tx, now: datetime) -> int:
    """Drop rows nobody has sent to lately (housekeeping): `GREATEST(tat, now)` makes a past
    row equal to a missing one, so this loses nothing and keeps no chat id longer than
    needed (an erased family's row comes back for its last message, "your data is deleted")."""
    if not is_postgres(tx):
        return 0
    result = await tx.execute(delete(RateLimit).where(RateLimit.tat < now - IDLE_AFTER))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def take_budget(tx: Tx, key: str, *, interval: float, burst: int = 1) -> float:
    """GCRA over the database: 0.0 when a send may go now (and it is counted), else the
    seconds to wait. One atomic UPDATE, so instances sharing PostgreSQL share the budget."""
    if not is_postgres(tx):
        raise RuntimeError("the shared budget needs PostgreSQL; SQLite runs one instance")
    await tx.execute(
        insert_for_dialect("postgresql", RateLimit)
        .values(key=key, tat=func.clock_timestamp())
        .on_conflict_do_nothing(index_elements=["key"])
    )
    tolerance = interval * burst
    row = (
        await tx.execute(
            text(
                "UPDATE rate_limits SET tat = GREATEST(tat, clock_timestamp()) + make_interval("
                "secs => :interval) WHERE key = :key AND EXTRACT(EPOCH FROM GREATEST(tat, "
                "clock_timestamp()) + make_interval(secs => :interval) - clock_timestamp()) "
                "<= :tolerance RETURNING 0.0"
            ),
            {"key": key, "interval": interval, "tolerance": tolerance},
        )
    ).first()
    if row is not None:
        return 0.0
    wait = (
        await tx.execute(
            text(
                "SELECT EXTRACT(EPOCH FROM GREATEST(tat, clock_timestamp()) + make_interval("
                "secs => :interval) - clock_timestamp()) - :tolerance FROM rate_limits "
                "WHERE key = :key"
            ),
            {"key": key, "interval": interval, "tolerance": tolerance},
        )
    ).scalar_one()
    return max(float(wait), 0.001)
