"""What each try came to, written down: delivered (and what the answer teaches: a new topic, the
card's message, an announcement's group reached), failed and due again, refused (the team told),
or released untried."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from bot.outbox import announcing, items
from bot.outbox.attempts import Attempt, Refused, Released, Retry, Sent
from bot.outbox.queue import put, put_topic_deletion
from bot.outbox.recovery import tell_team
from storage import Database, Tx, cases, outbox
from storage.records import OutboxRecord

log = logging.getLogger(__name__)

# Recording a delivery is retried this long (~15 s) while the database is locked or away.
RECORD_RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 4.0)


async def record(
    db: Database,
    attempts: list[tuple[OutboxRecord, Attempt]],
    clock: Callable[[], datetime],
) -> None:
    """Write down what Telegram did; tried again while the database is busy or away
    (RECORD_RETRY_DELAYS, well inside the lease), as a sent message cannot be taken back:
    given up, the lease would end and the message be sent a second time."""
    for attempt, delay in enumerate((*RECORD_RETRY_DELAYS, None)):
        try:
            async with db.transaction() as tx:
                await _record_all(tx, attempts, clock)
            return
        except Exception as exc:
            if delay is None or not Database.is_unreachable(exc):
                raise
            log.warning(
                "outbox: recording %d deliveries failed (attempt %d): %s",
                len(attempts),
                attempt + 1,
                type(exc).__name__,
            )
            await asyncio.sleep(delay)


async def _record_all(
    tx: Tx, attempts: list[tuple[OutboxRecord, Attempt]], clock: Callable[[], datetime]
) -> None:
    now = clock()
    delivered: list[int] = []
    released: list[int] = []
    for row, attempt in attempts:
        match attempt:
            case Sent():
                await _after_sent(tx, row, attempt, clock)
                delivered.append(row.id)
            case Retry(seconds=seconds, reason=reason, alert=alert, alert_to=to):
                await outbox.mark_failed(tx, row.id, now=now, retry_in=seconds, error=reason)
                if alert is not None:  # a word for the team in General
                    await put(tx, _general(alert), chat_id=to, due=now)
            case Refused(reason=reason, alert=alert, alert_to=to, requeue=requeue):
                await outbox.mark_delivered(tx, row.id, now=now, error=f"undeliverable: {reason}")
                await tell_team(tx, row, reason, now=clock())
                if alert is not None:
                    await put(tx, _general(alert), chat_id=to, due=now)
                if requeue is not None:
                    await put(tx, requeue, chat_id=items.TOPIC_DELETIONS, due=now)
                await announcing.refused(tx, row, now=now)
            case Released():
                released.append(row.id)
    await outbox.mark_delivered_many(tx, delivered, now=now)
    await outbox.release_many(tx, released)


async def _after_sent(tx: Tx, row: OutboxRecord, sent: Sent, clock: Callable[[], datetime]) -> None:
    """What a delivery tells us: the new topic's id, the card's message id (and its pin),
    an announcement's group reached."""
    if isinstance(sent.item, items.AnnouncementMessage):
        await announcing.delivered(tx, sent.item.announcement, sent.chat_id, ok=True, now=clock())
    if row.case_id is None:
        return
    if isinstance(sent.item, items.CreateTopic) and sent.result:
        if await cases.by_id(tx, row.case_id) is None:
            # Erased while Telegram was making its topic: nothing may stay behind.
            topic = (sent.chat_id, sent.result)
            await put_topic_deletion(tx, row.case_id, topic, due=clock())
            return
        await cases.set_topic(tx, row.case_id, sent.chat_id, sent.result)
    if isinstance(sent.item, items.TextMessage) and sent.item.card:
        await cases.set_card_message(tx, row.case_id, sent.result or 0, chat_id=sent.chat_id)
        await put(tx, items.PinCard(), chat_id=row.chat_id, case_id=row.case_id, due=clock())


def _general(text: str) -> items.TextMessage:
    return items.TextMessage(text, audience="staff")
