"""Reading what a report needs from storage, turned into the core's plain facts.

Cases come in batches (`storage.reports.iter_cases`); each batch is decrypted by the database
driver's row processing and reduced at once to `CaseFacts`, so memory holds facts, not
answers. `progress` is told how many cases were read, for the CLI's progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from dialogs.kreis import Kreis
from dialogs.report.facts import CaseFacts, case_facts
from dialogs.report.month import Month
from dialogs.report.sources import (
    Announcement,
    Appointment,
    Event,
    MonthData,
    OfferSearch,
    Referral,
)
from storage import Tx, reports
from storage.records import ReportCaseRecord

# An appointment's stored status as the report names its outcome.
_OUTCOME: dict[str, Literal["held", "missed", "planned", "cancelled"]] = {
    "held": "held",
    "missed": "missed",
    "booked": "planned",
    "cancelled": "cancelled",
}

Progress = Callable[[int], None]


def facts_of(record: ReportCaseRecord, names: dict[str, str]) -> CaseFacts:
    return case_facts(
        id=record.id,
        status=record.status,
        locale=record.locale,
        created_at=record.created_at,
        closed_at=record.closed_at,
        municipality=record.municipality,
        children=record.children,
        override=record.override,
        municipality_names=names,
    )


async def month_size(tx: Tx, month: Month) -> int:
    return await reports.count_cases(tx, created_before=month.end, open_on_or_after=month.start)


async def month_data(
    tx: Tx, month: Month, kreis: Kreis, *, progress: Progress | None = None
) -> MonthData:
    names = {m.id: m.name for m in kreis.municipalities}
    facts: list[CaseFacts] = []
    async for batch in reports.iter_cases(
        tx, created_before=month.end, open_on_or_after=month.start
    ):
        facts.extend(facts_of(record, names) for record in batch)
        if progress is not None:
            progress(len(batch))
    window = {"since": month.start, "before": month.end}
    # What dialogs/report/figures.py reads: the month's overrides, and every "Schulplatz
    # gefunden" sent before the month's end to a case still open then (it ends a child's wait).
    overrides = await reports.events(tx, actions=("override",), **window)
    places = await reports.events(
        tx,
        actions=("template",),
        since=None,
        before=month.end,
        detail="place",
        of_cases_open_at=month.end,
    )
    events = [Event(e.action, e.case_id, e.at, e.detail) for e in (*overrides, *places)]
    return MonthData(
        month=month,
        cases=facts,
        first_answers=await reports.first_answers(tx, **window),
        events=events,
        referrals=[
            Referral(r.initiative, r.created_at) for r in await reports.referrals(tx, **window)
        ],
        appointments=[
            Appointment(a.case_id, a.starts_at, _OUTCOME.get(a.status, "planned"))
            for a in await reports.appointments(tx, **window)
        ],
        announcements=[
            Announcement(at, groups) for at, groups in await reports.announcements(tx, **window)
        ],
        offer_searches=[
            OfferSearch(month.start, kind or "—", municipality or "—", language or "—", 0)
            for kind, municipality, language in await reports.offer_searches(tx, month=month.key)
        ],
    )
