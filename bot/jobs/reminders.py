"""Reminds the counsellors' group of cases nobody has claimed, during office hours."""

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
        """Queue one reminder for all due cases; returns their ids."""
        now = self.app.clock()
        async with self.app.db.transaction() as tx:
            # Row locks (PostgreSQL) make a second instance skip these cases: one reminder.
            waiting = await cases.unclaimed_for_reminder(tx)
            queued = [
                QueuedCase(c.id, c.status, c.created_at, c.locale, None, c.reminded_at)
                for c in waiting
            ]
            due = due_for_reminder(queued, now, after=self.after, hours=self.hours)
            if not due:
                return []
            text = reminder_text(due, now)
            await put(
                tx, items.TextMessage(text, audience="staff"), chat_id=items.STAFF_CHAT, due=now
            )
            await cases.mark_reminded(tx, [item.case_id for item in due], now)
            for item in due:
                await audit.record(tx, action="reminder", case_id=item.case_id)
        log.info("reminded about %d unclaimed case(s)", len(due))
        return [item.case_id for item in due]

    async def run(self, stop: asyncio.Event, every: float = 60.0) -> None:
        await periodic.every(every, self.run_once, stop, log)
