"""Reminds each staff group of its cases nobody has claimed, during office hours."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.app import App
from bot.jobs import periodic
from bot.outbox import items
from bot.outbox.queue import put
from dialogs.staff.queue import QueuedCase, due_for_reminder, reminder_text
from storage import audit, cases

log = logging.getLogger(__name__)


class ReminderJob:
    def __init__(self, app: App) -> None:
        self.app = app
        settings = app.kreis.settings
        self.after = timedelta(minutes=settings.reminder_after_minutes)
        self.hours = settings.office_hours

    async def run_once(self) -> list[int]:
        """Queue one reminder per staff group for its due cases; returns their ids."""
        now = self.app.clock()
        groups = self.app.staff_groups
        async with self.app.db.transaction() as tx:
            # Row locks (PostgreSQL) make a second instance skip these cases: one reminder.
            waiting = await cases.unclaimed_for_reminder(tx)
            by_group: dict[int | None, list[QueuedCase]] = {}
            for c in waiting:
                group = groups.of_case(c) if groups is not None else None
                by_group.setdefault(group, []).append(
                    QueuedCase(c.id, c.status, c.created_at, c.locale, None, c.reminded_at)
                )
            reminded: list[int] = []
            for group, queued in by_group.items():
                due = due_for_reminder(queued, now, after=self.after, hours=self.hours)
                if not due:
                    continue
                text = items.TextMessage(reminder_text(due, now), audience="staff")
                default = groups.default if groups is not None else None
                await put(tx, text, chat_id=items.staff_address(group, default), due=now)
                reminded += [item.case_id for item in due]
            if not reminded:
                return []
            await cases.mark_reminded(tx, reminded, now)
            for case_id in reminded:
                await audit.record(tx, action="reminder", case_id=case_id)
        log.info("reminded about %d unclaimed case(s)", len(reminded))
        return reminded

    async def run(self, stop: asyncio.Event, every: float = 60.0) -> None:
        await periodic.every(every, self.run_once, stop, log)
