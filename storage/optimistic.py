"""A parent's update on PostgreSQL in two round trips instead of five.

The usual unit of work is `BEGIN`, the family's row `FOR UPDATE`, its write, the replies'
insert and `COMMIT`: five round trips to the server — network round trips when it runs on
another host — and the statements' cost on both sides (bench/README.md). Here the row is
read without a lock or transaction (`peek`), the update is worked out, and the family's new
state and its replies are written in one statement (`write_family_and_replies`) that
changes the row only if nobody wrote it meanwhile — PostgreSQL's `xmin`, the id of the
transaction that last wrote the row, is the version. If somebody did (another instance, a
counsellor's action, housekeeping, an erasure), nothing is written (`Conflict`) and the
caller handles the update again the usual way, holding the lock.

A single statement is atomic without `BEGIN`/`COMMIT`, so when the update ran no other
statement the write goes on an autocommit connection. When it does run one (a case opened,
an invitation looked up), its transaction first locks the family's row at the version read
(`_lock_first`), as the locking unit of work does: rows are locked family first everywhere
(storage/retention.py), so two transactions never wait for each other; the same statement
then ends that transaction.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import TextClause, bindparam, event, literal_column, text
from sqlalchemy.orm import Session

from storage import direct, families
from storage.crypto import cipher
from storage.db import Database, Tx, UnitSession
from storage.models import Family, OutboxMessage
from storage.records import FamilyRecord, OutboxRecord


class Conflict(Exception):
    """The family's row changed (or went, or came) since it was read: handle the update
    again."""


# The version of a family's row that `peek` found missing: the write makes the row, only if
# nobody made it meanwhile. A family's first update so needs no ledger row either.
NO_ROW = ""


@dataclass(frozen=True)
class FamilyWrite:
    """A family's row as an update leaves it, to be written with the update's replies."""

    user_id: int
    chat_id: int
    locale: str
    state: dict[str, Any]
    now: datetime
    recent_updates: tuple[int, ...]


_PEEK = families.select_columns(
    literal_column("CAST(families.xmin AS TEXT)").label("version")
).where(Family.__table__.c.user_id == bindparam("user_id"))


async def peek(db: Database, user_id: int) -> FamilyRecord | None:
    """The family's row with its version, read without a lock or transaction (one round
    trip, on the driver: storage/direct.py) — or, when this process wrote it last, as it
    wrote it (`_Kept`: no round trip at all). Its connection goes back to the pool at once:
    held until the update's write, it would be a second one whenever the update's
    transaction takes one, and a burst of parents could take the whole pool and wait for
    each other."""
    kept = _kept(db).take(user_id)
    if kept is not None:
        return families.record_of(kept)
    sql, _names = _on_driver(_PEEK)
    row = await db.direct.fetchrow(sql, user_id)
    if row is None:
        return None
    user, chat, locale, token, updated, recent, version = row
    # The driver hands JSON over as its text; SQLAlchemy's JSON type would have parsed it.
    recent = json.loads(recent) if recent is not None else None
    return families.record_of((user, chat, locale, token, updated, recent, version))


# How many rows, and for how long, `_Kept` remembers: a parent answering the intake taps
# every few seconds; one who went quiet costs nothing (bench/memory.py).
KEPT_ROWS = 2000
KEPT_SECONDS = 600.0


class _Kept:
    """Families' rows as this process last wrote them, by user: the row as stored — the state
    still encrypted, never the answers in the clear — with the version the write returned.

    A parent's next update starts from it instead of reading the row again. If anybody
    else wrote the row since (another instance, a counsellor's action, housekeeping, an
    erasure), the write at this version changes nothing and the update runs again, locked,
    from the row as it is (`Conflict`). `take` removes the row, so only an update that ends
    in the optimistic write leaves one here (an erasure, a locked update, an error leave
    none); at most `KEPT_ROWS`, none older than `KEPT_SECONDS`."""

    def __init__(self) -> None:
        self._rows: OrderedDict[int, tuple[float, tuple[Any, ...]]] = OrderedDict()

    def take(self, user_id: int) -> tuple[Any, ...] | None:
        kept = self._rows.pop(user_id, None)
        if kept is None or time.monotonic() - kept[0] > KEPT_SECONDS:
            return None
        return kept[1]

    def keep(self, user_id: int, row: tuple[Any, ...]) -> None:
        self._rows[user_id] = (time.monotonic(), row)
        self._rows.move_to_end(user_id)
        while len(self._rows) > KEPT_ROWS:
            self._rows.popitem(last=False)

    def __len__(self) -> int:
        return len(self._rows)


_KEPT: WeakKeyDictionary[Database, _Kept] = WeakKeyDictionary()


def _kept(db: Database) -> _Kept:
    kept = _KEPT.get(db)
    if kept is None:
        kept = _KEPT[db] = _Kept()
    return kept


_EXPECTED = "schullotse.optimistic"
_CONFLICT = "schullotse.conflict"


def expect(tx: Tx, family: FamilyRecord) -> None:
    """`tx` works on `family` as read by `peek`: should it run a statement, its transaction
    locks the row first, and only at that version."""
    tx.info[_EXPECTED] = (family.user_id, family.version)


def check(tx: Tx) -> None:
    """`Conflict` if the lock found the row changed, even where a caller caught the error."""
    if tx.info.get(_CONFLICT):
        raise Conflict()


_LOCK = text(
    "SELECT 1 FROM families WHERE user_id = :user_id AND CAST(xmin AS TEXT) = :version FOR UPDATE"
)


@event.listens_for(UnitSession, "after_begin")
def _lock_first(session: Session, _transaction: Any, connection: Any) -> None:
    expected = session.info.get(_EXPECTED)
    if expected is None:
        return
    user_id, version = expected
    if connection.execute(_LOCK, {"user_id": user_id, "version": version}).first() is None:
        session.info[_CONFLICT] = True
        raise Conflict(user_id)


async def write_family_and_replies(
    db: Database,
    tx: Tx,
    write: FamilyWrite,
    *,
    version: str,
    replies: list[tuple[int, str, dict[str, Any]]],
    now: datetime,
    lease_until: datetime,
) -> list[OutboxRecord]:
    """The family's row, if still at `version` (or made, if `NO_ROW`), and the replies
    (leased to this process, as `outbox.enqueue_leased`), in one statement; `Conflict` when
    the row has changed (or was made meanwhile)."""
    # The values as SQLAlchemy's column types would bind them (EncryptedJSON, JSON,
    # UTCDateTime): the statement goes to the driver itself.
    encrypt = cipher().encrypt_json
    params: dict[str, Any] = {
        "user_id": write.user_id,
        "version": version,
        "chat_id": write.chat_id,
        "locale": write.locale,
        "state": None if write.state is None else encrypt(write.state),
        "updated_at": _utc(write.now),
        "recent_updates": json.dumps(list(write.recent_updates)) if write.recent_updates else None,
        "now": _utc(now),
        "lease_until": _utc(lease_until),
    }
    for position, (chat_id, kind, payload) in enumerate(replies):
        params[f"chat_{position}"] = chat_id
        params[f"kind_{position}"] = kind
        params[f"payload_{position}"] = encrypt(payload)
    sql, names = _on_driver(_statement(len(replies), new=version == NO_ROW))
    args = [params[name] for name in names]
    committed = not Database.has_begun(tx)
    if committed:
        row = await db.direct.fetchrow(sql, *args)  # its own transaction
    else:
        # Part of the update's transaction, which locked the row first (`_lock_first`).
        driver = await direct.driver_connection(await tx.connection())
        row = await driver.fetchrow(sql, *args)
    written, ids, new_version = row
    if not written:
        raise Conflict(write.user_id)
    if committed:
        # Only a row known to be stored: a transaction can still fail at its commit, and a
        # row kept from it would count its update as handled when it is tried again.
        recent = list(write.recent_updates) or None
        stored = (write.chat_id, write.locale, params["state"], write.now, recent, new_version)
        _kept(db).keep(write.user_id, (write.user_id, *stored))
    ids = sorted(ids or ())
    return [
        OutboxRecord(row_id, chat_id, None, kind, payload, 0)
        for row_id, (chat_id, kind, payload) in zip(ids, replies, strict=True)
    ]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


_COMPILED: dict[int, tuple[str, list[str]]] = {}


def _on_driver(statement: Any) -> tuple[str, list[str]]:
    """`statement` in asyncpg's own SQL (`$1`, `$2` …) with its parameters' names in that
    order; compiled once each, on first use, so SQLite never loads PostgreSQL's dialect."""
    compiled = _COMPILED.get(id(statement))
    if compiled is None:
        from sqlalchemy.dialects.postgresql.asyncpg import dialect

        form = statement.compile(dialect=dialect())
        compiled = _COMPILED[id(statement)] = (form.string, list(form.positiontup or ()))
    return compiled


_FAMILY = Family.__table__.c
_OUTBOX = OutboxMessage.__table__.c
_STATEMENTS: dict[tuple[int, bool], TextClause] = {}


def _statement(replies: int, *, new: bool) -> TextClause:
    """Built once per number of replies (one to a few) and kind (a new family's row, or
    one read at a version), so its compiled form is cached and PostgreSQL's prepared
    statement reused."""
    statement = _STATEMENTS.get((replies, new))
    if statement is None:
        statement = _STATEMENTS[replies, new] = _build(replies, new=new)
    return statement


def _build(replies: int, *, new: bool) -> TextClause:
    if new:
        # Nobody may have made the row meanwhile: another instance handling the same first
        # update (a webhook's retry) makes it once, and this one writes nothing.
        family = (
            "INSERT INTO families (user_id, chat_id, locale, state, created_at, updated_at, "
            "recent_updates) VALUES (:user_id, :chat_id, :locale, :state, :updated_at, "
            ":updated_at, :recent_updates) ON CONFLICT (user_id) DO NOTHING "
            "RETURNING user_id, CAST(xmin AS TEXT) AS version"
        )
    else:
        family = (
            "UPDATE families SET chat_id = :chat_id, locale = :locale, state = :state, "
            "updated_at = :updated_at, recent_updates = :recent_updates "
            "WHERE user_id = :user_id AND CAST(xmin AS TEXT) = :version "
            # The new row's xmin: the version the next update of this family writes at.
            "RETURNING user_id, CAST(xmin AS TEXT) AS version"
        )
    if replies:
        rows = ", ".join(
            f"(CAST(:chat_{n} AS BIGINT), CAST(:kind_{n} AS VARCHAR), "
            f"CAST(:payload_{n} AS TEXT), {n})"
            for n in range(replies)
        )
        # Ordered by position, so the sequence hands out ids in the replies' order.
        outbox = (
            "INSERT INTO outbox (chat_id, kind, payload, created_at, next_attempt_at, "
            "lease_until, attempts) SELECT r.chat_id, r.kind, r.payload, "
            "CAST(:now AS TIMESTAMPTZ), CAST(:now AS TIMESTAMPTZ), "
            f"CAST(:lease_until AS TIMESTAMPTZ), 0 FROM (VALUES {rows}) "
            "AS r(chat_id, kind, payload, position) WHERE EXISTS (SELECT 1 FROM family) "
            "ORDER BY r.position RETURNING id"
        )
        sql = (
            f"WITH family AS ({family}), replies AS ({outbox}) "
            "SELECT (SELECT count(*) FROM family), (SELECT array_agg(id) FROM replies), "
            "(SELECT version FROM family)"
        )
    else:
        sql = (
            f"WITH family AS ({family}) "
            "SELECT (SELECT count(*) FROM family), NULL, (SELECT version FROM family)"
        )
    types = [
        bindparam("state", type_=_FAMILY.state.type),
        bindparam("updated_at", type_=_FAMILY.updated_at.type),
        bindparam("recent_updates", type_=_FAMILY.recent_updates.type),
    ]
    if replies:
        types.append(bindparam("now", type_=_OUTBOX.created_at.type))
        types.append(bindparam("lease_until", type_=_OUTBOX.lease_until.type))
    types += [bindparam(f"payload_{n}", type_=_OUTBOX.payload.type) for n in range(replies)]
    return text(sql).bindparams(*types)
