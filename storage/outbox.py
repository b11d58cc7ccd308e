"""The outbox table: messages to other chats, written in the same transaction as their cause,
leased by one worker at a time, in order per chat.

Payloads are stored encrypted (they hold relayed texts); what they mean is the shell's
business (`bot/outbox/items.py`), storage only keeps kind and payload together.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Text,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)

from storage.crypto import DataKeyError, cipher
from storage.db import Tx
from storage.dialect import run
from storage.models import OutboxMessage
from storage.records import OutboxRecord

log = logging.getLogger(__name__)

# `last_error` of a row set aside because DATA_KEY cannot decrypt it.
UNREADABLE = "set aside: cannot be decrypted with DATA_KEY"


def _record(row: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        row.id, row.chat_id, row.case_id, row.kind, row.payload, row.attempts, row.last_error
    )


async def enqueue(
    tx: Tx,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    due: datetime,
    case_id: int | None = None,
) -> int:
    """`due`: when the worker may send it — now, or later for a scheduled message (the
    worker's clock decides, so it must be the same clock as the caller's)."""
    row = OutboxMessage(
        chat_id=chat_id,
        kind=kind,
        payload=payload,
        case_id=case_id,
        created_at=due,
        next_attempt_at=due,
    )
    tx.add(row)
    await tx.flush()
    return row.id


async def enqueue_leased(
    tx: Tx, rows: list[tuple[int, str, dict[str, Any]]], *, now: datetime, lease_until: datetime
) -> list[OutboxRecord]:
    """Rows of (chat id, kind, payload) that this process sends itself right after the commit
    (the replies of an update): leased from the start, so no worker takes them meanwhile; if
    the process dies first, the lease runs out and any worker sends them. One statement."""
    params = [
        {
            "chat_id": chat_id,
            "kind": kind,
            "payload": payload,
            "created_at": now,
            "next_attempt_at": now,
            "lease_until": lease_until,
            "attempts": 0,
        }
        for chat_id, kind, payload in rows
    ]
    ids = (await run(tx, _LEASED_INSERT, params)).scalars().all()
    return [
        OutboxRecord(row_id, chat_id, None, kind, payload, 0)
        for row_id, (chat_id, kind, payload) in zip(ids, rows, strict=True)
    ]


# One statement for any number of rows: SQLAlchemy's "insertmanyvalues" sends the rows as
# one multi-row INSERT … RETURNING and, asked to, hands the ids back in the rows' order. The
# table, not the mapped class (the ORM would insert row by row on SQLite), and a constant
# statement, so its compiled form is cached; an `.values([...])` statement has no cache key
# and was compiled again for every update (~0.4 ms).
_LEASED_INSERT = insert(OutboxMessage.__table__).returning(
    OutboxMessage.__table__.c.id, sort_by_parameter_order=True
)


async def pending_count(tx: Tx) -> int:
    result = await tx.execute(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))
    )
    return int(result.scalar_one())


async def messages_waiting_in(tx: Tx, chat_ids: Collection[int]) -> int:
    """About how many messages these chats' queue (a staff group: its id and, for the default
    group, 0) still has to send: a case's waiting rows go out as about one (texts are
    bundled), anything without a case as one each."""
    waiting = OutboxMessage.delivered_at.is_(None) & OutboxMessage.chat_id.in_(chat_ids)
    cases = select(func.count(func.distinct(OutboxMessage.case_id))).where(waiting)
    loose = select(func.count()).where(waiting, OutboxMessage.case_id.is_(None))
    return int(await tx.scalar(cases) or 0) + int(await tx.scalar(loose) or 0)


async def pending_rows(tx: Tx) -> list[OutboxRecord]:
    """Every undelivered row, oldest first (tests and the console)."""
    rows = await tx.execute(
        select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None)).order_by(OutboxMessage.id)
    )
    return [_record(row) for row in rows.scalars()]


def _free(now: datetime) -> Any:
    """Due and not being sent by anyone (a lease that ended was a worker that died)."""
    unleased = (OutboxMessage.lease_until.is_(None)) | (OutboxMessage.lease_until < now)
    return unleased & (OutboxMessage.next_attempt_at <= now)


# The payload as stored, decrypted row by row in `_lease`: one row the key cannot read must
# not stop every other chat's messages.
_TABLE = OutboxMessage.__table__
_LEASABLE = select(
    _TABLE.c.id,
    _TABLE.c.chat_id,
    _TABLE.c.case_id,
    _TABLE.c.kind,
    type_coerce(_TABLE.c.payload, Text).label("token"),
    _TABLE.c.attempts,
    _TABLE.c.last_error,
)


async def _lease(tx: Tx, query: Any, *, now: datetime, lease: timedelta) -> list[OutboxRecord]:
    """Take the rows `query` (on `_LEASABLE`) selects; SKIP LOCKED lets two instances take
    different ones at the same moment instead of waiting for each other. A row the key
    cannot decrypt is set aside instead."""
    rows = (await tx.execute(query.with_for_update(skip_locked=True))).all()
    leased: list[OutboxRecord] = []
    unreadable: list[int] = []
    for row in rows:
        try:
            payload = cipher().decrypt_json(row.token)
        except DataKeyError:
            unreadable.append(row.id)
            continue
        leased.append(
            OutboxRecord(
                row.id, row.chat_id, row.case_id, row.kind, payload, row.attempts, row.last_error
            )
        )
    if leased:
        await tx.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([r.id for r in leased]))
            .values(lease_until=now + lease)
        )
    if unreadable:
        await set_aside(tx, unreadable, now=now)
    return leased


async def set_aside(tx: Tx, message_ids: list[int], *, now: datetime) -> None:
    """Rows the key cannot decrypt: out of the queue (so the chat's next message can go), kept
    as undelivered-with-error until `purge-undecryptable` or the outbox's retention."""
    log.error(
        "outbox: %d message(s) cannot be decrypted with DATA_KEY; set aside", len(message_ids)
    )
    await tx.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids))
        .values(delivered_at=now, last_error=UNREADABLE, lease_until=None)
    )


# A case's row for the counsellors: addressed to a staff group (negative, or 0 for the default
# one, resolved by the worker) and naming its case. A case's group can change (its
# municipality became known, STAFF_GROUPS was changed): its rows stay one line whichever
# group each was addressed to. Nothing about a case ever goes to another group.
_FOR_A_TOPIC = (OutboxMessage.chat_id <= 0) & OutboxMessage.case_id.is_not(None)


async def lease_due(
    tx: Tx,
    *,
    now: datetime,
    lease: timedelta,
    limit: int = 50,
    skip_chats: Collection[int] = (),
) -> list[OutboxRecord]:
    """Take the oldest pending row of each chat that nobody else is sending — in the staff
    groups, of each case: there order matters within a case's topic, and one busy case must
    not hold up every other. New topics go first. Rows addressed to `skip_chats` (groups this
    worker is sending to already) are left for later.

    The head of a chat (or case) that another instance has leased keeps the rest of it
    back, so order holds across instances.
    """
    line = case((_FOR_A_TOPIC, 0), else_=OutboxMessage.chat_id)
    sequence = case((_FOR_A_TOPIC, OutboxMessage.case_id), else_=0)
    heads = (
        select(func.min(OutboxMessage.id))
        .where(OutboxMessage.delivered_at.is_(None))
        .group_by(line, sequence)
        .scalar_subquery()
    )
    new_topic_first = case((OutboxMessage.kind == "create_topic", 0), else_=1)
    query = _LEASABLE.where(OutboxMessage.id.in_(heads), _free(now))
    if skip_chats:
        query = query.where(OutboxMessage.chat_id.not_in(skip_chats))
    query = query.order_by(new_topic_first, OutboxMessage.id).limit(limit)
    return await _lease(tx, query, now=now, lease=lease)


async def lease_followers(
    tx: Tx, head: OutboxRecord, *, now: datetime, lease: timedelta, limit: int
) -> list[OutboxRecord]:
    """The rows queued after `head` for the same chat and case, free and due, oldest first
    and leased with it (to be sent together: bot/outbox/bundle.py). Only rows no one else
    could take: behind a leased head, a case's rows wait anyway."""
    query = (
        _LEASABLE.where(
            OutboxMessage.chat_id == head.chat_id,
            OutboxMessage.case_id == head.case_id,
            OutboxMessage.id > head.id,
            OutboxMessage.delivered_at.is_(None),
            _free(now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return await _lease(tx, query, now=now, lease=lease)


async def lease_next(
    tx: Tx, *, now: datetime, lease: timedelta, skip_chats: Collection[int] = ()
) -> OutboxRecord | None:
    """One row, leased right before it is sent: a worker killed mid-send holds back at most
    this one row, for at most `lease`."""
    rows = await lease_due(tx, now=now, lease=lease, limit=1, skip_chats=skip_chats)
    return rows[0] if rows else None


async def release(tx: Tx, message_id: int) -> None:
    await release_many(tx, [message_id])


async def release_many(tx: Tx, message_ids: list[int]) -> None:
    """Hand leased rows back, untried: any worker may take them now."""
    if message_ids:
        await tx.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(message_ids)).values(lease_until=None)
        )


_DELIVERED = (
    update(OutboxMessage.__table__)
    .where(OutboxMessage.__table__.c.id.in_(bindparam("ids", expanding=True)))
    .values(delivered_at=bindparam("now"), last_error=None, lease_until=None)
)


async def mark_delivered_many(tx: Tx, message_ids: list[int], *, now: datetime) -> None:
    if message_ids:
        await run(tx, _DELIVERED, {"ids": message_ids, "now": now})


async def mark_delivered(
    tx: Tx, message_id: int, *, now: datetime, error: str | None = None
) -> None:
    """Done with the row; `error` records why Telegram refused it for good, if it did."""
    await tx.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(delivered_at=now, last_error=error[:200] if error else None, lease_until=None)
    )


async def mark_failed(
    tx: Tx, message_id: int, *, now: datetime, retry_in: float, error: str
) -> None:
    await tx.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now + timedelta(seconds=retry_in),
            last_error=error[:200],
            lease_until=None,
        )
    )


async def delete_delivered_before(tx: Tx, moment: datetime) -> int:
    result = await tx.execute(
        delete(OutboxMessage).where(
            OutboxMessage.delivered_at.is_not(None), OutboxMessage.delivered_at < moment
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
