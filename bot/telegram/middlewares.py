"""Outer middlewares, in order: flood control → one update per user → unit of work (one
transaction, the update recorded exactly once, the family's row loaded once, replies
written with the state)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Chat, TelegramObject, Update, User

from bot.app import App
from bot.outbox.limits import LimiterPool
from bot.outbox.worker import OutboxWorker
from bot.telegram.responder import Responder
from bot.telegram.sender import TelegramSender
from bot.updates import UpdateMark
from storage import Database, Tx, families, ledger, optimistic

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodControl(BaseMiddleware):
    """Drops updates from a user who sends faster than `rate` per `period` seconds.

    A family pressing a button twice is fine; a script hammering the bot must not slow it
    down for everyone else. A user's bucket is forgotten once it has run empty, so memory
    follows the users of the last few seconds (`LimiterPool`).

    Updates from the staff groups (`spared`) are never dropped: a counsellor answering
    several families in quick succession is working, not flooding, and what a counsellor
    writes must reach the family. Only members can post in the team's private group, and the
    staff router checks each one's membership before acting.
    """

    def __init__(
        self, rate: int, period: float, spared: Callable[[int], bool] = lambda chat_id: False
    ) -> None:
        self.users = LimiterPool((rate, period))
        self.spared = spared
        self.dropped = 0

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        if user is not None and not (chat is not None and self.spared(chat.id)):
            limiter = self.users.bucket(user.id)
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


class HandledBefore(Exception):
    """A duplicate noticed only at the end: the transaction is rolled back."""


def _update_id(event: TelegramObject) -> int | None:
    return event.update_id if isinstance(event, Update) else None


class UnitOfWork(BaseMiddleware):
    """One transaction per update, exactly once; its replies written with it.

    The update id is recorded in the same transaction as the update's effects and its
    replies (outbox rows): a crash before the commit leaves no trace and the update is handled
    again; after the commit it is never handled twice, and its replies are sent by this
    process right away or, if it died, by the next one's outbox worker. While the database is
    unreachable the whole step is tried again (it is pure until the commit), so a short
    outage costs a delay, not an answer.
    """

    def __init__(self, app: App, *, unlocked: bool = True) -> None:
        self.app = app
        # Whether a parent's update on PostgreSQL may read the family's row unlocked
        # (`_begin`); the benchmark compares both ways.
        self.unlocked = unlocked
        self._fast_paths: dict[int, OutboxWorker] = {}

    async def _begin(
        self, tx: Tx, event: TelegramObject, data: dict[str, Any], *, unlocked: bool
    ) -> UpdateMark | None:
        """The update's record, or None when it was handled before.

        A parent's private chat: the family's row is loaded once for the whole update, and
        the update counts as handled when the parent desk writes the family with it
        (`families.recent_updates`) — no ledger row needed. `unlocked` (PostgreSQL): the row
        is read without a lock or transaction and written with the replies in one statement
        if nobody changed it meanwhile (storage/optimistic.py); otherwise it is locked until
        the commit; a new family's row is made by that statement, unless somebody made it
        meanwhile. Everything else (and, on SQLite, a family's very first update) is recorded
        in the ledger first.
        """
        if not isinstance(event, Update):
            return UpdateMark(None, in_ledger=True)
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        mark = UpdateMark(event.update_id)
        if user is not None and chat is not None and chat.type == "private" and chat.id == user.id:
            if unlocked:
                family = await optimistic.peek(self.app.db, user.id)
                if family is not None:
                    optimistic.expect(tx, family)
                    mark.version = family.version
                else:
                    # A new family: its row is made with the update recorded in it, in the
                    # replies' statement, unless somebody made it meanwhile.
                    mark.version = optimistic.NO_ROW
            else:
                family = await families.load(tx, user.id, lock=True)
            data["family"] = family
            data["update_mark"] = mark
            if family is not None:
                return None if event.update_id in family.recent_updates else mark
            if mark.version is not None:
                return mark  # recorded with the new row, or by `_finish` if none is made
        if not await ledger.claim_update(tx, event.update_id):
            return None
        mark.in_ledger = True
        return mark

    async def _finish(self, tx: Tx, mark: UpdateMark) -> None:
        """A family update its desk did not write down (nothing to save, or the family was
        erased) goes into the ledger after all; if it is there already, this was a
        duplicate after all, and rolling back undoes it."""
        if mark.in_ledger or mark.recorded:
            return
        if not await ledger.claim_update(tx, mark.update_id):
            raise HandledBefore

    def fast_path(self, bot: Bot) -> OutboxWorker:
        """Sends an update's replies right after its commit (one per bot, built once)."""
        worker = self._fast_paths.get(bot.id)
        if worker is None:
            worker = OutboxWorker(
                self.app.db,
                TelegramSender(bot),
                staff_groups=self.app.staff_groups,
                clock=self.app.clock,
                limits=self.app.send_limits,
                acks=self.app.acks,
            )
            self._fast_paths[bot.id] = worker
        return worker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["app"] = self.app
        bot: Bot = data["bot"]
        unlocked = self.unlocked and not self.app.db.is_sqlite
        outages = 0
        answered_early: set[str] = set()  # by any try of this update
        while True:
            responder = Responder(
                bot,
                self.app.renderer,
                self.fast_path(bot),
                timedelta(seconds=self.app.settings.reply_lease_seconds),
                answered_early=answered_early,
            )
            data["responder"] = responder
            try:
                async with self.app.db.transaction() as tx:
                    data["tx"] = tx
                    mark = await self._begin(tx, event, data, unlocked=unlocked)
                    if mark is None:
                        log.info("update %s was handled before: skipped", _update_id(event))
                        return None
                    result = await handler(event, data)
                    optimistic.check(tx)
                    await self._finish(tx, mark)
                    responder.answer_early()  # while the database writes and commits
                    if mark.write is not None and mark.version is not None:
                        await responder.persist_with_family(
                            self.app.db, tx, mark.write, version=mark.version
                        )
                    else:
                        await responder.persist(tx)
            except HandledBefore:
                log.info("update %s was handled before: undone", _update_id(event))
                return None
            except optimistic.Conflict:
                # Somebody wrote the family's row since it was read: nothing was written;
                # handled again holding the row's lock, which always gets through.
                log.info("update %s met a newer family row: again, locked", _update_id(event))
                unlocked = False
                continue
            except Exception as exc:
                if outages == len(DB_RETRY_DELAYS) or not Database.is_unreachable(exc):
                    raise
                delay = DB_RETRY_DELAYS[outages]
                outages += 1
                log.warning("database unreachable (attempt %d): %s", outages, type(exc).__name__)
                await asyncio.sleep(delay)
                continue
            await responder.flush()
            return result
