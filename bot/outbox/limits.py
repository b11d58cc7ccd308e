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
        self.private, self.group = per_private_chat, per_group
        self._chats: dict[int, AsyncLimiter] = {}

    def for_chat(self, chat_id: int) -> AsyncLimiter:
        if chat_id not in self._chats:
            self._chats[chat_id] = AsyncLimiter(*(self.group if chat_id < 0 else self.private))
        return self._chats[chat_id]

    async def wait(self, chat_id: int) -> None:
        await self.for_chat(chat_id).acquire()
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
