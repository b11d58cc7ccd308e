"""What the retention period removes (`bot/jobs/housekeeping.py` decides when).

Closed cases past the period are anonymised: answers, overrides, notes and everything that could
identify the family go; language, dates and status stay for statistics. Families with no open
or recently closed case and no activity in the period are erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from storage import appointments, audit, drafts, families
from storage.db import Tx
from storage.models import Case, CaseNote, Family


@dataclass(frozen=True)
class Anonymised:
    cases: list[tuple[int, int | None]]  # (case id, topic id)


async def anonymise_closed_before(tx: Tx, cutoff: datetime) -> Anonymised:
    rows = list(
        (
            await tx.execute(
                select(Case)
                .where(
                    Case.status == "closed",
                    Case.closed_at < cutoff,
                    Case.children.is_not(None) | Case.family_id.is_not(None),
                )
                .with_for_update()
            )
        ).scalars()
    )
    for case in rows:
        case.children = None
        case.override = None
        case.municipality = None
        case.age = None
        case.family_id = None
        await audit.record(tx, action="retention_anonymised", case_id=case.id)
    await drafts.remove_for_cases(tx, [c.id for c in rows])
    await appointments.forget_details(tx, [c.id for c in rows])
    if rows:
        # Notes may name people; an anonymised case keeps none.
        await tx.execute(delete(CaseNote).where(CaseNote.case_id.in_([c.id for c in rows])))
    await tx.flush()
    return Anonymised([(c.id, c.topic_id) for c in rows])


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
