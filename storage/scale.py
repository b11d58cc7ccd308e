"""What several instances share: processed update ids, outbox leases, send budgets.

All of it also works on SQLite (one instance), where the row locks are simply not needed:
SQLite lets one writer at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, ProcessedUpdate, RateLimit, utcnow


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def claim_update(session: AsyncSession, update_id: int) -> bool:
    """True the first time an update id is seen; the row commits with the update's effects."""
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    statement = (
        insert(ProcessedUpdate)
        .values(update_id=update_id, at=utcnow())
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(ProcessedUpdate.update_id)
    )
    return (await session.execute(statement)).first() is not None


async def prune_updates(session: AsyncSession, *, older_than: timedelta) -> int:
    """Forget old ids: Telegram restarts update ids at a random value after a week of silence,
    so an old id must not block a new update."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.at < utcnow() - older_than)
    )
    return int(result.rowcount or 0)


async def lease_due(
    session: AsyncSession, *, now: datetime, lease: timedelta, limit: int = 50
) -> list[OutboxMessage]:
    """Take the oldest pending row of each chat that nobody else is sending.

    The head of a chat that another instance has leased keeps the whole chat back, so order
    within a chat holds across instances; SKIP LOCKED lets two instances take different
    chats at the same moment instead of waiting for each other.
    """
    heads = (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.delivered_at.is_(None))
        .group_by(OutboxMessage.chat_id)
        .scalar_subquery()
    )
    free = (OutboxMessage.lease_until.is_(None)) | (OutboxMessage.lease_until < now)
    rows = list(
        (
            await session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(heads), OutboxMessage.next_attempt_at <= now, free)
                .order_by(OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    for row in rows:
        row.lease_until = now + lease
    await session.flush()
    return rows


async def lease_next(
    session: AsyncSession, *, now: datetime, lease: timedelta
) -> OutboxMessage | None:
    """One row, leased right before it is sent: a worker killed mid-send holds back at most
    this one row, for at most `lease`."""
    rows = await lease_due(session, now=now, lease=lease, limit=1)
    return rows[0] if rows else None


async def release(session: AsyncSession, message_id: int) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(lease_until=None)
    )


async def take_budget(session: AsyncSession, key: str, *, interval: float, burst: int = 1) -> float:
    """GCRA over the database: 0.0 when a send may go now (and it is counted), else the
    seconds to wait. One atomic UPDATE, so instances sharing PostgreSQL share the budget."""
    if _dialect(session) != "postgresql":
        raise RuntimeError("the shared budget needs PostgreSQL; SQLite runs one instance")
    await session.execute(
        pg_insert(RateLimit)
        .values(key=key, tat=func.clock_timestamp())
        .on_conflict_do_nothing(index_elements=["key"])
    )
    tolerance = interval * burst
    row = (
        await session.execute(
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
        await session.execute(
            text(
                "SELECT EXTRACT(EPOCH FROM GREATEST(tat, clock_timestamp()) + make_interval("
                "secs => :interval) - clock_timestamp()) - :tolerance FROM rate_limits "
                "WHERE key = :key"
            ),
            {"key": key, "interval": interval, "tolerance": tolerance},
        )
    ).scalar_one()
    return max(float(wait), 0.001)
