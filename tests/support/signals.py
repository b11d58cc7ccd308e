"""Explicit signals from the running bot, so the harness knows when it is done instead of
guessing from quiet: which pushed updates the dispatcher has finished, and when the outbox
worker has made a pass."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.outbox.worker import OutboxWorker
from tests.fakeapi import FakeBotAPI


class Progress:
    """Something settle() waits on may have moved: an update finished, an outbox pass ended,
    the fake got or answered a request, a test pushed an update."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def poke(self) -> None:
        self._event.set()
        # Waiters hold the old event; a fresh one makes each see exactly one wakeup.
        self._event = asyncio.Event()

    def next(self) -> asyncio.Event:
        """The event the next poke sets; take it before checking, so no poke slips through."""
        return self._event


class Acknowledgements:
    """Pushed updates (from the fake's record) against those the bot has finished.

    An update pushed twice needs two acknowledgements; one the bot gets again after a restart
    (its confirmation was lost) is acknowledged twice, and the extra one is not counted
    against a later push of the same id.
    """

    def __init__(self, fake: FakeBotAPI) -> None:
        self.fake = fake
        self._open: Counter[int] = Counter()
        self._accepted_read = 0
        self._discarded_read = 0

    def _sync(self) -> None:
        accepted, discarded = self.fake.accepted_update_ids, self.fake.discarded_update_ids
        self._open.update(accepted[self._accepted_read :])
        self._open.subtract(discarded[self._discarded_read :])
        self._accepted_read, self._discarded_read = len(accepted), len(discarded)

    def finished(self, update_id: int) -> None:
        # Pushes are read first: an update cannot be finished before it was pushed.
        self._sync()
        if self._open[update_id] > 0:
            self._open[update_id] -= 1

    def outstanding(self) -> list[int]:
        self._sync()
        return sorted(update_id for update_id, count in self._open.items() if count > 0)


def report_finished_updates(dp: Dispatcher, finished: Callable[[int], None]) -> None:
    """Call `finished(update_id)` when the dispatcher is done with an update.

    `feed_update` returns after the whole middleware chain: the update's transaction has
    committed (or rolled back) and its direct replies were flushed, or the apology was sent,
    or flood control or the update ledger dropped it. A hook inside the UnitOfWork would
    miss the last three, and the bot's code stays as in production.
    """
    feed_update = dp.feed_update

    async def feed_and_report(bot: Bot, update: Update, **kwargs: Any) -> Any:
        try:
            return await feed_update(bot, update, **kwargs)
        finally:
            finished(update.update_id)

    dp.feed_update = feed_and_report  # type: ignore[method-assign]


class SignallingWorker(OutboxWorker):
    """The production worker, telling the harness after every pass (the only moments the
    outbox can have become empty: rows are marked delivered inside a pass)."""

    def __init__(self, *args: Any, after_pass: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_pass = after_pass

    async def deliver_due(self, batch: int = 50) -> int:
        try:
            return await super().deliver_due(batch)
        finally:
            self.after_pass()
