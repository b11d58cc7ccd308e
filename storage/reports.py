"""What the monthly report and the data set read: cases, and audit events by action and time.

Returns plain records (`storage.records`), never ORM rows. Cases are streamed in batches:
`cases.children` is encrypted, so every row costs a decryption, and a data set of 100 000
children must neither sit in memory at once nor wait for the last row before the first is
written. Sources of figures whose features are not built yet are here too, returning None
("not recorded"), so the report shows "—" instead of a made-up zero.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from datetime import datetime

from sqlalchemy import func, or_, select

from storage.db import Tx
from storage.models import AuditEntry, Case
from storage.records import EventRecord, ReportCaseRecord

_CASE_COLUMNS = (
    Case.id,
    Case.status,
    Case.locale,
    Case.municipality,
    Case.age,
    Case.created_at,
    Case.closed_at,
    Case.children,
    Case.override,
)
# Actions by which a counsellor answers a family (the first one ends "waiting for an answer").
ANSWER_ACTIONS = ("reply", "reply_media", "template")


async def iter_cases(
    tx: Tx,
    *,
    created_before: datetime,
    created_since: datetime | None = None,
    open_on_or_after: datetime | None = None,
    batch: int = 500,
) -> AsyncIterator[list[ReportCaseRecord]]:
    """Cases opened before `created_before` (and since `created_since`), and — with
    `open_on_or_after` — not closed before that moment, in batches ordered by id."""
    conditions = [Case.created_at < created_before]
    if created_since is not None:
        conditions.append(Case.created_at >= created_since)
    if open_on_or_after is not None:
        conditions.append(or_(Case.closed_at.is_(None), Case.closed_at >= open_on_or_after))
    statement = (
        select(*_CASE_COLUMNS)
        .where(*conditions)
        .order_by(Case.id)
        .execution_options(yield_per=batch)
    )
    result = await tx.stream(statement)
    async for rows in result.partitions(batch):
        yield [ReportCaseRecord(*row) for row in rows]


async def count_cases(
    tx: Tx,
    *,
    created_before: datetime,
    created_since: datetime | None = None,
    open_on_or_after: datetime | None = None,
) -> int:
    """How many rows `iter_cases` will yield (for a progress bar)."""
    conditions = [Case.created_at < created_before]
    if created_since is not None:
        conditions.append(Case.created_at >= created_since)
    if open_on_or_after is not None:
        conditions.append(or_(Case.closed_at.is_(None), Case.closed_at >= open_on_or_after))
    statement = select(func.count()).select_from(Case).where(*conditions)
    return int((await tx.execute(statement)).scalar_one())


async def events(
    tx: Tx,
    *,
    actions: Collection[str],
    since: datetime | None,
    before: datetime,
    detail: str | None = None,
) -> list[EventRecord]:
    """Audit entries of these actions in [since, before) (from the beginning with None),
    with this `detail` if one is given."""
    conditions = [AuditEntry.action.in_(list(actions)), AuditEntry.at < before]
    if since is not None:
        conditions.append(AuditEntry.at >= since)
    if detail is not None:
        conditions.append(AuditEntry.detail == detail)
    rows = await tx.execute(
        select(AuditEntry.action, AuditEntry.case_id, AuditEntry.at, AuditEntry.detail)
        .where(*conditions)
        .order_by(AuditEntry.id)
    )
    return [EventRecord(*row) for row in rows]


async def first_answers(tx: Tx, *, since: datetime, before: datetime) -> dict[int, datetime]:
    """For the cases opened in [since, before): when a counsellor first answered the family."""
    opened = select(Case.id).where(Case.created_at >= since, Case.created_at < before)
    rows = await tx.execute(
        select(AuditEntry.case_id, func.min(AuditEntry.at))
        .where(AuditEntry.action.in_(ANSWER_ACTIONS), AuditEntry.case_id.in_(opened))
        .group_by(AuditEntry.case_id)
    )
    return {int(case_id): at for case_id, at in rows}


# --- sources of features that do not exist yet ------------------------------------------------
# Each returns None: "not recorded". When the feature lands, its query replaces the body and
# returns the records the figure in dialogs/report/figures.py already reads.


async def referrals(tx: Tx, *, since: datetime, before: datetime) -> None:
    """Families who came through an initiative's referral link (volunteers: not built yet)."""
    return None


async def appointments(tx: Tx, *, since: datetime, before: datetime) -> None:
    """Appointments with their outcome, held or missed (appointments: not built yet)."""
    return None


async def announcements(tx: Tx, *, since: datetime, before: datetime) -> None:
    """KI announcements sent to volunteers' groups (announcements: not built yet)."""
    return None


async def offer_searches(tx: Tx, *, since: datetime, before: datetime) -> None:
    """Searches in the offers directory, with whether they found anything (not built yet)."""
    return None
