"""Telegram's send budget shared by several instances, in PostgreSQL (`rate_limits`).

Two kinds of rows. A chat's (`chat:<id>`) is a GCRA row: its `tat` is the theoretical arrival
time. The bot's 30 a second are `limit` slot rows (`bot:<n>`), a sliding window shared by every
instance: a slot's `tat` is the moment it may carry its next send; while a send is in flight
it is a hold's end instead (`held_until`, far ahead), so nobody else takes the slot.

Each booking is one statement that counts the send and says how long to wait: a caller
sleeps once and sends, with no second round trip to ask again. `at` stands for the database's
clock (tests); the shared clock is the database's, so instances on other machines agree.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Tx
from storage.dialect import insert_for_dialect
from storage.models import RateLimit
from storage.records import BudgetSlot


def chat_key(chat_id: int) -> str:
    """The budget row of one chat: a family's chat id, so erasure removes it too."""
    return f"chat:{chat_id}"


def slot_keys(limit: int) -> list[str]:
    """The rows of the bot's window of `limit` sends (instances with the same limit share
    them)."""
    return [f"bot:{n}" for n in range(limit)]


# When the bot's next send may go at the earliest, whichever slot it takes.
PACE_KEY = "bot:pace"


# A row whose theoretical arrival time is this far past counts like no row at all.
IDLE_AFTER = timedelta(minutes=1)

_NOW = "COALESCE(CAST(:at AS timestamptz), clock_timestamp())"


# A unit of work, or an autocommit connection (`Database.autocommit`): each function here is
# one statement, atomic by itself, and paid for every message.
On = Tx | AsyncConnection


def _is_postgres(on: On) -> bool:
    bind = on if isinstance(on, AsyncConnection) else on.get_bind()
    return bind.dialect.name == "postgresql"


def _needs_postgres(on: On) -> None:
    if not _is_postgres(on):
        raise RuntimeError("the shared budget needs PostgreSQL; SQLite runs one instance")


async def forget_chat(tx: Tx, chat_id: int) -> None:
    """Part of erasing a family: its chat id must not stay behind in the budget table."""
    if _is_postgres(tx):
        await tx.execute(delete(RateLimit).where(RateLimit.key == chat_key(chat_id)))


async def forget_idle(tx: Tx, now: datetime) -> int:
    """Drop chat rows nobody has sent to lately (housekeeping): `GREATEST(tat, now)` makes a
    past row equal to a missing one, so this loses nothing and keeps no chat id longer than
    needed (an erased family's row comes back for its last message, "your data is deleted").
    The bot's slot rows stay: they name nobody, and the next send would only make them again."""
    if not _is_postgres(tx):
        return 0
    result = await tx.execute(
        delete(RateLimit).where(RateLimit.tat < now - IDLE_AFTER, ~RateLimit.key.like("bot:%"))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def book(
    tx: On, key: str, *, interval: float, burst: int = 1, at: datetime | None = None
) -> float:
    """GCRA with a reservation: counts one send for `key` and returns the seconds until it may
    go (0.0: now). The send is counted whatever the answer, so the caller sleeps and sends;
    `burst` sends go at once, then one per `interval`."""
    _needs_postgres(tx)
    wait = (
        await tx.execute(
            text(
                f"WITH now AS (SELECT {_NOW} AS t) "
                "INSERT INTO rate_limits (key, tat) "
                "SELECT :key, now.t + make_interval(secs => :interval) FROM now "
                "ON CONFLICT (key) DO UPDATE SET tat = GREATEST(rate_limits.tat, "
                "(SELECT t FROM now)) + make_interval(secs => :interval) "
                "RETURNING EXTRACT(EPOCH FROM tat - (SELECT t FROM now))"
            ),
            {"key": key, "interval": interval, "at": at},
        )
    ).scalar_one()
    return max(float(wait) - interval * burst, 0.0)


async def open_slots(tx: On, keys: Sequence[str], at: datetime | None = None) -> int:
    """Make the bot's slot rows (and the pace row) that are missing, free from now on;
    returns how many."""
    _needs_postgres(tx)
    now = at if at is not None else func.clock_timestamp()
    result = await tx.execute(
        insert_for_dialect("postgresql", RateLimit)
        .values([{"key": key, "tat": now} for key in [*keys, PACE_KEY]])
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def take_slot(
    tx: On,
    keys: Sequence[str],
    *,
    span: float,
    hold: float,
    pace: float = 0.0,
    pace_slack: int = 0,
    clock: Callable[[], float] = time.monotonic,
    at: datetime | None = None,
) -> BudgetSlot | None:
    """Hold the slot that is free soonest, if one is free within `span`: the caller sleeps
    `wait`, sends, and gives it back with `free_slot` once answered. None when every slot is
    held (or missing, see `open_slots`). A holder that never gives it back (a crash) loses it
    `hold` seconds after its send was due; `hold` must outlast any request.

    Sends keep to `pace` seconds apart on average (the pace row, a GCRA that lets `pace_slack`
    late ones catch up): after a burst the slots come free one by one, not in a cluster the
    senders could not all take up in time. `due` is when on `clock`: the answer is read after
    the statement ran, so it is never too early, and a caller that commits first does not add
    the commit to its wait."""
    _needs_postgres(tx)
    row = (
        await tx.execute(
            text(
                f"WITH now AS (SELECT {_NOW} AS t), "
                "free AS (SELECT key, tat FROM rate_limits, now WHERE key = ANY(:keys) "
                "AND tat <= now.t + make_interval(secs => :span) ORDER BY tat LIMIT 1 "
                "FOR UPDATE OF rate_limits SKIP LOCKED), "
                "pace AS (SELECT tat FROM rate_limits WHERE key = :pace_key FOR UPDATE), "
                "go AS (SELECT free.key, free.tat AS free_from, pace.tat AS paced, "
                "GREATEST(free.tat, now.t, "
                "pace.tat - make_interval(secs => :slack)) AS t "
                "FROM free, now, pace), "
                "paced AS (UPDATE rate_limits SET tat = GREATEST(go.paced, go.t) "
                "+ make_interval(secs => :pace) FROM go WHERE rate_limits.key = :pace_key) "
                "UPDATE rate_limits SET tat = go.t + make_interval(secs => :hold) "
                "FROM go, now WHERE rate_limits.key = go.key "
                "RETURNING rate_limits.key, rate_limits.tat, EXTRACT(EPOCH FROM go.t - now.t), "
                "go.free_from, go.t = go.free_from"
            ),
            {
                "keys": list(keys),
                "pace_key": PACE_KEY,
                "span": span,
                "hold": hold,
                "pace": pace,
                "slack": pace * pace_slack,
                "at": at,
            },
        )
    ).first()
    if row is None:
        return None
    key, held_until, wait, free_from, by_slot = row
    wait = max(float(wait), 0.0)
    return BudgetSlot(key, held_until, wait, clock() + wait, free_from, bool(by_slot))


async def free_slot(
    tx: On,
    slot: BudgetSlot,
    *,
    span: float,
    answered: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    at: datetime | None = None,
) -> datetime | None:
    """Give a slot back once its send is answered (at `answered` on `clock`; None: now): it
    counts until `span` after the answer, so the send reached Telegram inside the span
    whenever it did, and no `span` of arrivals holds more sends than there are slots. The
    statement runs after `clock` is read, so its clock minus the time since the answer is
    never before the answer. Returns when the slot is free again; None when the hold had run
    out (and the slot was taken again): the send took longer than `hold`."""
    _needs_postgres(tx)
    after = span - (clock() - answered if answered is not None else 0.0)
    result = await tx.execute(
        text(
            f"UPDATE rate_limits SET tat = {_NOW} + make_interval(secs => :after) "
            "WHERE key = :key AND tat = :held_until RETURNING tat"
        ),
        {"key": slot.key, "held_until": slot.held_until, "after": after, "at": at},
    )
    free_from: datetime | None = result.scalar_one_or_none()
    return free_from
