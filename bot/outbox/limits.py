"""Telegram's sending limits, in one process (aiolimiter) or shared by several (PostgreSQL)."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

from storage import Database, budget


class Limits(Protocol):
    async def wait(self, chat_id: int) -> None: ...


class Unlimited:
    """No pacing: a terminal has no limits, and benchmarks and tests of other things must not
    measure Telegram's sleeps."""

    async def wait(self, chat_id: int) -> None:
        return None


class LimiterPool:
    """Leaky buckets by key (a chat, a user) that forget the keys that went quiet.

    A bucket that has run empty and has nobody waiting behaves exactly like a new one, so it
    can be dropped: memory follows the chats active in the last few seconds, not every chat
    the bot ever served (bench/README.md, "memory").
    """

    def __init__(self, rate: tuple[float, float], sweep_above: int = 1000) -> None:
        self.rate = rate
        self.sweep_above = sweep_above
        self._buckets: dict[int, AsyncLimiter] = {}
        self._waiting: dict[int, int] = {}

    def bucket(self, key: int) -> AsyncLimiter:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.sweep_above:
                self._sweep()
            bucket = self._buckets[key] = AsyncLimiter(*self.rate)
        return bucket

    async def acquire(self, key: int) -> None:
        bucket = self.bucket(key)
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            await bucket.acquire()
        finally:
            if self._waiting[key] == 1:
                del self._waiting[key]
            else:
                self._waiting[key] -= 1

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self) -> None:
        quiet = [
            key
            for key, bucket in self._buckets.items()
            if key not in self._waiting and bucket.has_capacity(bucket.max_rate)
        ]
        for key in quiet:
            del self._buckets[key]
        # Everyone still busy: let the pool grow, and sweep again only when it doubled.
        self.sweep_above = max(self.sweep_above, 2 * len(self._buckets))


class ChatLimits:
    """Telegram's documented limits: ~30 messages/s per bot, ~1/s per private chat (a short
    burst is fine), 20/min per group.

    aiolimiter is a leaky bucket: `(capacity, period)` lets `capacity` through at once and
    then `capacity/period` per second, so in any window of T seconds at most
    capacity + T·rate pass. The defaults keep that under Telegram's sliding windows:
    bot 1 + 25·1 s = 26 < 30; group 1 + 60/3.2 = 19.75 < 20; private 2 at once, then 1/s
    (Telegram allows 3: one is kept in reserve for network jitter).
    """

    def __init__(
        self,
        *,
        per_bot: tuple[float, float] = (1, 1 / 25),
        per_private_chat: tuple[float, float] = (2, 2),
        per_group: tuple[float, float] = (1, 3.2),
    ) -> None:
        self.bot = AsyncLimiter(*per_bot)
        self.private = LimiterPool(per_private_chat)
        self.groups = LimiterPool(per_group)

    async def wait(self, chat_id: int) -> None:
        await (self.groups if chat_id < 0 else self.private).acquire(chat_id)
        await self.bot.acquire()


class SharedChatLimits:
    """The same budgets as `ChatLimits`, kept in PostgreSQL so that several instances share
    them (one GCRA row per chat and one for the bot; see storage.budget.take_budget)."""

    def __init__(
        self,
        db: Database,
        *,
        bot_interval: float = 1 / 25,
        private: tuple[float, int] = (1.0, 2),
        group_interval: float = 3.2,
    ) -> None:
        self.db = db
        self.bot_interval, self.private, self.group_interval = bot_interval, private, group_interval

    async def _take(self, key: str, interval: float, burst: int) -> None:
        while True:
            async with self.db.transaction() as tx:
                wait = await budget.take_budget(tx, key, interval=interval, burst=burst)
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    async def wait(self, chat_id: int) -> None:
        if chat_id < 0:
            await self._take(f"chat:{chat_id}", self.group_interval, 1)
        else:
            await self._take(f"chat:{chat_id}", *self.private)
        await self._take("bot", self.bot_interval, 1)


def limits_for(db: Database, settings: Any = None) -> Limits:
    """Shared budgets on PostgreSQL (any number of instances), in-process ones on SQLite."""
    bot = getattr(settings, "send_interval_bot", 1 / 25)
    private = (
        getattr(settings, "send_interval_private", 1.0),
        getattr(settings, "send_burst_private", 2),
    )
    group = getattr(settings, "send_interval_group", 3.2)
    if not db.is_sqlite:
        return SharedChatLimits(db, bot_interval=bot, private=private, group_interval=group)
    return ChatLimits(
        per_bot=(1, bot),
        per_private_chat=(private[1], private[0] * private[1]),
        per_group=(1, group),
    )
