"""Families: one row per parent's private chat, holding the (encrypted) dialog state."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, delete, or_, select, type_coerce, update

from storage import audit, budget
from storage.crypto import DataKeyError, cipher
from storage.db import Tx
from storage.dialect import built, insert_for_dialect, run
from storage.models import Case, Family, OutboxMessage
from storage.records import CaseTopics, FamilyRecord

log = logging.getLogger(__name__)

_TABLE = Family.__table__
_COLUMNS = (
    _TABLE.c.user_id,
    _TABLE.c.chat_id,
    _TABLE.c.locale,
    # As stored, decrypted in `load`: one unreadable row must not lock its family out.
    type_coerce(_TABLE.c.state, Text).label("state"),
    _TABLE.c.updated_at,
    _TABLE.c.recent_updates,
)
RECENT_UPDATES = 32  # more than Telegram redelivers after any crash or webhook retry


def select_columns(*extra: Any) -> Any:
    """The columns `record_of` reads, and `extra` after them."""
    return select(*_COLUMNS, *extra)


_LOAD = select_columns().where(_TABLE.c.user_id == bindparam("user_id"))
_LOAD_LOCKED = _LOAD.with_for_update()


async def load(tx: Tx, user_id: int, *, lock: bool = False) -> FamilyRecord | None:
    """`lock` holds the row until commit (PostgreSQL; SQLite serialises writers anyway)."""
    row = (await run(tx, _LOAD_LOCKED if lock else _LOAD, {"user_id": user_id})).first()
    return None if row is None else record_of(row)


def record_of(row: Any) -> FamilyRecord:
    """A row of `select_columns`, with the stored state decrypted; a version after them, if
    selected, is kept (`storage.optimistic`)."""
    user, chat, locale, token, updated, recent, *version = row
    state = None
    if token is not None:
        try:
            state = cipher().decrypt_json(token)
        except DataKeyError:
            # The key matches the database (checked at start), so this one row is damaged:
            # the family starts afresh (its next save overwrites it) and can still /deletedata,
            # instead of meeting an apology on every message.
            log.error("family %s: stored state cannot be decrypted; starting afresh", user)
    return FamilyRecord(
        user,
        chat,
        locale,
        state,
        updated,
        recent_updates=tuple(recent or ()),
        version=version[0] if version else None,
    )


def _upsert(dialect: str) -> Any:
    columns = Family.__table__.c
    statement = insert_for_dialect(dialect, Family.__table__).values(
        {name: bindparam(name, type_=columns[name].type) for name in _SAVED}
    )
    return statement.on_conflict_do_update(
        index_elements=["user_id"],
        set_={name: statement.excluded[name] for name in _SAVED if name != "created_at"},
    )


_SAVED = ("user_id", "chat_id", "locale", "state", "created_at", "updated_at", "recent_updates")


async def save(
    tx: Tx,
    *,
    user_id: int,
    chat_id: int,
    locale: str,
    state: dict[str, Any],
    now: datetime,
    recent_updates: tuple[int, ...] = (),
    handled: int | None = None,
) -> None:
    """Insert or update in one statement: a parent's first message needs no extra round trip.
    `now` marks the family active (the retention period counts from it); `handled` is the
    update this write completes, remembered with the family's `recent_updates` (see models)."""
    recent = with_handled(recent_updates, handled)
    values = {
        "user_id": user_id,
        "chat_id": chat_id,
        "locale": locale,
        "state": state,
        "created_at": now,
        "updated_at": now,
        "recent_updates": list(recent) or None,
    }
    await run(tx, built(tx, "families.save", _upsert), values)


def with_handled(recent_updates: tuple[int, ...], handled: int | None) -> tuple[int, ...]:
    """The family's latest update ids once `handled` is done (the oldest fall off)."""
    if handled is None:
        return recent_updates
    return (*recent_updates, handled)[-RECENT_UPDATES:]


async def replace_state(tx: Tx, user_id: int, state: dict[str, Any]) -> None:
    """Write the family's state without marking the family active (housekeeping removing
    what the retention period ends): `updated_at` keeps the family's own last activity."""
    await tx.execute(
        update(Family)
        .where(Family.user_id == user_id)
        .values(state=state, updated_at=Family.updated_at)
    )


async def locale_of(tx: Tx, user_id: int) -> str | None:
    return (await tx.execute(select(Family.locale).where(Family.user_id == user_id))).scalar()


@dataclass(frozen=True)
class Erased:
    cases: list[CaseTopics]  # the erased cases with their topics in Telegram
    outbox_rows: int
    # Cards of cases that never got a topic (creating it failed): they were posted in the
    # group's General topic and must be deleted one by one. (case id, message id, the staff
    # group; None: from before cards there knew their group, the default one)
    general_cards: list[tuple[int, int, int | None]] = field(default_factory=list)


async def erase(tx: Tx, user_id: int) -> Erased:
    """Delete a family and everything that points to it: cases, drafts, queued messages.

    The audit log keeps that an erasure happened (case ids, no content), which the KI needs
    to answer "what happened to my data" without keeping the data itself.
    """
    chat_id = (
        await tx.execute(select(Family.chat_id).where(Family.user_id == user_id))
    ).scalar() or user_id
    cases = (
        await tx.execute(
            select(
                Case.id, Case.staff_chat_id, Case.topic_id, Case.former_topics, Case.card_message_id
            )
            .where(Case.family_id == user_id)
            .order_by(Case.id)
        )
    ).all()
    case_ids = [row.id for row in cases]
    addressed_to_family = OutboxMessage.chat_id == chat_id
    if case_ids:
        addressed_to_family = or_(addressed_to_family, OutboxMessage.case_id.in_(case_ids))
    removed = await tx.execute(delete(OutboxMessage).where(addressed_to_family))
    if case_ids:
        await tx.execute(delete(Case).where(Case.id.in_(case_ids)))
    await tx.execute(delete(Family).where(Family.user_id == user_id))
    await budget.forget_chat(tx, chat_id)
    for case_id in case_ids:
        await audit.record(tx, action="family_erased", case_id=case_id)
    await tx.flush()
    general = [
        (row.id, row.card_message_id, row.staff_chat_id)
        for row in cases
        if row.topic_id is None and row.card_message_id is not None
    ]
    return Erased(
        [CaseTopics.of(*row[:4]) for row in cases],
        int(removed.rowcount or 0),  # type: ignore[attr-defined]
        general,
    )
