"""Feeds prepared updates through one target's dispatcher and measures it."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from aiogram.types import Update

from bench.measure import ErrorCounter, GcWatch, median, peak_rss_mib, percentile, rss_mib
from bench.scenarios import POSTGRES_URL, Target, freezes, make_target
from bench.workload import WireStep, interleaved_updates

# Each run gets its own parents (user ids), so no run continues another run's conversations.
USER_ID_STRIDE = 10_000_000


@dataclass
class RunResult:
    label: str
    updates: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    gc: dict[str, Any]
    errors: int
    replies: int
    first_error: str | None = None

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0


@dataclass
class ScenarioResult:
    name: str
    runs: list[RunResult]
    freeze: bool
    journey_length: int
    journeys_finished: int
    rss_after_setup_mib: float
    full_gc_ms: float
    peak_rss_mib: float
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return median([r.rate for r in self.runs])

    @property
    def p50_ms(self) -> float:
        return median([r.p50_ms for r in self.runs])

    @property
    def p99_ms(self) -> float:
        return median([r.p99_ms for r in self.runs])

    @property
    def max_ms(self) -> float:
        """The slowest update of all runs: where a GC pause or a checkpoint shows."""
        return max((r.max_ms for r in self.runs), default=0.0)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rate"] = self.rate
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioResult:
        data = {k: v for k, v in data.items() if k != "rate"}
        data["runs"] = [RunResult(**r) for r in data["runs"]]
        return cls(**data)


Feeding = Callable[[Target, list[dict[str, Any]]], Awaitable[list[int]]]


async def measured(
    target: Target, updates: list[dict[str, Any]], label: str, feeding: Feeding
) -> RunResult:
    """A run of `feeding`, which returns each update's latency (ns), with what it cost."""
    replies_before = target.replies()
    with GcWatch() as watch, ErrorCounter() as errors:
        started = time.perf_counter_ns()
        latencies = await feeding(target, updates)
        elapsed = time.perf_counter_ns() - started
    ms = [v / 1e6 for v in latencies]
    return RunResult(
        label=label,
        updates=len(updates),
        seconds=elapsed / 1e9,
        p50_ms=percentile(ms, 50),
        p99_ms=percentile(ms, 99),
        max_ms=max(ms, default=0.0),
        gc=watch.stats.as_dict(),
        errors=errors.count,
        replies=target.replies() - replies_before,
        first_error=errors.first,
    )


async def one_after_another(target: Target, updates: list[dict[str, Any]]) -> list[int]:
    """Sequential `feed_update`, parsing included (as polling and webhooks do it)."""
    bot, dp = target.bot, target.dp
    clock = time.perf_counter_ns
    latencies: list[int] = []
    for raw in updates:
        t0 = clock()
        await dp.feed_update(bot, Update.model_validate(raw, context={"bot": bot}))
        latencies.append(clock() - t0)
    return latencies


def arriving_at(rate: float) -> Feeding:
    """Open loop: update i arrives at i / `rate` seconds and is handled as its own task, as
    polling hands updates to aiogram (`handle_as_tasks`), whether or not the ones before it
    are done; its latency counts from its arrival time, so a late start counts too. Arrivals
    are evenly spaced (reproducible), not random. What "many parents at once" means for a
    bot: each waits for its reply, but their updates overlap."""

    async def feeding(target: Target, updates: list[dict[str, Any]]) -> list[int]:
        bot, dp = target.bot, target.dp
        clock = time.perf_counter_ns
        latencies: list[int] = []

        async def one(raw: dict[str, Any], arrival: int) -> None:
            await dp.feed_update(bot, Update.model_validate(raw, context={"bot": bot}))
            latencies.append(clock() - arrival)

        started = clock()
        tasks = []
        for index, raw in enumerate(updates):
            arrival = started + int(index * 1e9 / rate)
            wait = (arrival - clock()) / 1e9
            if wait > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(one(raw, arrival)))
        await asyncio.gather(*tasks)
        return latencies

    return feeding


class ScenarioBench:
    """One scenario, set up once and then run batch after batch on request, so a caller can
    interleave scenarios (A, B, S, A, B, S …) and machine noise hits all of them alike."""

    def __init__(
        self,
        name: str,
        *,
        journey: list[WireStep],
        updates: int,
        users: int,
        workdir: Path,
        postgres_url: str = POSTGRES_URL,
        rate: float | None = None,
    ) -> None:
        self.name, self.updates, self.users, self.rate = name, updates, users, rate
        self.workdir, self.postgres_url, self.freeze = workdir, postgres_url, freezes(name)
        self.journey = journey
        self.target: Target | None = None
        self.runs: list[RunResult] = []
        self.finished_per_run = 0
        self.rss_after_setup = 0.0

    def _batch(self) -> list[dict[str, Any]]:
        index = len(self.runs) + 1
        batch, self.finished_per_run = interleaved_updates(
            self.journey,
            updates=self.updates,
            users=self.users,
            first_user_id=index * USER_ID_STRIDE,
        )
        return batch

    async def setup(self) -> None:
        """Build the target, warm it up, then freeze the GC as production does after start-up
        (bot/telegram/run.py): everything loaded so far lives for the whole run. `freeze=False`
        (the "-nofreeze" scenarios) shows what the freeze is worth."""
        self.target = await make_target(self.name, self.workdir, self.postgres_url)
        # Whole journeys, so one-off work on first use (lazy caches, statements compiled
        # once) is done before the first timed run instead of inflating it.
        warmup_users = max(1, min(self.users, 10))
        warmup, _ = interleaved_updates(
            self.journey,
            updates=warmup_users * len(self.journey),
            users=warmup_users,
            first_user_id=1,
        )
        try:
            await measured(self.target, warmup, "warmup", one_after_another)
        except BaseException:
            await self.target.close()  # drops the PostgreSQL schema
            raise
        gc.collect()
        if self.freeze:
            gc.freeze()
        self.rss_after_setup = rss_mib()

    async def run(self) -> RunResult:
        assert self.target is not None, "setup() first"
        label = f"run {len(self.runs) + 1}"
        feeding = one_after_another if self.rate is None else arriving_at(self.rate)
        result = await measured(self.target, self._batch(), label, feeding)
        self.runs.append(result)
        return result

    async def finish(self) -> ScenarioResult:
        assert self.target is not None, "setup() first"
        # What one full collection costs after the runs: within a short run full GCs are rare
        # (they depend on the allocation history), but a bot running for days meets them, and
        # each is a pause for every parent waiting on the event loop.
        started = time.perf_counter_ns()
        gc.collect()
        full_gc_ms = (time.perf_counter_ns() - started) / 1e6
        try:
            facts = await self.target.facts()
        finally:
            await self.target.close()
            if self.freeze:
                gc.unfreeze()  # matters only in-process (the smoke test): leave the GC as found
        return ScenarioResult(
            name=self.name,
            runs=self.runs,
            freeze=self.freeze,
            journey_length=len(self.journey),
            journeys_finished=self.finished_per_run,
            rss_after_setup_mib=self.rss_after_setup,
            full_gc_ms=full_gc_ms,
            peak_rss_mib=peak_rss_mib(),
            facts=facts,
        )


async def measure_scenario(
    name: str,
    *,
    updates: int,
    users: int,
    runs: int,
    workdir: Path,
    postgres_url: str = POSTGRES_URL,
    rate: float | None = None,
) -> ScenarioResult:
    """One scenario on its own, in this process (the smoke test uses this)."""
    from bench.journey import wire_journey  # imports Schullotse; the workers get it as JSON

    bench = ScenarioBench(
        name,
        journey=wire_journey(),
        updates=updates,
        users=users,
        workdir=workdir,
        postgres_url=postgres_url,
        rate=rate,
    )
    await bench.setup()
    try:
        for _run in range(runs):
            await bench.run()
    finally:
        result = await bench.finish()
    return result
