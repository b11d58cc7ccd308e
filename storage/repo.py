"""Queries the rest of the bot needs; every function takes the unit of work's session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, Case, Family, OutboxMessage, utcnow


async def load_family(
    session: AsyncSession, user_id: int, *, for_update: bool = False
) -> Family | None:
    """`for_update` locks the row until commit (PostgreSQL; SQLite serialises writers)."""
    return await session.get(Family, user_id, with_for_update=for_update or None)


async def save_family(
    session: AsyncSession, *, user_id: int, chat_id: int, locale: str, state: dict[str, Any]
) -> Family:
    family = await session.get(Family, user_id)
    if family is None:
        family = Family(user_id=user_id, chat_id=chat_id, locale=locale, state=state)
        session.add(family)
    else:
        family.chat_id = chat_id
        family.locale = locale
        family.state = state
    await session.flush()
    return family


async def open_case(session: AsyncSession, family_id: int) -> Case | None:
    result = await session.execute(
        select(Case)
        .where(Case.family_id == family_id, Case.status != "closed")
        .order_by(Case.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def create_case(
    session: AsyncSession,
    *,
    family_id: int,
    locale: str,
    municipality: str | None,
    age: int | None,
    children: list[dict[str, Any]],
) -> Case:
    case = Case(
        family_id=family_id,
        locale=locale,
        municipality=municipality,
        age=age,
        children=children,
        status="open",
    )
    session.add(case)
    await session.flush()
    return case


async def case_by_id(
    session: AsyncSession, case_id: int, *, for_update: bool = False
) -> Case | None:
    return await session.get(Case, case_id, with_for_update=for_update or None)


async def set_topic(session: AsyncSession, case_id: int, topic_id: int) -> None:
    await session.execute(update(Case).where(Case.id == case_id).values(topic_id=topic_id))


async def set_card_message(session: AsyncSession, case_id: int, message_id: int) -> None:
    await session.execute(update(Case).where(Case.id == case_id).values(card_message_id=message_id))


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    case_id: int | None = None,
) -> OutboxMessage:
    row = OutboxMessage(chat_id=chat_id, kind=kind, payload=payload, case_id=case_id)
    session.add(row)
    await session.flush()
    return row


async def due_messages(
    session: AsyncSession, *, now: datetime, limit: int = 50
) -> list[OutboxMessage]:
    """The oldest undelivered message of each chat, if it is due: order within a chat holds."""
    heads = (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.delivered_at.is_(None))
        .group_by(OutboxMessage.chat_id)
        .scalar_subquery()
    )
    result = await session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(heads), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(result.scalars())


async def pending_count(session: AsyncSession) -> int:
    result = await session.execute(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))
    )
    return int(result.scalar_one())


async def mark_delivered(
    session: AsyncSession, message_id: int, *, error: str | None = None
) -> None:
    """Done with the row; `error` records why Telegram refused it for good, if it did."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(delivered_at=utcnow(), last_error=error[:200] if error else None, lease_until=None)
    )


async def mark_failed(
    session: AsyncSession, message_id: int, *, retry_in: float, error: str
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=utcnow() + timedelta(seconds=retry_in),
            last_error=error[:200],
            lease_until=None,
        )
    )


async def audit(
    session: AsyncSession,
    *,
    action: str,
    actor_id: int | None = None,
    case_id: int | None = None,
    detail: str | None = None,
) -> None:
    session.add(AuditEntry(action=action, actor_id=actor_id, case_id=case_id, detail=detail))


@dataclass(frozen=True)
class Erased:
    cases: list[tuple[int, int | None]]  # (case id, topic id) of the erased cases
    outbox_rows: int


async def erase_family(session: AsyncSession, user_id: int) -> Erased:
    """Delete a family and everything that points to it: cases, queued messages.

    The audit log keeps that an erasure happened (case ids, no content), which the KI needs
    to answer "what happened to my data" without keeping the data itself.
    """
    family = await session.get(Family, user_id)
    chat_id = family.chat_id if family else user_id
    cases = (
        await session.execute(select(Case.id, Case.topic_id).where(Case.family_id == user_id))
    ).all()
    case_ids = [row.id for row in cases]
    addressed_to_family = OutboxMessage.chat_id == chat_id
    if case_ids:
        addressed_to_family = or_(addressed_to_family, OutboxMessage.case_id.in_(case_ids))
    removed = await session.execute(delete(OutboxMessage).where(addressed_to_family))
    if case_ids:
        await session.execute(delete(Case).where(Case.id.in_(case_ids)))
    if family is not None:
        await session.delete(family)
    for case_id in case_ids:
        await audit(session, action="family_erased", case_id=case_id)
    await session.flush()
    return Erased([(row.id, row.topic_id) for row in cases], int(removed.rowcount or 0))
