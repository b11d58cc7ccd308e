"""Telegram's budgets shared by instances on one PostgreSQL (SharedChatLimits): together they
never send more than the bot's limit in any span, however late requests arrive."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.outbox.limits import SharedChatLimits
from storage.db import Database
from tests.support.env import POSTGRES_URL

pytestmark = pytest.mark.postgres

# The database's clock and the loop's run at the same rate; a send's end and the next grant
# of its slot are a round trip to the database further apart than the span, never closer.
CLOCKS = 1e-4


async def test_two_instances_together_never_exceed_the_bot_limit_in_any_span(
    postgres_database: Database,
) -> None:
    """Each send reaches "Telegram" somewhere between its grant and its answer (the worst
    case on both ends, random delays), from three loops in each of two instances."""
    other = Database(POSTGRES_URL, schema=postgres_database.schema)
    instances = [SharedChatLimits(db, bot_limit=5, span=0.2) for db in (postgres_database, other)]
    rng = random.Random(7)
    arrivals: list[float] = []
    loop = asyncio.get_running_loop()

    async def send(limits: SharedChatLimits) -> None:
        for _ in range(8):
            async with limits.slot(1, counted=False):
                granted = loop.time()
                took = rng.uniform(0, 0.03)
                await asyncio.sleep(took)
                arrivals.append(granted + rng.choice([0.0, took, rng.uniform(0, took)]))

    try:
        await asyncio.gather(*(send(limits) for limits in instances for _ in range(3)))
        for limits in instances:
            await limits.close()
    finally:
        await other.close()
    arrivals.sort()
    busiest = max(sum(1 for t in arrivals if s <= t < s + 0.2 - CLOCKS) for s in arrivals)
    assert len(arrivals) == 48 and busiest <= 5


async def test_families_and_groups_keep_their_own_budgets(postgres_database: Database) -> None:
    """A family: two at once, then one a second; a group: one per 3.2 s (20 a minute with
    room). Each wait is booked at once, so the sleeps are the whole story (the bot's own
    pace, a thirtieth of a second a send, is left out)."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # the waits themselves are not the point
        if seconds > 0.5:
            slept.append(seconds)

    limits = SharedChatLimits(postgres_database, private=(1.0, 2), group_interval=3.2, sleep=sleep)
    for _ in range(4):
        async with limits.slot(5):
            pass
    family, slept[:] = list(slept), []
    for _ in range(2):
        async with limits.slot(-100):
            pass
    assert len(family) == 2 and 0 < family[0] <= 1.0 and 1.0 < family[1] <= 2.0
    assert len(slept) == 1 and 2.2 < slept[0] <= 3.2
    async with limits.slot(-100, counted=False):  # an edit takes no slot of the group's
        pass
    await limits.close()
    assert len(slept) == 1


async def test_a_slot_given_back_by_this_instance_comes_free_a_span_after_its_answer(
    postgres_database: Database,
) -> None:
    """Not a span after the database heard of the answer, nor after its reply reached us:
    both ways would stretch every slot (bench/README.md, "outbound")."""
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limits = SharedChatLimits(
        postgres_database, bot_limit=1, span=5.0, sleep=sleep, clock=lambda: now[0]
    )
    async with limits.slot(1, counted=False):
        now[0] += 0.05  # the request, answered at 100.05
    now[0] += 0.01  # the answer written down
    await limits.close()  # the slot given back (in the background)
    async with limits.slot(1, counted=False):
        pass
    assert slept == [pytest.approx(4.99, abs=1e-9)]  # sent at 105.05
