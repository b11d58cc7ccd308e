"""What the outbox does around a KI announcement: count each group's delivery, mark a group
that refuses it for good, and edit the progress message in the staff group to the counts.

At most one progress edit waits at a time (`announcements.delivered` claims it): the staff
group's pace (20 messages a minute) coalesces a hundred deliveries into a few edits, and the
last delivery always queues one more, so the tally ends complete.
"""

from __future__ import annotations

from datetime import datetime

from bot.outbox import items
from bot.outbox.channel import Sender, Undeliverable
from dialogs.volunteers.announcements import progress
from storage import Database, Tx, announcements, initiatives, outbox
from storage.records import OutboxRecord


async def delivered(tx: Tx, number: int, chat_id: int, *, ok: bool, now: datetime) -> None:
    if await announcements.delivered(tx, number, chat_id, ok=ok):
        kind, payload = items.encode(items.AnnouncementProgress(number))
        await outbox.enqueue(tx, chat_id=items.STAFF_CHAT, kind=kind, payload=payload, due=now)


async def refused(tx: Tx, row: OutboxRecord, *, now: datetime) -> None:
    """A group that refused an announcement for good (the bot removed or blocked, the group
    gone) counts as failed and is marked, so no later announcement tries it again."""
    if row.kind != items.AnnouncementMessage.kind:
        return
    try:
        item = items.decode(row.kind, row.payload)
    except items.ItemError:
        return
    if not isinstance(item, items.AnnouncementMessage):
        return
    await initiatives.mark_unreachable(tx, row.chat_id)
    await delivered(tx, item.announcement, row.chat_id, ok=False, now=now)


async def edit_progress(db: Database, sender: Sender, chat_id: int, number: int) -> None:
    """Edit the progress message to the counts as they are now."""
    async with db.transaction() as tx:
        record = await announcements.get(tx, number, lock=True)
        if record is None or record.progress_message_id is None:
            raise Undeliverable("no progress message")
        tally = await announcements.take_tally(tx, number)
        if not tally.pending:
            await announcements.set_status(tx, number, "done")
    text = progress(number, tally.sent, tally.failed, tally.pending)
    await sender.edit_text(chat_id, record.progress_message_id, text, (), "staff")
