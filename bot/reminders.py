"""Reminds the counsellors' group of cases nobody has claimed, during office hours."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.delivery import STAFF_CHAT
from dialogs.staff.queue import QueuedCase, due_for_reminder, reminder_text
from storage import repo
from storage.models import Case

log = logging.getLogger(__name__)


class ReminderJob:
    def __init__(self, app: App, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.app = app
        self.clock = clock
        settings = app.kreis.settings
        self.after = timedelta(minutes=settings.reminder_after_minutes)
        self.hours = settings.office_hours

    async def run_once(self) -> list[int]:
        """Queue one reminder for all due cases; returns their ids."""
        now = self.clock()
        async with self.app.db.transaction() as session:
            # Row locks (PostgreSQL) make a second instance skip these cases: one reminder.
            result = await session.execute(
                select(Case)
                .where(Case.status == "open")
                .order_by(Case.id)
                .with_for_update(skip_locked=True)
            )
            cases = {c.id: c for c in result.scalars()}
            queued = [
                QueuedCase(c.id, c.status, c.created_at, c.locale, None, c.reminded_at)
                for c in cases.values()
            ]
            due = due_for_reminder(queued, now, after=self.after, hours=self.hours)
            if not due:
                return []
            await repo.enqueue(
                session,
                chat_id=STAFF_CHAT,
                kind="message",
                payload={"text": reminder_text(due, now)},
            )
            for item in due:
                cases[item.case_id].reminded_at = now
                await repo.audit(session, action="reminder", case_id=item.case_id)
        log.info("reminded about %d unclaimed case(s)", len(due))
        return [item.case_id for item in due]

    async def run(self, stop: asyncio.Event, every: float = 60.0) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:  # a reminder is never worth stopping the bot for
                log.exception("reminder pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
