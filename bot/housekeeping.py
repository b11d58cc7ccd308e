"""Retention and tidying: what the consent text promises about deletion, carried out.

- Closed cases older than RETENTION_MONTHS are anonymised: the children's answers, the
  estimate override and everything that could identify the family are removed; what is left
  (language, dates, status) serves statistics only.
- Families with no open case and no activity for RETENTION_MONTHS are deleted.
- Delivered outbox rows (they hold relayed texts) are deleted after OUTBOX_KEEP_DAYS.
- Processed update ids older than two days are forgotten (Telegram may restart its ids).
Each run reports what it did, in the log and in the staff group's General topic.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from bot.app import App
from bot.delivery import STAFF_CHAT
from storage import repo, scale
from storage.models import Case, Family, OutboxMessage, StaffDraft

log = logging.getLogger(__name__)
UPDATE_IDS_KEPT = timedelta(days=2)


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Report:
    cases_anonymised: int
    families_deleted: int
    messages_deleted: int
    update_ids_forgotten: int

    @property
    def anything(self) -> bool:
        return bool(self.cases_anonymised or self.families_deleted or self.messages_deleted)

    def german(self) -> str:
        return (
            f"🧹 Aufbewahrungsfrist: {self.cases_anonymised} abgeschlossene Fälle anonymisiert, "
            f"{self.families_deleted} Familien gelöscht, {self.messages_deleted} alte "
            "Nachrichten entfernt."
        )


class Housekeeping:
    def __init__(self, app: App, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.app = app
        self.clock = clock

    async def run_once(self) -> Report:
        now = self.clock()
        cutoff = months_before(now, self.app.settings.retention_months)
        keep_messages = timedelta(days=self.app.settings.outbox_keep_days)
        async with self.app.db.transaction() as session:
            old_cases = list(
                (
                    await session.execute(
                        select(Case).where(
                            Case.status == "closed",
                            Case.closed_at < cutoff,
                            Case.children.is_not(None) | Case.family_id.is_not(None),
                        )
                    )
                ).scalars()
            )
            for case in old_cases:
                case.children = None
                case.override = None
                case.municipality = None
                case.age = None
                case.family_id = None
                await repo.audit(session, action="retention_anonymised", case_id=case.id)
            ids = [c.id for c in old_cases]
            if ids:
                await session.execute(delete(StaffDraft).where(StaffDraft.case_id.in_(ids)))
            # A family is kept while a case is open or was closed within the period.
            still_needed = select(Case.family_id).where(
                Case.family_id.is_not(None), (Case.status != "closed") | (Case.closed_at >= cutoff)
            )
            stale = list(
                (
                    await session.execute(
                        select(Family.user_id).where(
                            Family.updated_at < cutoff, Family.user_id.not_in(still_needed)
                        )
                    )
                ).scalars()
            )
            for user_id in stale:
                await repo.erase_family(session, user_id)
            messages = await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.delivered_at.is_not(None),
                    OutboxMessage.delivered_at < now - keep_messages,
                )
            )
            forgotten = await scale.prune_updates(session, older_than=UPDATE_IDS_KEPT)
            report = Report(len(old_cases), len(stale), int(messages.rowcount or 0), forgotten)
            if report.anything:
                await repo.enqueue(
                    session, chat_id=STAFF_CHAT, kind="message", payload={"text": report.german()}
                )
        log.info(
            "housekeeping: %d cases anonymised, %d families deleted, %d messages deleted, "
            "%d update ids forgotten",
            report.cases_anonymised,
            report.families_deleted,
            report.messages_deleted,
            report.update_ids_forgotten,
        )
        return report

    async def run(self, stop: asyncio.Event, every: float = 3600.0) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:  # housekeeping must never take the bot down
                log.exception("housekeeping failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
