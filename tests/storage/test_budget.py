"""The send budget shared by several instances (GCRA rows in PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from storage import budget
from storage.db import Database


@pytest.mark.postgres
async def test_the_send_budget_is_shared_between_instances(postgres_database: Database) -> None:
    database = postgres_database
    interval = 0.2

    async def take(key: str) -> float:
        async with database.transaction() as tx:
            return await budget.take_budget(tx, key, interval=interval, burst=3)

    results = await asyncio.gather(*(take("chat:1") for _ in range(5)))
    allowed = [r for r in results if r == 0.0]
    assert len(allowed) == 3  # the burst, whoever asks
    assert all(0 < r <= interval * 2 + 0.05 for r in results if r)
    await asyncio.sleep(interval + 0.05)  # the point: an interval passes, the budget refills
    assert await take("chat:1") == 0.0  # refilled at the configured rate
    assert await take("chat:2") == 0.0  # another chat has its own budget
