"""Outer middlewares, in order: flood control → unit of work → locale (aiogram i18n)."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18nMiddleware
from aiolimiter import AsyncLimiter

from bot.app import App
from bot.telegram.responder import Responder
from dialogs import locales
from storage import repo

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


class UnitOfWork(BaseMiddleware):
    """One transaction per update; replies are sent only after it has committed."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        responder = Responder(data["bot"], self.app.renderer)
        data["responder"] = responder
        data["app"] = self.app
        async with self.app.db.transaction() as session:
            data["session"] = session
            result = await handler(event, data)
        await responder.flush()
        return result


class FamilyLocale(I18nMiddleware):
    """The stored language of a parent, else the client's, else German."""

    def __init__(self, app: App) -> None:
        super().__init__(app.i18n)
        self.app = app

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is None:
            return locales.DEFAULT
        family = await repo.load_family(data["session"], user.id, for_update=True)
        # Holding the row for the whole update keeps it in the session's identity map, so the
        # handler's reads and the save find it there instead of querying (and decrypting)
        # again: three SELECTs per update become one (bench/README.md).
        data["family"] = family
        if family is not None:
            locale = locales.normalise(family.locale, self.app.languages)
        else:
            locale = locales.detect(user.language_code, self.app.languages)
        data["locale"] = locale
        return locale
