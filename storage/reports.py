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
from typing import Any

from sqlalchemy import func, or_, select, union_all

from storage import announcements as announcement_rows
from storage import offer_searches as offer_search_rows
from storage.db import Tx
from storage.models import Appointment, AuditEntry, Case, Initiative, ReferralCode
from storage.records import (
    EventRecord,
    ReportAppointmentRecord,
    ReportCaseRecord,
    ReportReferralRecord,
)

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


def _cases_statement(
    created_before: datetime,
    created_since: datetime | None,
    open_on_or_after: datetime | None,
) -> Any:
    if open_on_or_after is None:
        conditions = [Case.created_at < created_before]
        if created_since is not None:
            conditions.append(Case.created_at >= created_since)
        # The data set: in case order (ix_cases_created_at finds them, a sort orders them).
        return select(*_CASE_COLUMNS).where(*conditions).order_by(Case.id)
    # The month's cases: still open, or closed since the month began. Two branches, each
    # found through ix_cases_closed_at; one query with OR would read every case opened before
    # the month's end, which after a few years is nearly all of them. Order does not matter.
    opened = [Case.created_at < created_before]
    if created_since is not None:
        opened.append(Case.created_at >= created_since)
    return union_all(
        select(*_CASE_COLUMNS).where(Case.closed_at.is_(None), *opened),
        select(*_CASE_COLUMNS).where(Case.closed_at >= open_on_or_after, *opened),
    )


async def iter_cases(
    tx: Tx,
    *,
    created_before: datetime,
    created_since: datetime | None = None,
    open_on_or_after: datetime | None = None,
    batch: int = 500,
) -> AsyncIterator[list[ReportCaseRecord]]:
    """Cases opened before `created_before` (and since `created_since`), and — with
    `open_on_or_after` — not closed before that moment, in batches (in case order unless
    `open_on_or_after` is given)."""
    statement = _cases_statement(created_before, created_since, open_on_or_after)
    result = await tx.stream(statement.execution_options(yield_per=batch))
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
    statement = _cases_statement(created_before, created_since, open_on_or_after)
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int((await tx.execute(counted)).scalar_one())


async def events(
    tx: Tx,
    *,
    actions: Collection[str],
    since: datetime | None,
    before: datetime,
    detail: str | None = None,
    of_cases_open_at: datetime | None = None,
) -> list[EventRecord]:
    """Audit entries of these actions in [since, before) (from the beginning with None),
    with this `detail` if one is given, of cases still open at `of_cases_open_at` if given."""
    conditions = [AuditEntry.action.in_(list(actions)), AuditEntry.at < before]
    if since is not None:
        conditions.append(AuditEntry.at >= since)
    if detail is not None:
        conditions.append(AuditEntry.detail == detail)
    statement = select(AuditEntry.action, AuditEntry.case_id, AuditEntry.at, AuditEntry.detail)
    if of_cases_open_at is not None:
        # A join on the case's primary key, not `case_id IN (subquery)`: PostgreSQL with stale
        # statistics (after a bulk load) planned the IN as a nested loop over the subquery's
        # rows, 8 s at 100 000 cases; the join is a primary-key lookup per event on any plan.
        statement = statement.join(Case, Case.id == AuditEntry.case_id)
        conditions.append(or_(Case.closed_at.is_(None), Case.closed_at >= of_cases_open_at))
    rows = await tx.execute(statement.where(*conditions).order_by(AuditEntry.id))
    return [EventRecord(*row) for row in rows]


async def first_answers(tx: Tx, *, since: datetime, before: datetime) -> dict[int, datetime]:
    """For the cases opened in [since, before): when a counsellor first answered the family.

    Bounded by time on both sides of the join (answers come after `since`, cases were opened
    in the window), so both databases walk ix_audit_log_action_at and the primary key whatever
    their statistics say; `case_id IN (cases of the month)` was planned as a scan of every
    answer ever given on a freshly loaded PostgreSQL.
    """
    rows = await tx.execute(
        select(AuditEntry.case_id, func.min(AuditEntry.at))
        .join(Case, Case.id == AuditEntry.case_id)
        .where(
            AuditEntry.action.in_(ANSWER_ACTIONS),
            AuditEntry.at >= since,
            Case.created_at >= since,
            Case.created_at < before,
        )
        .group_by(AuditEntry.case_id)
    )
    return {int(case_id): at for case_id, at in rows}


# --- sources of features that do not exist yet ------------------------------------------------
# Each returns None: "not recorded". When the feature lands, its query replaces the body and
# returns the records the figure in dialogs/report/figures.py already reads (as appointments do).


async def referrals(tx: Tx, *, since: datetime, before: datetime) -> list[ReportReferralRecord]:
    """Cases opened in the window by families who came with an initiative's invitation, with
    the initiative's name (its group title until the counsellors named it)."""
    rows = await tx.execute(
        select(Initiative.name, Initiative.title, Case.created_at)
        .join(ReferralCode, ReferralCode.code == Case.referral_code)
        .join(Initiative, Initiative.number == ReferralCode.initiative)
        .where(Case.created_at >= since, Case.created_at < before)
        .order_by(Case.created_at)
    )
    return [ReportReferralRecord(name or title, at) for name, title, at in rows.all()]


async def appointments(
    tx: Tx, *, since: datetime, before: datetime
) -> list[ReportAppointmentRecord]:
    """Appointments booked for a time in the window, with what became of them (held, missed,
    still booked, cancelled after booking); offers never booked have no time and are not
    counted. Walks ix_appointments_status_starts_at."""
    rows = await tx.execute(
        select(Appointment.case_id, Appointment.starts_at, Appointment.status)
        .where(
            Appointment.status.in_(("held", "missed", "booked", "cancelled")),
            Appointment.starts_at >= since,
            Appointment.starts_at < before,
        )
        .order_by(Appointment.starts_at)
    )
    return [ReportAppointmentRecord(case_id, at, status) for case_id, at, status in rows.all()]


async def announcements(tx: Tx, *, since: datetime, before: datetime) -> list[tuple[datetime, int]]:
    """KI announcements sent in the window: (when confirmed, how many groups)."""
    return await announcement_rows.sent_between(tx, since, before)


async def offer_searches(tx: Tx, *, month: str) -> list[tuple[str | None, str | None, str | None]]:
    """(kind, municipality, language) of the offer searches without result in `month`
    ("2026-12"): kept by month only, never by who or when exactly."""
    return [(k, m, lang) for _month, k, m, lang in await offer_search_rows.empty_in(tx, [month])]
