"""Marks sent rows as delivered in batches, beside the work instead of in its way.

The fast path sends an update's replies right after the commit; recording each delivery in
a transaction of its own would double the database work per update. Deliveries are collected
and written together, a few milliseconds later, in one statement. A process killed in
between leaves those rows leased; when the lease ends the next worker sends them again — the
one window in which a family can see a reply twice (README, "Delivery guarantees").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from storage import Database, outbox

log = logging.getLogger(__name__)
FLUSH_AFTER = 0.1  # seconds: short against the lease, long enough to batch a busy moment
FLUSH_AT = 200  # deliveries: write at once when this many wait


class Acks:
    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db, self.clock = db, clock
        self._waiting: list[int] = []
        self._flushing: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()  # set by `flush`: skip the wait, write now

    def delivered(self, row_ids: list[int]) -> None:
        self._waiting.extend(row_ids)
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush_soon(), name="outbox-acks")

    async def _flush_soon(self) -> None:
        while self._waiting:
            if len(self._waiting) < FLUSH_AT:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._hurry.wait(), FLUSH_AFTER)
            await self._write(self._take())

    def _take(self) -> list[int]:
        ids, self._waiting = self._waiting, []
        return ids

    async def _write(self, ids: list[int]) -> None:
        if not ids:
            return
        try:
            async with self.db.transaction() as tx:
                await outbox.mark_delivered_many(tx, ids, now=self.clock())
        except Exception:  # the rows stay leased: the worker sends them again after it
            log.exception("could not record %d deliveries", len(ids))

    async def flush(self) -> None:
        """Write everything waiting, now, including a batch already being written."""
        running = self._flushing
        if running is not None and not running.done():
            self._hurry.set()
            try:
                await running
            finally:
                self._hurry.clear()
        while self._waiting:
            await self._write(self._take())

    async def close(self) -> None:
        """Write what is waiting (on stop)."""
        await self.flush()
