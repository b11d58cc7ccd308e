"""Retention and tidying: what the consent text promises about deletion, carried out.

- Closed cases older than RETENTION_MONTHS are anonymised: the children's answers, the
  estimate override and everything that could identify the family are removed; what is left
  (language, dates, status) serves statistics only.
- Families with no open case and no activity for RETENTION_MONTHS are deleted.
- Delivered outbox rows (they hold relayed texts) are deleted after OUTBOX_KEEP_DAYS.
- Processed update ids older than two days are forgotten (Telegram may restart its ids).
- Audit entries older than AUDIT_KEEP_MONTHS are deleted; idle send-budget rows (PostgreSQL,
  keyed by chat id) too.
Each run reports what it did, in the log and in the staff group's General topic.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app import App
from bot.outbox import items
from bot.outbox.queue import put
from storage import audit, budget, ledger, outbox, retention

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
    audit_entries_deleted: int = 0

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
    def __init__(self, app: App) -> None:
        self.app = app

    async def run_once(self) -> Report:
        now = self.app.clock()
        cutoff = months_before(now, self.app.settings.retention_months)
        keep_messages = timedelta(days=self.app.settings.outbox_keep_days)
        async with self.app.db.transaction() as tx:
            anonymised = await retention.anonymise_closed_before(tx, cutoff)
            families_deleted = await retention.erase_stale_families(tx, cutoff)
            messages = await outbox.delete_delivered_before(tx, now - keep_messages)
            forgotten = await ledger.prune_updates(tx, older_than=UPDATE_IDS_KEPT)
            audit_cutoff = months_before(now, self.app.settings.audit_keep_months)
            audited = await audit.prune_before(tx, audit_cutoff)
            await budget.forget_idle(tx, now)
            report = Report(len(anonymised.cases), families_deleted, messages, forgotten, audited)
            if report.anything:
                await put(
                    tx,
                    items.TextMessage(report.german(), audience="staff"),
                    chat_id=items.STAFF_CHAT,
                    due=now,
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
