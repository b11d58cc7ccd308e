"""Retention and tidying: what the consent text promises about deletion, carried out.

- Closed cases older than RETENTION_MONTHS are anonymised: the children's answers, the
  estimate override and everything that could identify the family are removed; what is left
  (language, dates, status) serves statistics only. Their topics in the staff group (card,
  relayed messages, files) are deleted through the outbox, and the family's own copy of what
  it sent goes from its state, even if the family still uses the bot.
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
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app import App
from bot.jobs import periodic
from bot.outbox import items
from bot.outbox.queue import put, put_topic_deletion
from dialogs.parent.retention import forget_case
from dialogs.parent.state import ParentState
from storage import Tx, audit, budget, families, ledger, outbox, retention
from storage.records import FamilyRecord

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
    topics_to_delete: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.cases_anonymised or self.families_deleted or self.messages_deleted)

    def german(self) -> str:
        # "wird gelöscht", not "gelöscht": the outbox deletes the topics, and says so in the
        # group if Telegram refuses.
        n = self.topics_to_delete
        topics = {0: "", 1: " (1 Thema wird gelöscht)"}.get(n, f" ({n} Themen werden gelöscht)")
        return (
            f"🧹 Aufbewahrungsfrist: {self.cases_anonymised} abgeschlossene Fälle anonymisiert"
            f"{topics}, {self.families_deleted} Familien gelöscht, {self.messages_deleted} alte "
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
            # The families first, as a parent's update locks them: never in opposite order.
            states = {
                user_id: family
                for user_id in await retention.families_due(tx, cutoff)
                if (family := await families.load(tx, user_id, lock=True)) is not None
            }
            anonymised = await retention.anonymise_closed_before(tx, cutoff)
            topics = 0
            for case in anonymised.cases:
                for topic in case.topics:
                    await put_topic_deletion(tx, case.case_id, topic, due=now)
                    topics += 1
                if case.general_card is not None:
                    card = items.DeleteMessage(case.general_card)
                    to = case.general_card_chat or items.STAFF_CHAT
                    await put(tx, card, chat_id=to, due=now)
            await self._forget_in_families(tx, anonymised.cases, states)
            families_deleted = await retention.erase_stale_families(tx, cutoff)
            messages = await outbox.delete_delivered_before(tx, now - keep_messages)
            forgotten = await ledger.prune_updates(tx, older_than=UPDATE_IDS_KEPT)
            audit_cutoff = months_before(now, self.app.settings.audit_keep_months)
            audited = await audit.prune_before(tx, audit_cutoff)
            await budget.forget_idle(tx, now)
            report = Report(
                len(anonymised.cases), families_deleted, messages, forgotten, audited, topics
            )
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

    @staticmethod
    async def _forget_in_families(
        tx: Tx, done: list[retention.AnonymisedCase], loaded: dict[int, FamilyRecord]
    ) -> None:
        """A family's own copy of an anonymised case (the children it sent, its request for a
        person) goes from its state; the family is not marked active by that."""
        closed: dict[int, datetime] = {}
        for case in done:
            if case.family_id is not None:
                closed[case.family_id] = max(
                    case.closed_at, closed.get(case.family_id, case.closed_at)
                )
        for user_id, closed_at in closed.items():
            # Not loaded before only if its case came due in between: rare, taken now.
            family = loaded.get(user_id) or await families.load(tx, user_id, lock=True)
            if family is None or not family.state:
                continue
            state = forget_case(ParentState.model_validate(family.state), closed_at)
            if state is not None:
                await families.replace_state(tx, user_id, state.model_dump(mode="json"))

    async def run(self, stop: asyncio.Event, every: float = 3600.0) -> None:
        await periodic.every(every, self.run_once, stop, log)
