"""The outbox worker: delivers messages to other chats, in order, within Telegram's limits.

Rows are written in the same transaction as their cause, so a crash before commit sends
nothing and a crash after commit sends later. Only the oldest pending row of a chat is taken,
which keeps order within a chat; a row that fails waits (retry_after, or exponential backoff)
and holds back the rows behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

from storage import repo, scale
from storage.db import Database
from storage.models import Case, OutboxMessage

log = logging.getLogger(__name__)

# Staff rows are addressed to this placeholder and resolved at delivery, so a KI can set or
# change COUNSELLOR_CHAT_ID without losing what is queued.
STAFF_CHAT = 0
MAX_BACKOFF = 300.0
# A worker that dies while sending holds its row this long; then any instance takes it. It
# covers the pacing wait and one Telegram request (the sender's timeout is shorter).
LEASE = timedelta(seconds=45)


class RetryLater(Exception):
    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds


class Undeliverable(Exception):
    """Telegram refused for good (blocked bot, deleted chat): record it and move on."""


# Rows of {"text": label, "action": dialog action, "for": "staff" | "parent"}: channel-neutral,
# so the console can show the same rows that Telegram shows as inline keyboards.
Buttons = list[list[dict[str, str]]]


def staff_buttons(rows: list[list[tuple[str, str]]]) -> Buttons:
    return [[{"text": t, "action": a, "for": "staff"} for t, a in row] for row in rows]


class Sender(Protocol):
    """What delivery needs from a channel; every method may raise RetryLater/Undeliverable."""

    async def create_topic(self, chat_id: int, name: str) -> int: ...
    async def send_text(
        self, chat_id: int, text: str, thread_id: int | None, buttons: Buttons | None = None
    ) -> int: ...
    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None
    ) -> None: ...
    async def pin(self, chat_id: int, message_id: int) -> None: ...
    async def copy(
        self,
        chat_id: int,
        thread_id: int | None,
        from_chat_id: int,
        message_id: int,
        caption: str | None,
    ) -> None: ...
    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None: ...
    async def close_topic(self, chat_id: int, thread_id: int) -> None: ...
    async def reopen_topic(self, chat_id: int, thread_id: int) -> None: ...
    async def delete_topic(self, chat_id: int, thread_id: int) -> None: ...


class Limits(Protocol):
    async def wait(self, chat_id: int) -> None: ...


class ChatLimits:
    """Telegram's documented limits: ~30 messages/s per bot, ~1/s per private chat (a short
    burst is fine), 20/min per group.

    aiolimiter is a leaky bucket: `(capacity, period)` lets `capacity` through at once and
    then `capacity/period` per second, so in any window of T seconds at most
    capacity + T·rate pass. The defaults keep that under Telegram's sliding windows:
    bot 1 + 25·1 s = 26 < 30; group 1 + 60/3.2 = 19.75 < 20; private 3 at once, then 1/s.
    """

    def __init__(
        self,
        *,
        per_bot: tuple[float, float] = (1, 1 / 25),
        per_private_chat: tuple[float, float] = (3, 3),
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
    them (one GCRA row per chat and one for the bot; see storage.scale.take_budget)."""

    def __init__(
        self,
        db: Database,
        *,
        bot_interval: float = 1 / 25,
        private: tuple[float, int] = (1.0, 3),
        group_interval: float = 3.2,
    ) -> None:
        self.db = db
        self.bot_interval, self.private, self.group_interval = bot_interval, private, group_interval

    async def _take(self, key: str, interval: float, burst: int) -> None:
        while True:
            async with self.db.transaction() as session:
                wait = await scale.take_budget(session, key, interval=interval, burst=burst)
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
        getattr(settings, "send_burst_private", 3),
    )
    group = getattr(settings, "send_interval_group", 3.2)
    if not db.is_sqlite:
        return SharedChatLimits(db, bot_interval=bot, private=private, group_interval=group)
    return ChatLimits(
        per_bot=(1, bot),
        per_private_chat=(private[1], private[0] * private[1]),
        per_group=(1, group),
    )


class OutboxWorker:
    def __init__(
        self,
        db: Database,
        sender: Sender,
        *,
        staff_chat_id: int | None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        limits: Limits | None = None,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        self.db = db
        self.sender = sender
        self.staff_chat_id = staff_chat_id
        self.clock = clock
        self.limits = limits or limits_for(db)
        self.max_backoff = max_backoff
        self._warned_no_staff = False

    async def deliver_due(self, batch: int = 50) -> int:
        """Deliver up to `batch` due rows, each leased just before it is sent; returns how
        many were delivered."""
        delivered = 0
        for _row in range(batch):
            async with self.db.transaction() as session:
                row = await scale.lease_next(session, now=self.clock(), lease=LEASE)
            if row is None:
                break
            if await self._deliver(row):
                delivered += 1
        return delivered

    async def run(self, stop: asyncio.Event, poll_seconds: float = 0.5) -> None:
        while not stop.is_set():
            try:
                delivered = await self.deliver_due()
            except Exception:  # the worker must outlive a database hiccup
                log.exception("outbox pass failed")
                delivered = 0
            if not delivered:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), poll_seconds)

    async def drain(self, max_passes: int = 100) -> None:
        """Deliver until nothing is due (console and tests)."""
        for _pass in range(max_passes):
            if not await self.deliver_due():
                return

    def _resolve(self, chat_id: int) -> int | None:
        if chat_id != STAFF_CHAT:
            return chat_id
        if self.staff_chat_id is None and not self._warned_no_staff:
            log.warning("COUNSELLOR_CHAT_ID is not set: staff messages stay queued")
            self._warned_no_staff = True
        return self.staff_chat_id

    async def _deliver(self, row: OutboxMessage) -> bool:
        chat_id = self._resolve(row.chat_id)
        if chat_id is None:
            async with self.db.transaction() as session:
                await repo.mark_failed(session, row.id, retry_in=60, error="no staff chat")
            return False
        try:
            await self.limits.wait(chat_id)
            result = await self._perform(row, chat_id)
        except RetryLater as exc:
            # Telegram's retry_after is a floor; our own backoff grows up to `max_backoff`.
            delay = max(exc.seconds, min(self.max_backoff, 2.0**row.attempts))
            log.info("outbox %s: retry in %.1fs (%s)", row.id, delay, exc)
            async with self.db.transaction() as session:
                await repo.mark_failed(session, row.id, retry_in=delay, error=str(exc))
            return False
        except Undeliverable as exc:
            log.warning("outbox %s undeliverable: %s", row.id, exc)
            async with self.db.transaction() as session:
                await repo.mark_delivered(session, row.id, error=f"undeliverable: {exc}")
            return True
        async with self.db.transaction() as session:
            if row.case_id is not None and row.kind == "create_topic" and result is not None:
                await repo.set_topic(session, row.case_id, result)
            if row.case_id is not None and row.payload.get("card") and result is not None:
                await repo.set_card_message(session, row.case_id, result)
                await repo.enqueue(
                    session, chat_id=row.chat_id, case_id=row.case_id, kind="pin_card", payload={}
                )
            await repo.mark_delivered(session, row.id)
        return True

    async def _perform(self, row: OutboxMessage, chat_id: int) -> int | None:
        """Carry out one row; returns the id Telegram gave (topic or message), if any."""
        payload = row.payload
        case = await self._case(row)
        thread_id = case.topic_id if case is not None and payload.get("in_case_topic") else None
        match row.kind:
            case "create_topic":
                return await self.sender.create_topic(chat_id, payload["name"])
            case "message":
                # A card is pinned by a row of its own (queued once the card is delivered):
                # a failed pin must be retried alone, never by sending the card again.
                return await self.sender.send_text(
                    chat_id, payload["text"], thread_id, payload.get("buttons")
                )
            case "pin_card":
                if case is None or case.card_message_id is None:
                    raise Undeliverable("no card to pin")
                await self.sender.pin(chat_id, case.card_message_id)
            case "edit_card":
                if case is None or case.card_message_id is None:
                    raise Undeliverable("no card to edit")
                await self.sender.edit_text(
                    chat_id, case.card_message_id, payload["text"], payload.get("buttons")
                )
            case "copy":
                await self.sender.copy(
                    chat_id,
                    thread_id,
                    int(payload["from_chat_id"]),
                    int(payload["message_id"]),
                    payload.get("caption"),
                )
            case "rename_topic" | "close_topic" | "reopen_topic":
                if case is None or case.topic_id is None:
                    raise Undeliverable("no topic")
                if row.kind == "rename_topic":
                    await self.sender.rename_topic(chat_id, case.topic_id, payload["name"])
                elif row.kind == "close_topic":
                    await self.sender.close_topic(chat_id, case.topic_id)
                else:
                    await self.sender.reopen_topic(chat_id, case.topic_id)
            case "delete_topic":
                await self.sender.delete_topic(chat_id, int(payload["topic_id"]))
            case _:
                raise Undeliverable(f"unknown kind {row.kind}")
        return None

    async def _case(self, row: OutboxMessage) -> Case | None:
        # The topic and card ids are read at delivery time: they are set by earlier rows of
        # the same chat, which per-chat order has delivered before this one.
        if row.case_id is None:
            return None
        async with self.db.transaction() as session:
            return await repo.case_by_id(session, row.case_id)
