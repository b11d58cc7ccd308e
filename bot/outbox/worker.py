"""The outbox worker: delivers messages to other chats, in order, within Telegram's limits.

Rows are written in the same transaction as their cause, so a crash before commit sends
nothing and a crash after commit sends later. Only the oldest pending row of a chat is taken,
which keeps order within a chat; a row that fails waits (retry_after, or exponential backoff)
and holds back the rows behind it. What an item asks of Telegram is carried out in
`perform.py`; what each try came to is written down in `recording.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.outbox import bundle, items
from bot.outbox.acks import Acks
from bot.outbox.attempts import Attempt, Refused, Released, Retry, Sent
from bot.outbox.channel import (
    CardMaker,
    DocumentMaker,
    RetryLater,
    Sender,
    TopicGone,
    Undeliverable,
)
from bot.outbox.limits import Limits, limits_for
from bot.outbox.perform import Moved, carry_out, case_of
from bot.outbox.recording import record
from bot.outbox.recovery import not_deleted, remake_topic
from dialogs.staff.groups import StaffGroups
from storage import Database, outbox
from storage.records import OutboxRecord

log = logging.getLogger(__name__)

MAX_BACKOFF = 300.0

# A worker that dies while sending holds its row this long; then any instance takes it. It
# covers the pacing wait and one Telegram request (the sender's timeout is shorter).
LEASE = timedelta(seconds=45)


class OutboxWorker:
    def __init__(
        self,
        db: Database,
        sender: Sender,
        *,
        staff_chat_id: int | None = None,
        staff_groups: StaffGroups | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        limits: Limits | None = None,
        max_backoff: float = MAX_BACKOFF,
        acks: Acks | None = None,
        documents: DocumentMaker | None = None,
        cards: CardMaker | None = None,
        senders: int = 1,
        bundling: bool = True,
    ) -> None:
        self.db = db
        self.sender = sender
        # Where a case's rows go (dialogs/staff/groups.py); `staff_chat_id` alone: one group.
        if staff_groups is None and staff_chat_id is not None:
            staff_groups = StaffGroups(staff_chat_id)
        self.staff_groups = staff_groups
        self.clock = clock
        self.limits = limits or limits_for(db)
        self.max_backoff = max_backoff
        # The fast path records plain deliveries in batches (bot/outbox/acks.py).
        self.acks = acks
        self.documents = documents
        self.cards = cards
        # Loops sending side by side: a chat waiting for its own budget (1/s for a family,
        # 20/min for a group) or a slow answer from Telegram holds up one loop, not the
        # outbox. The leases keep each chat's order: a chat's next row waits for its head.
        self.senders = senders
        # A family's waiting texts for its topic go as one message (bot/outbox/bundle.py);
        # off only to measure what it saves (bench.staff_capacity).
        self.bundling = bundling
        self._warned_no_staff = False
        # One message in flight per staff group (`_deliver`); the groups being sent to are
        # skipped when the next row is leased, so one group's backlog holds up no other.
        self._staff_turns: dict[int, asyncio.Lock] = {}
        self._sending_to: dict[int, int] = {}  # group -> rows of it in this worker's hands

    @property
    def staff_chat_id(self) -> int | None:
        """The default staff group: the one of rows addressed to STAFF_CHAT."""
        return self.staff_groups.default if self.staff_groups is not None else None

    def _group_line(self, chat_id: int) -> int | None:
        """The staff group a row's address names (STAFF_CHAT: the default); None for any
        other chat."""
        if chat_id == items.STAFF_CHAT:
            return self.staff_chat_id if self.staff_chat_id is not None else items.STAFF_CHAT
        return chat_id if self.staff_groups is not None and chat_id in self.staff_groups else None

    def _busy(self) -> set[int]:
        busy = set(self._sending_to)
        if self.staff_chat_id in busy:
            busy.add(items.STAFF_CHAT)
        return busy

    async def deliver_due(self, batch: int = 50) -> int:
        """Deliver up to `batch` due rows, each leased just before it is sent; returns how
        many were delivered."""
        delivered = 0
        for _row in range(batch):
            async with self.db.transaction() as tx:
                row = await outbox.lease_next(
                    tx, now=self.clock(), lease=LEASE, skip_chats=self._busy()
                )
            if row is None:
                break
            if await self._deliver(row):
                delivered += 1
        return delivered

    async def _with_followers(self, row: OutboxRecord) -> list[OutboxRecord]:
        """A family's texts for its topic that waited behind `row`, leased to go with it."""
        if not self.bundling or not items.for_a_topic(row.chat_id, row.case_id):
            return []
        if row.kind != "message":
            return []
        async with self.db.transaction() as tx:
            return await outbox.lease_followers(
                tx, row, now=self.clock(), lease=LEASE, limit=bundle.MAX_ROWS
            )

    async def run(self, stop: asyncio.Event, poll_seconds: float = 0.5) -> None:
        await asyncio.gather(*(self._send_loop(stop, poll_seconds) for _ in range(self.senders)))

    async def _send_loop(self, stop: asyncio.Event, poll_seconds: float) -> None:
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

    async def _resolve(self, row: OutboxRecord, item: items.OutboxItem) -> int | None:
        """The chat a row goes to: a case's row to the case's staff group as it is now (its
        municipality may have become known since it was queued), STAFF_CHAT to the default
        group; None while no staff group is set."""
        chat_id = row.chat_id
        if chat_id == items.TOPIC_DELETIONS:
            # In the group the topic lives in, which may be an earlier staff group.
            chat_id = item.chat_id if isinstance(item, items.DeleteTopic) else items.STAFF_CHAT
        if chat_id != items.STAFF_CHAT and not items.for_a_topic(chat_id, row.case_id):
            return chat_id
        if self.staff_groups is None:
            if not self._warned_no_staff:
                log.warning("COUNSELLOR_CHAT_ID is not set: staff messages stay queued")
                self._warned_no_staff = True
            return None
        case = await case_of(self.db, row)
        return self.staff_groups.of_case(case) if case is not None else self.staff_chat_id

    async def deliver_now(
        self, rows: list[OutboxRecord], typed: list[items.OutboxItem] | None = None
    ) -> None:
        """The fast path: rows an update wrote with its state, leased to this process, sent
        right after the commit (`typed`: the rows' items as the update built them, in the same
        order). A chat's rows go in order; at its first failure the rest of that chat is
        released to the worker, which keeps the order and waits as long as it takes.
        Everything is recorded in one transaction at the end."""
        attempts: list[tuple[OutboxRecord, Attempt]] = []
        plain: list[int] = []  # sent, nothing to learn from the answer: acknowledged in batches
        stopped: set[int] = set()
        given: list[items.OutboxItem | None] = [None] * len(rows) if typed is None else [*typed]
        for row, item in zip(rows, given, strict=True):
            if row.chat_id in stopped:
                attempts.append((row, Released()))
                continue
            attempt = await self._attempt(row, item)
            if isinstance(attempt, Retry):
                stopped.add(row.chat_id)
            if isinstance(attempt, Sent) and row.case_id is None and self.acks is not None:
                plain.append(row.id)
            else:
                attempts.append((row, attempt))
        if plain and self.acks is not None:
            self.acks.delivered(plain)
        if attempts:
            await record(self.db, attempts, self.clock)

    async def _deliver(self, row: OutboxRecord) -> bool:
        group = self._group_line(row.chat_id)
        if group is None:
            return await self._deliver_with_followers(row)
        # One message in flight per staff group: a group takes 20 a minute anyway, and a
        # crash between Telegram's answer and the record shows a message (or topic) twice —
        # one in flight keeps that to one (README, "Delivery guarantees"). Other groups go on.
        self._sending_to[group] = self._sending_to.get(group, 0) + 1
        try:
            async with self._staff_turns.setdefault(group, asyncio.Lock()):
                return await self._deliver_with_followers(row)
        finally:
            self._sending_to[group] -= 1
            if not self._sending_to[group]:
                del self._sending_to[group]

    async def _deliver_with_followers(self, row: OutboxRecord) -> bool:
        followers = await self._with_followers(row)
        joined: list[OutboxRecord] = []
        item = None
        if followers:
            try:
                head = items.decode(row.kind, row.payload)
                rest = [items.decode(f.kind, f.payload) for f in followers]
            except items.ItemError:
                head, rest = None, []
            if isinstance(head, items.TextMessage) and bundle.bundleable(head):
                item, taken = bundle.join(head, rest)
                joined = followers[:taken]
        attempt = await self._attempt(row, item)
        # The rows sent inside the bundle share its fate; the others go back, untried.
        together = Released() if isinstance(attempt, Retry) else attempt
        rest_back = [(f, Released()) for f in followers if f not in joined]
        await record(
            self.db, [(row, attempt), *((f, together) for f in joined), *rest_back], self.clock
        )
        return not isinstance(attempt, Retry)

    async def _attempt(self, row: OutboxRecord, item: items.OutboxItem | None = None) -> Attempt:
        """Send one row (as `item` when given: a bundle, or the item the update built);
        nothing is written yet."""
        try:
            item = item or items.decode(row.kind, row.payload)
        except items.ItemError as exc:
            log.warning("outbox %s undeliverable: %s", row.id, exc)
            return Refused(str(exc))
        chat_id = await self._resolve(row, item)
        if chat_id is None:
            return Retry(60.0, "no staff chat")
        try:
            try:
                async with self.limits.slot(chat_id, counted=items.counted(item)):
                    result = await self.perform(row, item, chat_id)
                return Sent(chat_id, item, result)
            except Moved as moved:
                return await remake_topic(self, row, item, chat_id, former=moved.former)
            except TopicGone:
                if row.case_id is None:
                    raise
                return await remake_topic(self, row, item, chat_id)
        except RetryLater as exc:
            return Retry(self.backoff(row, exc.seconds), str(exc))
        except Undeliverable as exc:
            log.warning("outbox %s undeliverable: %s", row.id, exc)
            if isinstance(item, items.DeleteTopic):
                return await not_deleted(self, row, item, chat_id, exc)
            return Refused(str(exc))

    def backoff(self, row: OutboxRecord, floor: float) -> float:
        # Telegram's retry_after is a floor; our own backoff grows up to `max_backoff`.
        delay = max(floor, min(self.max_backoff, 2.0**row.attempts))
        log.info("outbox %s: retry in %.1fs", row.id, delay)
        return delay

    async def perform(self, row: OutboxRecord, item: items.OutboxItem, chat_id: int) -> int | None:
        """Carry out one row (`perform.carry_out`; recovery goes on through this too); returns
        the id Telegram gave (topic or message), if any."""
        return await carry_out(self.db, self.sender, self.documents, row, item, chat_id)
