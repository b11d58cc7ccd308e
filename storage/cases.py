"""Cases: a family's request for counselling and the staff topic it lives in.

Every function takes the unit of work (`Tx`) and returns plain records. `lock` takes the row
lock until commit (PostgreSQL): two counsellors pressing "claim" at the same moment on two
instances are served one after the other, so one wins.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from storage.db import Tx
from storage.models import Case, Counsellor
from storage.records import CaseRecord, CaseTopics, QueueRecord

NOT_CLOSED = ("open", "claimed")


def _record(row: Case) -> CaseRecord:
    return CaseRecord(
        id=row.id,
        family_id=row.family_id,
        status=row.status,
        locale=row.locale,
        municipality=row.municipality,
        age=row.age,
        staff_chat_id=row.staff_chat_id,
        topic_id=row.topic_id,
        children=row.children,
        created_at=row.created_at,
        closed_at=row.closed_at,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        card_message_id=row.card_message_id,
        reminded_at=row.reminded_at,
        override=row.override,
        referral_code=row.referral_code,
        referral_notify=bool(row.referral_notify),
        former_topics=tuple((int(c), int(t)) for c, t in row.former_topics or ()),
        assigned_chat_id=row.assigned_chat_id,
    )


async def _one(tx: Tx, statement: Any) -> CaseRecord | None:
    row = (await tx.execute(statement)).scalar_one_or_none()
    return _record(row) if row is not None else None


async def create(
    tx: Tx,
    *,
    family_id: int,
    locale: str,
    municipality: str | None,
    age: int | None,
    children: list[dict[str, Any]],
    now: datetime,
    referral_code: str | None = None,
    referral_notify: bool = False,
) -> CaseRecord:
    row = Case(
        referral_code=referral_code,
        referral_notify=referral_notify,
        family_id=family_id,
        locale=locale,
        municipality=municipality,
        age=age,
        children=children,
        status="open",
        created_at=now,
        updated_at=now,
    )
    tx.add(row)
    await tx.flush()
    return _record(row)


async def by_id(tx: Tx, case_id: int, *, lock: bool = False) -> CaseRecord | None:
    statement = select(Case).where(Case.id == case_id)
    return await _one(tx, statement.with_for_update() if lock else statement)


async def by_topic(
    tx: Tx, staff_chat_id: int, topic_id: int, *, lock: bool = False
) -> CaseRecord | None:
    """The case whose topic this is, in this staff group. Topic ids are small numbers per
    group: the same number in another group is another topic, never this case's."""
    statement = select(Case).where(Case.staff_chat_id == staff_chat_id, Case.topic_id == topic_id)
    return await _one(tx, statement.with_for_update() if lock else statement)


async def adopt_unplaced_topics(tx: Tx, staff_chat_id: int) -> int:
    """Topics made before cases knew their group (marked 0 by migration 0004) live in the
    staff group of that time: the configured one, unless it was changed in the same upgrade.
    Returns how many cases were placed."""
    result = await tx.execute(
        update(Case).where(Case.staff_chat_id == 0).values(staff_chat_id=staff_chat_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def count_in_other_groups(tx: Tx, staff_chat_ids: Sequence[int]) -> int:
    """Cases whose topic lives in a group that is none of these staff groups (one was
    changed): they get a new topic in their group when something is next posted for them."""
    statement = select(func.count()).where(
        Case.topic_id.is_not(None), Case.staff_chat_id.not_in(staff_chat_ids)
    )
    return int((await tx.execute(statement)).scalar_one())


async def latest_of_family(tx: Tx, family_id: int, *, lock: bool = False) -> CaseRecord | None:
    statement = select(Case).where(Case.family_id == family_id).order_by(Case.id.desc()).limit(1)
    return await _one(tx, statement.with_for_update() if lock else statement)


async def of_family(tx: Tx, family_id: int, *, lock: bool = False) -> list[CaseRecord]:
    statement = select(Case).where(Case.family_id == family_id).order_by(Case.id)
    rows = await tx.execute(statement.with_for_update() if lock else statement)
    return [_record(row) for row in rows.scalars()]


async def latest_open(tx: Tx) -> CaseRecord | None:
    """The newest case that is not closed (the console's counsellor starts there)."""
    statement = select(Case).where(Case.status != "closed").order_by(Case.id.desc()).limit(1)
    return await _one(tx, statement)


async def topics_of_family(tx: Tx, family_id: int) -> list[CaseTopics]:
    rows = await tx.execute(
        select(Case.id, Case.staff_chat_id, Case.topic_id, Case.former_topics)
        .where(Case.family_id == family_id)
        .order_by(Case.id)
    )
    return [CaseTopics.of(*row) for row in rows]


async def with_topic(tx: Tx, staff_chat_id: int) -> list[CaseRecord]:
    """Every case with a topic in this staff group (the console names its topics again after
    a restart)."""
    rows = await tx.execute(
        select(Case)
        .where(Case.staff_chat_id == staff_chat_id, Case.topic_id.is_not(None))
        .order_by(Case.id)
    )
    return [_record(row) for row in rows.scalars()]


async def not_closed(tx: Tx) -> list[CaseRecord]:
    rows = await tx.execute(select(Case).where(Case.status.in_(NOT_CLOSED)).order_by(Case.id))
    return [_record(row) for row in rows.scalars()]


# A case as the queue lists it and as its staff group is found: no encrypted column.
_QUEUED = select(
    Case.id,
    Case.status,
    Case.created_at,
    Case.locale,
    Case.claimed_by,
    Case.reminded_at,
    Case.municipality,
    Case.staff_chat_id,
    Case.topic_id,
    Case.assigned_chat_id,
)


async def queue(tx: Tx) -> list[QueueRecord]:
    """Cases not closed, without their encrypted columns: listing the queue decrypts nothing,
    so it stays fast with many open cases."""
    # IN, not !=: an inequality cannot use ix_cases_status, and would read every case.
    rows = await tx.execute(_QUEUED.where(Case.status.in_(NOT_CLOSED)).order_by(Case.id))
    return [QueueRecord(*row) for row in rows]


async def placed(tx: Tx, case_ids: Collection[int]) -> list[QueueRecord]:
    """These cases as the queue knows them (where they are, to find their staff group)."""
    if not case_ids:
        return []
    rows = await tx.execute(_QUEUED.where(Case.id.in_(case_ids)).order_by(Case.id))
    return [QueueRecord(*row) for row in rows]


async def unclaimed_for_reminder(tx: Tx) -> list[CaseRecord]:
    """Open cases, locked and skipped by another instance: one reminder for the group."""
    rows = await tx.execute(
        select(Case)
        .where(Case.status == "open")
        .order_by(Case.id)
        .with_for_update(skip_locked=True)
    )
    return [_record(row) for row in rows.scalars()]


async def update_fields(tx: Tx, case_id: int, **fields: Any) -> None:
    """Write the given columns of one case (values as the model declares them)."""
    if fields:
        await tx.execute(update(Case).where(Case.id == case_id).values(**fields))


async def mark_reminded(tx: Tx, case_ids: Sequence[int], at: datetime) -> None:
    if case_ids:
        await tx.execute(update(Case).where(Case.id.in_(case_ids)).values(reminded_at=at))


async def set_topic(
    tx: Tx,
    case_id: int,
    staff_chat_id: int,
    topic_id: int,
    *,
    former: tuple[int, int] | None = None,
) -> None:
    """The case's topic is now this one; `former`, the (chat, topic) it had in an earlier
    staff group, is remembered for deletion. The card belongs to the topic: a new topic's
    card id is set when its card is delivered."""
    values: dict[str, Any] = {"staff_chat_id": staff_chat_id, "topic_id": topic_id}
    if former is not None:
        known = (
            await tx.execute(select(Case.former_topics).where(Case.id == case_id))
        ).scalar_one_or_none()
        values["former_topics"] = [*(known or []), list(former)]
        values["card_message_id"] = None
    await tx.execute(update(Case).where(Case.id == case_id).values(**values))


async def set_card_message(
    tx: Tx, case_id: int, message_id: int, *, chat_id: int | None = None
) -> None:
    """The case card's message; `chat_id`, the staff group it was sent to, is kept for a case
    without a topic (its card went to that group's General topic, where it is deleted)."""
    await tx.execute(update(Case).where(Case.id == case_id).values(card_message_id=message_id))
    if chat_id is not None:
        await tx.execute(
            update(Case)
            .where(Case.id == case_id, Case.topic_id.is_(None))
            .values(staff_chat_id=chat_id)
        )


async def delete(tx: Tx, case_id: int) -> None:
    row = await tx.get(Case, case_id)
    if row is not None:
        await tx.delete(row)


async def count(tx: Tx) -> int:
    return int((await tx.execute(select(func.count()).select_from(Case))).scalar_one())


async def counsellor_names(tx: Tx, user_ids: Sequence[int]) -> dict[int, str]:
    """First names of the counsellors who hold these cases (for cards and the queue)."""
    if not user_ids:
        return {}
    rows = await tx.execute(select(Counsellor).where(Counsellor.user_id.in_(set(user_ids))))
    return {
        c.user_id: str((c.name or {}).get("first"))
        for c in rows.scalars()
        if (c.name or {}).get("first")
    }


async def set_referral(tx: Tx, family_id: int, code: str | None, notify: bool) -> None:
    """The family's answer about its invitation, for its cases not yet closed."""
    await tx.execute(
        update(Case)
        .where(Case.family_id == family_id, Case.status != "closed")
        .values(referral_code=code, referral_notify=notify)
    )
