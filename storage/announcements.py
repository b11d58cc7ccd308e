"""KI announcements to the initiatives' groups: drafts, their deliveries, the tally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update

from storage.db import Tx
from storage.models import Announcement, AnnouncementDelivery
from storage.records import AnnouncementRecord, AnnouncementTally


async def create_draft(
    tx: Tx,
    *,
    text: str,
    photo: tuple[int, int] | None,
    municipalities: Sequence[str] | None,
    created_by: int,
    now: datetime,
) -> int:
    row = Announcement(
        text=text,
        photo_chat=photo[0] if photo else None,
        photo_message=photo[1] if photo else None,
        municipalities=list(municipalities) if municipalities is not None else None,
        status="draft",
        created_by=created_by,
        progress_queued=False,
        created_at=now,
    )
    tx.add(row)
    await tx.flush()
    return row.id


async def get(tx: Tx, announcement_id: int, *, lock: bool = False) -> AnnouncementRecord | None:
    query = select(Announcement).where(Announcement.id == announcement_id)
    if lock:
        query = query.with_for_update()
    row = (await tx.execute(query)).scalar_one_or_none()
    if row is None:
        return None
    photo = (row.photo_chat, row.photo_message) if row.photo_chat and row.photo_message else None
    places = tuple(row.municipalities) if row.municipalities is not None else None
    return AnnouncementRecord(row.id, row.text, photo, places, row.status, row.progress_message_id)


async def start_sending(
    tx: Tx, announcement_id: int, chat_ids: Sequence[int], progress_message_id: int, now: datetime
) -> None:
    await tx.execute(
        update(Announcement)
        .where(Announcement.id == announcement_id)
        .values(status="sending", progress_message_id=progress_message_id, sent_at=now)
    )
    if chat_ids:
        await tx.execute(
            insert(AnnouncementDelivery),
            [
                {"announcement_id": announcement_id, "chat_id": c, "status": "pending"}
                for c in chat_ids
            ],
        )


async def set_status(tx: Tx, announcement_id: int, status: str) -> None:
    await tx.execute(
        update(Announcement).where(Announcement.id == announcement_id).values(status=status)
    )


async def delivered(tx: Tx, announcement_id: int, chat_id: int, *, ok: bool) -> bool:
    """Records one group's delivery; True when an edit of the progress message should be
    queued now (none is waiting: the one waiting will show this delivery too)."""
    await tx.execute(
        update(AnnouncementDelivery)
        .where(
            AnnouncementDelivery.announcement_id == announcement_id,
            AnnouncementDelivery.chat_id == chat_id,
        )
        .values(status="sent" if ok else "failed")
    )
    claimed = await tx.execute(
        update(Announcement)
        .where(Announcement.id == announcement_id, Announcement.progress_queued.is_(False))
        .values(progress_queued=True)
    )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


async def take_tally(tx: Tx, announcement_id: int) -> AnnouncementTally:
    """The counts for the progress message about to be edited; from now on a delivery queues
    a new edit (so the last delivery is always shown)."""
    await tx.execute(
        update(Announcement).where(Announcement.id == announcement_id).values(progress_queued=False)
    )
    rows = await tx.execute(
        select(AnnouncementDelivery.status, func.count())
        .where(AnnouncementDelivery.announcement_id == announcement_id)
        .group_by(AnnouncementDelivery.status)
    )
    counts = dict(rows.all())
    return AnnouncementTally(
        counts.get("sent", 0), counts.get("failed", 0), counts.get("pending", 0)
    )


async def sent_between(tx: Tx, since: datetime, before: datetime) -> list[tuple[datetime, int]]:
    """(sent at, groups) of the announcements sent in the window, for the monthly report."""
    rows = await tx.execute(
        select(Announcement.sent_at, func.count(AnnouncementDelivery.chat_id))
        .join(AnnouncementDelivery, AnnouncementDelivery.announcement_id == Announcement.id)
        .where(Announcement.sent_at >= since, Announcement.sent_at < before)
        .group_by(Announcement.id, Announcement.sent_at)
    )
    return [(at, int(n)) for at, n in rows.all()]
