"""When a message cannot go where it was meant to: the case's topic was deleted by hand or
lives in an earlier staff group, Telegram refused a message for a family for good, or kept a
topic that was to be deleted. Nothing is dropped without a word."""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import Protocol

from bot.outbox import items
from bot.outbox.attempts import Attempt, Refused, Retry, Sent
from bot.outbox.channel import CardMaker, NotAllowed, RetryLater, Sender, Undeliverable
from bot.outbox.limits import Limits
from bot.outbox.queue import put
from dialogs.staff.card import TOPIC_MADE_AGAIN, TOPIC_MOVED
from dialogs.staff.delivery import topic_not_deleted, undelivered_notice
from dialogs.staff.groups import StaffGroups
from storage import Database, Tx, cases
from storage.records import OutboxRecord


class Delivering(Protocol):
    """What re-making a topic needs of the worker."""

    db: Database
    sender: Sender
    limits: Limits
    cards: CardMaker | None
    staff_groups: StaffGroups | None

    async def perform(
        self, row: OutboxRecord, item: items.OutboxItem, chat_id: int
    ) -> int | None: ...

    def backoff(self, row: OutboxRecord, floor: float) -> float: ...


log = logging.getLogger(__name__)


# How a refused topic deletion is recorded (`last_error`): the team is told at the first one.
NOT_DELETED = "not deleted: "


async def remake_topic(
    worker: Delivering,
    row: OutboxRecord,
    item: items.OutboxItem,
    chat_id: int,
    *,
    former: tuple[int, int] | None = None,
) -> Attempt:
    """The case's topic was deleted by hand, or lives in another staff group than the case's
    (`former`: its municipality moved it, or COUNSELLOR_CHAT_ID or STAFF_GROUPS was
    changed). Its closing, reopening or deletion is then done
    already (or not needed here); anything else makes the topic (again) in this group —
    name, card (pinned), a word on what happened — and goes on there, so no family's
    message is dropped or lands in another case's topic. Later rows of the case read the
    new topic from the case; a former topic is remembered, so erasure and retention still
    delete it."""
    assert row.case_id is not None
    if isinstance(item, items.CloseTopic | items.ReopenTopic | items.DeleteTopic):
        return Sent(chat_id, item, None)
    if worker.cards is None:  # the fast path: the worker, which can, does it
        return Retry(1.0, "topic gone")
    card = await worker.cards.card(row.case_id)
    if card is None:
        return Refused("topic gone, case erased")
    async with worker.limits.slot(chat_id):
        topic = await worker.sender.create_topic(chat_id, card.topic_name)
    async with worker.limits.slot(chat_id):
        card_id = await worker.sender.send_text(chat_id, card.text, topic, card.buttons, "staff")
    # A former topic of unknown group (0: before cases knew their group) is not kept:
    # deleting "its" number would hit a topic of this group.
    remembered = former if former is not None and former[0] else None
    async with worker.db.transaction() as tx:
        await cases.set_topic(tx, row.case_id, chat_id, topic, former=remembered)
        await cases.set_card_message(tx, row.case_id, card_id)
    if former is None:
        log.warning("case %s: topic was deleted, made again as %s", row.case_id, topic)
    else:
        log.warning("case %s: topic was in chat %s, made here as %s", row.case_id, *former)
    async with worker.limits.slot(chat_id, counted=False):
        await worker.sender.pin(chat_id, card_id)
    notice = TOPIC_MADE_AGAIN if former is None else TOPIC_MOVED
    async with worker.limits.slot(chat_id):
        await worker.sender.send_text(chat_id, notice, topic, (), "staff")
    if isinstance(item, items.EditCard | items.RenameTopic | items.PinCard) or (
        isinstance(item, items.TextMessage) and item.card
    ):
        return Sent(chat_id, item, None)  # the new card and name are current
    async with worker.limits.slot(chat_id):
        return Sent(chat_id, item, await worker.perform(row, item, chat_id))


async def tell_team(tx: Tx, row: OutboxRecord, reason: str, *, now: datetime) -> None:
    """Nothing a counsellor writes to a family is dropped without the counsellor being
    told: a refused message for a family is named in the case's topic."""
    if row.case_id is None or items.for_a_topic(row.chat_id, row.case_id):
        return  # not a family's message
    try:
        item = items.decode(row.kind, row.payload)
    except items.ItemError:
        item = None
    excerpt = item.text if isinstance(item, items.TextMessage) else None
    notice = items.TextMessage(undelivered_notice(reason, excerpt), (), "staff", True)
    await put(tx, notice, chat_id=items.STAFF_CHAT, case_id=row.case_id, due=now)


async def not_deleted(
    worker: Delivering,
    row: OutboxRecord,
    item: items.DeleteTopic,
    chat_id: int,
    refusal: Undeliverable,
) -> Attempt:
    """Telegram kept a topic that is to be deleted (an erasure, the retention period). At the
    first refusal the topic is closed and the team told in General; a missing right is then
    asked for again and again (the admins may grant it), anything else given up — the team
    was told to delete the topic by hand."""
    fixable = isinstance(refusal, NotAllowed)
    if fixable and row.chat_id != items.TOPIC_DELETIONS:
        return Refused(f"{NOT_DELETED}{refusal}; moved to the deletions' line", requeue=item)
    alert = None
    # Told in the General topic of the group the topic is in, if it is a staff group.
    staff = worker.staff_groups is not None and chat_id in worker.staff_groups
    if not (row.last_error or "").startswith(NOT_DELETED):  # not told yet
        closed = False
        with contextlib.suppress(Undeliverable, RetryLater):
            async with worker.limits.slot(chat_id, counted=False):
                await worker.sender.close_topic(chat_id, item.topic_id)
            closed = True
        alert = topic_not_deleted(
            item.case_id,
            str(refusal),
            retrying=fixable,
            closed=closed,
            elsewhere=not staff,
        )
    log.warning(
        "case %s: topic %s not deleted (%s)%s",
        item.case_id,
        item.topic_id,
        refusal,
        ", retrying" if fixable else "",
    )
    default = worker.staff_groups.default if worker.staff_groups is not None else None
    to = items.staff_address(chat_id if staff else None, default)
    if fixable:
        return Retry(worker.backoff(row, 0.0), f"{NOT_DELETED}{refusal}", alert, to)
    return Refused(f"{NOT_DELETED}{refusal}", alert, to)
