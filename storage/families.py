"""Families: one row per parent's private chat, holding the (encrypted) dialog state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select

from storage import audit
from storage.db import Tx
from storage.dialect import insert_for
from storage.models import Case, Family, OutboxMessage
from storage.records import FamilyRecord

_COLUMNS = (Family.user_id, Family.chat_id, Family.locale, Family.state, Family.updated_at)


async def load(tx: Tx, user_id: int, *, lock: bool = False) -> FamilyRecord | None:
    """`lock` holds the row until commit (PostgreSQL; SQLite serialises writers anyway)."""
    statement = select(*_COLUMNS).where(Family.user_id == user_id)
    if lock:
        statement = statement.with_for_update()
    row = (await tx.execute(statement)).first()
    return FamilyRecord(*row) if row is not None else None


async def save(
    tx: Tx, *, user_id: int, chat_id: int, locale: str, state: dict[str, Any], now: datetime
) -> None:
    """Insert or update in one statement: a parent's first message needs no extra round trip.
    `now` marks the family active (the retention period counts from it)."""
    values = {"chat_id": chat_id, "locale": locale, "state": state, "updated_at": now}
    statement = (
        insert_for(tx, Family)
        .values(user_id=user_id, created_at=now, **values)
        .on_conflict_do_update(index_elements=["user_id"], set_=values)
    )
    await tx.execute(statement)


async def locale_of(tx: Tx, user_id: int) -> str | None:
    return (await tx.execute(select(Family.locale).where(Family.user_id == user_id))).scalar()


@dataclass(frozen=True)
class Erased:
    cases: list[tuple[int, int | None]]  # (case id, topic id) of the erased cases
    outbox_rows: int


async def erase(tx: Tx, user_id: int) -> Erased:
    """Delete a family and everything that points to it: cases, drafts, queued messages.

    The audit log keeps that an erasure happened (case ids, no content), which the KI needs
    to answer "what happened to my data" without keeping the data itself.
    """
    chat_id = (
        await tx.execute(select(Family.chat_id).where(Family.user_id == user_id))
    ).scalar() or user_id
    cases = (
        await tx.execute(select(Case.id, Case.topic_id).where(Case.family_id == user_id))
    ).all()
    case_ids = [row.id for row in cases]
    addressed_to_family = OutboxMessage.chat_id == chat_id
    if case_ids:
        addressed_to_family = or_(addressed_to_family, OutboxMessage.case_id.in_(case_ids))
    removed = await tx.execute(delete(OutboxMessage).where(addressed_to_family))
    if case_ids:
        await tx.execute(delete(Case).where(Case.id.in_(case_ids)))
    await tx.execute(delete(Family).where(Family.user_id == user_id))
    for case_id in case_ids:
        await audit.record(tx, action="family_erased", case_id=case_id)
    await tx.flush()
    return Erased([(row.id, row.topic_id) for row in cases], int(removed.rowcount or 0))  # type: ignore[attr-defined]
