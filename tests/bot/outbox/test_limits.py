"""The bot's own budget: no more than Telegram's 30 a second however late requests arrive."""

from __future__ import annotations

import asyncio
import random

from bot.outbox.limits import SlidingWindow, per_second


async def test_arrivals_never_exceed_the_limit_in_any_window_whatever_the_delays() -> None:
    """Each send reaches "Telegram" at some moment between its grant and its answer; with
    random delays, concurrent senders and the worst case on both ends, no window of `span`
    holds more than `limit` arrivals."""
    window = SlidingWindow(limit=5, span=0.2)
    rng = random.Random(7)
    arrivals: list[float] = []
    loop = asyncio.get_running_loop()

    async def send() -> None:
        for _ in range(8):
            await window.acquire()
            granted = loop.time()
            took = rng.uniform(0, 0.03)
            await asyncio.sleep(took)
            arrivals.append(granted + rng.choice([0.0, took, rng.uniform(0, took)]))
            window.release()

    await asyncio.gather(*(send() for _ in range(4)))
    arrivals.sort()
    busiest = max(
        sum(1 for t in arrivals if start <= t < start + window.span) for start in arrivals
    )
    assert len(arrivals) == 32 and busiest <= window.limit


async def test_a_quiet_window_lets_a_burst_through_at_once_and_then_holds() -> None:
    """Unlike a bucket of capacity 1 (one send per interval, a late timer lost for good), the
    window lets sends catch up after a pause: up to the limit at once, then no more."""
    window = SlidingWindow(limit=5, span=60.0)
    for _ in range(5):
        await asyncio.wait_for(window.acquire(), 1.0)  # none waits for a timer
        window.release()
    sixth = asyncio.create_task(window.acquire())
    await asyncio.sleep(0)  # let it reach its wait
    assert not sixth.done()  # the span has not passed: it waits (a minute here)
    sixth.cancel()


def test_intervals_become_messages_a_second() -> None:
    assert per_second(1 / 30) == 30 and per_second(1 / 28.6) == 29 and per_second(3.2) == 1
