"""Telegram's sending limits, in one process (aiolimiter) or shared by several (PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

from storage import Database, budget
from storage.records import BudgetSlot

log = logging.getLogger(__name__)

# Telegram's 30 messages a second for the bot, counted conservatively (SlidingWindow).
BOT_INTERVAL = 1 / 30
# A shared send slot is held while its request is in flight; one never given back (a crash)
# is free again after this, longer than any request (aiogram's timeout is 60 s).
SLOT_HOLD = 120.0
# The bot's pace only spreads a burst (the slots keep the limit), so it is a little faster
# than the limit: at exactly 30/s every late wake-up would cost a sender for good, as with a
# bucket of capacity 1. Sends a little late may also catch up by this many.
PACE_SPREAD = 1.1
PACE_SLACK = 3
# How often to look again when every shared slot is in flight (rare: 30 requests at once).
SLOT_POLL = 0.02


class Limits(Protocol):
    def slot(self, chat_id: int, *, counted: bool = True) -> AbstractAsyncContextManager[None]:
        """Wait for the budget, then send inside the block: the send counts from the moment
        the slot is granted until the block is left. Not `counted` (an edit, a pin): it
        takes no slot of the chat's own budget."""
        ...

    async def close(self) -> None:
        """Finish what is left of the sends (before the database closes)."""
        ...


class WaitOnly:
    """A `slot` for budgets that only need the moment of sending (`wait`)."""

    async def wait(self, chat_id: int) -> None:
        raise NotImplementedError

    @asynccontextmanager
    async def slot(self, chat_id: int, *, counted: bool = True) -> AsyncIterator[None]:
        await self.wait(chat_id)
        yield

    async def close(self) -> None:
        return None


class Unlimited(WaitOnly):
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


class SlidingWindow:
    """At most `limit` messages reach Telegram in any `span` seconds — its own rule for the
    bot's 30 a second — however late a request arrives after it was granted.

    A request reaches Telegram after its grant and before its answer. So a send counts from
    its grant (while in flight) until `span` after its answer: then any `span` seconds of
    arrivals hold at most `limit`, without a margin for network jitter. A leaky bucket of
    capacity 1 needs that margin and loses every late timer on top (bench/README.md,
    "outbound": 81% of the allowed rate before, ≥95% with this).
    """

    def __init__(self, limit: int, span: float = 1.0) -> None:
        self.limit, self.span = limit, span
        self._in_flight = 0
        self._answered: deque[float] = deque()  # when the sends of the last `span` ended
        self._turn = asyncio.Lock()  # waiters are served in order
        self._ended = asyncio.Event()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._turn:
            while True:
                now = loop.time()
                while self._answered and self._answered[0] <= now - self.span:
                    self._answered.popleft()
                if self._in_flight + len(self._answered) < self.limit:
                    self._in_flight += 1
                    return
                self._ended.clear()
                if self._answered:  # the oldest answer leaves the window
                    await asyncio.sleep(self._answered[0] + self.span - now)
                else:  # all in flight: one must end before its span can start
                    await self._ended.wait()

    def release(self) -> None:
        self._in_flight -= 1
        self._answered.append(asyncio.get_running_loop().time())
        self._ended.set()


def per_second(interval: float) -> int:
    """Messages a second for an interval between messages: 1/30 s → 30."""
    return max(1, math.ceil(1 / interval - 1e-9))


class ChatLimits:
    """Telegram's documented limits: ~30 messages/s per bot, ~1/s per private chat (a short
    burst is fine), 20/min per group.

    The bot's own limit is a sliding window like Telegram's: 30 in any second, counted so
    that network delays cannot push a 31st into a second (SlidingWindow).
    The chats' are aiolimiter's leaky buckets: `(capacity, period)` lets `capacity` through
    at once and then `capacity/period` per second, so in any window of T seconds at most
    capacity + T·rate pass: group 1 + 60/3.2 = 19.75 < 20; private 2 at once, then 1/s
    (Telegram allows 3: one is kept in reserve for network jitter).
    """

    def __init__(
        self,
        *,
        bot_interval: float = BOT_INTERVAL,
        per_private_chat: tuple[float, float] = (2, 2),
        per_group: tuple[float, float] = (1, 3.2),
    ) -> None:
        self.bot = SlidingWindow(per_second(bot_interval))
        self.private = LimiterPool(per_private_chat)
        self.groups = LimiterPool(per_group)

    @asynccontextmanager
    async def slot(self, chat_id: int, *, counted: bool = True) -> AsyncIterator[None]:
        if counted:
            await (self.groups if chat_id < 0 else self.private).acquire(chat_id)
        await self.bot.acquire()
        try:
            yield
        finally:
            self.bot.release()

    async def close(self) -> None:
        return None


class SharedChatLimits:
    """The same budgets as `ChatLimits`, kept in PostgreSQL so that several instances share
    them (storage/budget.py): a GCRA row per chat, booked ahead, and the bot's window as
    `bot_limit` slots that, like `SlidingWindow`, count a send from its grant until `span`
    after its answer — exact, with no message a second kept in reserve for jitter.

    Each budget is one statement that books the moment of sending: the caller sleeps until
    then and sends, instead of asking again after the wait (bench/README.md, "outbound").
    """

    def __init__(
        self,
        db: Database,
        *,
        bot_limit: int = 30,
        span: float = 1.0,
        private: tuple[float, int] = (1.0, 2),
        group_interval: float = 3.2,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.span, self.private, self.group_interval = span, private, group_interval
        self._slots = budget.slot_keys(bot_limit)
        self._pace = span / bot_limit / PACE_SPREAD
        self._sleep, self._clock = sleep, clock
        # The slots this process gave back: when each comes free, in the database and on our
        # own clock (see `_due`).
        self._given_back: dict[str, tuple[datetime, float]] = {}
        self._giving_back: set[asyncio.Task[None]] = set()  # until `close`

    async def _take(self, chat_id: int, *, counted: bool) -> BudgetSlot:
        """The chat's send booked, then, once it may go, a slot of the bot's window: both on
        one connection when the chat need not wait (the common case); no slot is held while a
        chat waits for its turn."""
        booked = not counted
        while True:
            wait, held, opened = 0.0, None, 0
            async with self.db.autocommit() as tx:  # each one statement, atomic by itself
                if not booked:
                    interval, burst = self._budget(chat_id)
                    key = budget.chat_key(chat_id)
                    wait = await budget.book(tx, key, interval=interval, burst=burst)
                    booked = True  # counted once, however long the bot's slot takes
                if wait <= 0:
                    held = await budget.take_slot(
                        tx,
                        self._slots,
                        span=self.span,
                        hold=SLOT_HOLD,
                        pace=self._pace,
                        pace_slack=PACE_SLACK,
                        clock=self._clock,
                    )
                    if held is None:
                        opened = await budget.open_slots(tx, self._slots)
            if held is not None:
                return held
            if wait > 0:
                await self._sleep(wait)
            elif not opened:  # all in flight: one ends within a request's time
                await self._sleep(SLOT_POLL)

    def _budget(self, chat_id: int) -> tuple[float, int]:
        """A chat's interval and burst: a group's or a family's."""
        return (self.group_interval, 1) if chat_id < 0 else self.private

    async def _free(self, held: BudgetSlot, answered: float) -> None:
        try:
            async with self.db.autocommit() as tx:
                # Counted from the answer, not from this statement: the way to the database
                # (a busy loop, a pooled connection) would otherwise stretch every slot.
                free_from = await budget.free_slot(
                    tx, held, span=self.span, answered=answered, clock=self._clock
                )
        except Exception:  # the send is done; its slot comes back when the hold ends
            log.warning("send slot %s not given back", held.key, exc_info=True)
            return
        if free_from is None:
            log.warning("send slot %s was held longer than %.0f s", held.key, SLOT_HOLD)
        else:
            self._given_back[held.key] = (free_from, answered + self.span)

    def _due(self, held: BudgetSlot) -> float:
        """When the send may go on our clock. The database's answer is late by the way back
        from it, and a slot given back is counted from a clock read before the way there: a
        slot we gave back ourselves, and nobody took since, comes free at a moment we know on
        our own clock, a span after our answer, without either way (one instance: always)."""
        given_back = self._given_back.pop(held.key, None)
        if given_back is not None and held.by_slot and given_back[0] == held.free_from:
            return given_back[1]
        return held.due

    @asynccontextmanager
    async def slot(self, chat_id: int, *, counted: bool = True) -> AsyncIterator[None]:
        held = await self._take(chat_id, counted=counted)
        try:
            if (wait := self._due(held) - self._clock()) > 0:
                await self._sleep(wait)
            yield
        finally:
            # In the background: the slot counts from the answer whenever the statement runs,
            # so the sender goes on to its next message at once (one round trip less each).
            task = asyncio.create_task(self._free(held, self._clock()))
            self._giving_back.add(task)
            task.add_done_callback(self._giving_back.discard)

    async def close(self) -> None:
        """Wait until the slots of the sends that ended are given back: one left held would
        be missing for every instance until its hold ran out."""
        while self._giving_back:
            await asyncio.gather(*self._giving_back)


def limits_for(db: Database, settings: Any = None) -> Limits:
    """Shared budgets on PostgreSQL (any number of instances), in-process ones on SQLite."""
    bot = getattr(settings, "send_interval_bot", BOT_INTERVAL)
    private = (
        getattr(settings, "send_interval_private", 1.0),
        getattr(settings, "send_burst_private", 2),
    )
    group = getattr(settings, "send_interval_group", 3.2)
    if not db.is_sqlite:
        return SharedChatLimits(
            db, bot_limit=per_second(bot), private=private, group_interval=group
        )
    return ChatLimits(
        bot_interval=bot,
        per_private_chat=(private[1], private[0] * private[1]),
        per_group=(1, group),
    )
