"""What the retention period removes (`bot/jobs/housekeeping.py` decides when).

Closed cases past the period are anonymised: answers, overrides, notes and everything that could
identify the family go, the link to their topics in Telegram too (the caller has those topics
deleted); language, dates and status stay for statistics. Families with no open or recently
closed case and no activity in the period are erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from storage import appointments, audit, drafts, families
from storage.db import Tx
from storage.models import Case, CaseNote, Family
from storage.records import CaseTopics


@dataclass(frozen=True)
class AnonymisedCase:
    case_id: int
    family_id: int | None  # the family it belonged to, whose own copy goes too
    closed_at: datetime
    topics: tuple[tuple[int, int], ...]  # (staff chat, topic): to delete in Telegram
    # A card posted in the staff group's General topic because the case got no topic, and
    # that group (None: from before cards there knew their group, the default one).
    general_card: int | None = None
    general_card_chat: int | None = None


@dataclass(frozen=True)
class Anonymised:
    cases: list[AnonymisedCase]


def _due(cutoff: datetime) -> Any:
    return (
        (Case.status == "closed")
        & (Case.closed_at < cutoff)
        & (
            Case.children.is_not(None)
            | Case.family_id.is_not(None)
            | Case.topic_id.is_not(None)
            | Case.former_topics.is_not(None)
            | Case.card_message_id.is_not(None)
        )
    )


async def families_due(tx: Tx, cutoff: datetime) -> list[int]:
    """The families whose cases `anonymise_closed_before` will take, in id order: locked
    first (`families.load(lock=True)`), as a parent's update does, so the two never wait for
    each other in opposite order."""
    rows = await tx.execute(
        select(Case.family_id)
        .where(_due(cutoff), Case.family_id.is_not(None))
        .distinct()
        .order_by(Case.family_id)
    )
    return [int(family_id) for family_id in rows.scalars()]


async def anonymise_closed_before(tx: Tx, cutoff: datetime) -> Anonymised:
    rows = list((await tx.execute(select(Case).where(_due(cutoff)).with_for_update())).scalars())
    done = [
        AnonymisedCase(
            c.id,
            c.family_id,
            c.closed_at or cutoff,
            CaseTopics.of(c.id, c.staff_chat_id, c.topic_id, c.former_topics).topics,
            c.card_message_id if c.topic_id is None else None,
            c.staff_chat_id if c.topic_id is None else None,
        )
        for c in rows
    ]
    for case in rows:
        case.children = None
        case.override = None
        case.municipality = None
        case.age = None
        case.family_id = None
        # Its topics are deleted in Telegram (by the caller, through the outbox): a topic left
        # behind because the bot may not delete it must not lead back to this case.
        case.staff_chat_id = None
        case.topic_id = None
        case.card_message_id = None
        case.former_topics = None
        await audit.record(tx, action="retention_anonymised", case_id=case.id)
    await drafts.remove_for_cases(tx, [c.id for c in rows])
    await appointments.forget_details(tx, [c.id for c in rows])
    if rows:
        # Notes may name people; an anonymised case keeps none.
        await tx.execute(delete(CaseNote).where(CaseNote.case_id.in_([c.id for c in rows])))
    await tx.flush()
    return Anonymised(done)


async def erase_stale_families(tx: Tx, cutoff: datetime) -> int:
    """Families kept only while a case is open or was closed within the period."""
    still_needed = select(Case.family_id).where(
        Case.family_id.is_not(None), (Case.status != "closed") | (Case.closed_at >= cutoff)
    )
    stale = list(
        (
            await tx.execute(
                select(Family.user_id).where(
                    Family.updated_at < cutoff, Family.user_id.not_in(still_needed)
                )
            )
        ).scalars()
    )
    for user_id in stale:
        await families.erase(tx, user_id)
    return len(stale)
