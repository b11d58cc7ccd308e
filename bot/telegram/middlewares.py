"""Outer middlewares, in order: flood control → one update per user → unit of work → locale."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User
from aiolimiter import AsyncLimiter

from bot.app import App
from bot.telegram.responder import Responder
from dialogs import locales
from storage import Database, families, ledger

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodControl(BaseMiddleware):
    """Drops updates from a user who sends faster than `rate` per `period` seconds.

    A family pressing a button twice is fine; a script hammering the bot must not slow it
    down for everyone else. Limiters live in a bounded LRU so memory stays flat.
    """

    def __init__(self, rate: int, period: float, max_users: int = 20_000) -> None:
        self.rate, self.period, self.max_users = rate, period, max_users
        self._limiters: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self.dropped = 0

    def _limiter(self, user_id: int) -> AsyncLimiter:
        limiter = self._limiters.pop(user_id, None) or AsyncLimiter(self.rate, self.period)
        self._limiters[user_id] = limiter
        if len(self._limiters) > self.max_users:
            self._limiters.popitem(last=False)
        return limiter

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            limiter = self._limiter(user.id)
            if not limiter.has_capacity():
                self.dropped += 1
                log.info("flood control: dropped an update")
                return None
            await limiter.acquire()
        return await handler(event, data)


class OnePerUser(BaseMiddleware):
    """Handles one update per user at a time, in arrival order.

    aiogram's polling runs updates as concurrent tasks; two quick taps by the same parent
    would otherwise both read the same state and the later write would silently undo the
    earlier one. Across processes the family row lock (PostgreSQL) does the same job.
    """

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # how many updates of a user are in flight

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._users[user.id] = self._users.get(user.id, 0) + 1
        try:
            async with lock:
                return await handler(event, data)
        finally:
            self._users[user.id] -= 1
            if not self._users[user.id]:  # nobody waits: forget the lock, memory stays flat
                del self._users[user.id]
                del self._locks[user.id]


# Backoff while the database is unreachable (e.g. PostgreSQL restarting): about 30 s in all.
DB_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 5.0, 5.0, 5.0)


class UnitOfWork(BaseMiddleware):
    """One transaction per update, exactly once; replies are sent only after the commit.

    The update id is recorded in the same transaction as the update's effects: a crash
    before the commit leaves no trace and the update is handled again; after the commit it
    is never handled twice. While the database is unreachable the whole step is tried again
    (it is pure until the commit), so a short outage costs a delay, not an answer.
    """

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["app"] = self.app
        for attempt, delay in enumerate((*DB_RETRY_DELAYS, None)):
            responder = Responder(data["bot"], self.app.renderer, self.app.send_limits)
            data["responder"] = responder
            try:
                async with self.app.db.transaction() as tx:
                    data["tx"] = tx
                    if isinstance(event, Update) and not await ledger.claim_update(
                        tx, event.update_id
                    ):
                        log.info("update %s was handled before: skipped", event.update_id)
                        return None
                    result = await handler(event, data)
            except Exception as exc:
                if delay is None or not Database.is_unreachable(exc):
                    raise
                log.warning(
                    "database unreachable (attempt %d): %s", attempt + 1, type(exc).__name__
                )
                await asyncio.sleep(delay)
                continue
            await responder.flush()
            return result
        return None


class FamilyLocale(BaseMiddleware):
    """The stored language of a parent, else the client's, else German."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        await self.get_locale(event, data)
        return await handler(event, data)

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is None:
            return locales.DEFAULT
        # Loaded (and locked) once per update and handed to the handler, so the parent desk
        # neither queries nor decrypts it again (bench/README.md).
        family = await families.load(data["tx"], user.id, lock=True)
        data["family"] = family
        if family is not None:
            locale = locales.normalise(family.locale, self.app.languages)
        else:
            locale = locales.detect(user.language_code, self.app.languages)
        data["locale"] = locale
        return locale
