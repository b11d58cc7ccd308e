"""The send budget shared by several instances (rows in PostgreSQL), on a clock the test
sets (`at`): each booking is one statement that counts the send and says when it may go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import budget
from storage.db import Database
from storage.records import BudgetSlot

T0 = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.mark.postgres
async def test_a_chat_books_its_burst_then_one_send_per_interval(
    postgres_database: Database,
) -> None:
    """Every booking counts, so callers asking at once are lined up one interval apart and
    none has to ask again after its wait."""

    async def book(key: str, seconds: float) -> float:
        async with postgres_database.transaction() as tx:
            return await budget.book(tx, key, interval=0.2, burst=3, at=at(seconds))

    waits = [await book("chat:1", 0.0) for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.0, 0.0, 0.2, 0.4])
    assert await book("chat:1", 0.5) == pytest.approx(0.1)  # the line goes on from 0.4
    assert await book("chat:2", 0.5) == 0.0  # another chat has its own budget
    assert await book("chat:1", 60.0) == 0.0  # refilled at the configured rate


@pytest.mark.postgres
async def test_the_bot_window_lends_each_slot_to_one_send_until_a_span_after_its_answer(
    postgres_database: Database,
) -> None:
    keys = budget.slot_keys(3)

    async def take(seconds: float) -> BudgetSlot | None:
        async with postgres_database.transaction() as tx:
            return await budget.take_slot(tx, keys, span=1.0, hold=120.0, at=at(seconds))

    async def free(slot: BudgetSlot, seconds: float, answered: float | None = None) -> bool:
        async with postgres_database.transaction() as tx:
            free_from = await budget.free_slot(
                tx, slot, span=1.0, answered=answered, clock=lambda: seconds, at=at(seconds)
            )
        assert free_from is None or free_from == at((answered or seconds) + 1.0)
        return free_from is not None

    async with postgres_database.transaction() as tx:
        assert await budget.open_slots(tx, keys, at=at(0.0)) == 4  # and the pace row
        assert await budget.open_slots(tx, keys, at=at(0.0)) == 0  # made once
    first, second, third = [await take(0.0) for _ in range(3)]
    assert first and second and third
    assert {first.key, second.key, third.key} == set(keys)
    assert first.wait == second.wait == third.wait == 0.0
    assert await take(0.1) is None  # all three in flight: no fourth
    assert await free(second, 0.4, answered=0.3)  # answered at 0.3: counts until 1.3
    booked = await take(0.5)
    assert booked is not None and booked.key == second.key
    assert booked.wait == pytest.approx(0.8)  # booked ahead: sleep, then send at 1.3
    assert booked.free_from == at(1.3) and booked.by_slot
    assert await take(0.5) is None
    # A holder that never gives its slot back (a crash) loses it when the hold ends; its
    # late answer then gives back nothing.
    late = await take(120.0)
    assert late is not None and late.key == first.key and late.wait == 0.0
    assert not await free(first, 121.0)
    assert await free(late, 121.0)


@pytest.mark.postgres
async def test_the_bot_keeps_its_pace_whichever_slot_a_send_takes(
    postgres_database: Database,
) -> None:
    """After a burst of one plus the slack, one send per pace; one that comes late catches up
    within the slack, no further."""
    keys = budget.slot_keys(10)

    async def take(seconds: float) -> float:
        async with postgres_database.transaction() as tx:
            held = await budget.take_slot(
                tx, keys, span=1.0, hold=120.0, pace=0.25, pace_slack=1, at=at(seconds)
            )
        assert held is not None
        return held.wait

    async with postgres_database.transaction() as tx:
        await budget.open_slots(tx, keys, at=at(0.0))
    assert [await take(0.0) for _ in range(4)] == pytest.approx([0.0, 0.0, 0.25, 0.5])
    # The pace is at 1.0 now; at 2.0 the sends are a second late: two go at once, no more.
    assert [await take(2.0) for _ in range(3)] == pytest.approx([0.0, 0.0, 0.25])


@pytest.mark.postgres
async def test_housekeeping_keeps_the_bot_slots_and_drops_idle_chats(
    postgres_database: Database,
) -> None:
    async with postgres_database.transaction() as tx:
        await budget.open_slots(tx, budget.slot_keys(2), at=at(0.0))
        await budget.book(tx, budget.chat_key(7), interval=1.0, at=at(0.0))
        assert await budget.forget_idle(tx, at(3600.0)) == 1
        assert await budget.open_slots(tx, budget.slot_keys(2)) == 0
