"""When a message cannot go where it was meant to: the case's topic was deleted by hand, or
Telegram refused a message for a family for good. Nothing is dropped without a word."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from bot.outbox import items
from bot.outbox.attempts import Attempt, Refused, Retry, Sent
from bot.outbox.channel import CardMaker, Sender
from bot.outbox.limits import Limits
from bot.outbox.queue import put
from dialogs.staff.card import TOPIC_MADE_AGAIN
from dialogs.staff.delivery import undelivered_notice
from storage import Database, Tx, cases
from storage.records import OutboxRecord


class Delivering(Protocol):
    """What re-making a topic needs of the worker."""

    db: Database
    sender: Sender
    limits: Limits
    cards: CardMaker | None

    async def perform(
        self, row: OutboxRecord, item: items.OutboxItem, chat_id: int
    ) -> int | None: ...


log = logging.getLogger(__name__)


async def remake_topic(
    worker: Delivering, row: OutboxRecord, item: items.OutboxItem, chat_id: int
) -> Attempt:
    """The case's topic was deleted by hand. Its closing, reopening or deletion is then
    done already; anything else makes the topic again — name, card (pinned), a word on
    what happened — and goes on there, so no family's message is dropped. Later rows of
    the case read the new topic from the case."""
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
    async with worker.db.transaction() as tx:
        await cases.set_topic(tx, row.case_id, chat_id, topic)
        await cases.set_card_message(tx, row.case_id, card_id)
    log.warning("case %s: topic was deleted, made again as %s", row.case_id, topic)
    async with worker.limits.slot(chat_id, counted=False):
        await worker.sender.pin(chat_id, card_id)
    async with worker.limits.slot(chat_id):
        await worker.sender.send_text(chat_id, TOPIC_MADE_AGAIN, topic, (), "staff")
    if isinstance(item, items.EditCard | items.RenameTopic | items.PinCard) or (
        isinstance(item, items.TextMessage) and item.card
    ):
        return Sent(chat_id, item, None)  # the new card and name are current
    async with worker.limits.slot(chat_id):
        return Sent(chat_id, item, await worker.perform(row, item, chat_id))


async def tell_team(tx: Tx, row: OutboxRecord, reason: str, *, now: datetime) -> None:
    """Nothing a counsellor writes to a family is dropped without the counsellor being
    told: a refused message for a family is named in the case's topic."""
    if row.case_id is None or row.chat_id == items.STAFF_CHAT:
        return
    try:
        item = items.decode(row.kind, row.payload)
    except items.ItemError:
        item = None
    excerpt = item.text if isinstance(item, items.TextMessage) else None
    notice = items.TextMessage(undelivered_notice(reason, excerpt), (), "staff", True)
    await put(tx, notice, chat_id=items.STAFF_CHAT, case_id=row.case_id, due=now)
