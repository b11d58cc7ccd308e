"""Reminds families of their appointments: the day before and two hours before.

Each reminder is fed to the family's flow and its message queued in the outbox in the same
transaction that marks the appointment reminded, so a restart loses none (the mark is not
there, the job finds it again) and none comes twice (the mark is there; on PostgreSQL a second
instance skips the locked rows). A cancelled appointment has no next reminder (`remind_at`),
and the family's flow drops a reminder for an appointment it no longer holds.
"""

from __future__ import annotations

import asyncio
import logging

from bot.app import App
from bot.appointments import appointment_of, save
from bot.desks.notify import feed_family
from bot.jobs import periodic
from dialogs.appointments.reminders import due
from dialogs.parent.events import AppointmentReminder
from storage import appointments, audit

log = logging.getLogger(__name__)


class AppointmentReminderJob:
    def __init__(self, app: App) -> None:
        self.app = app

    async def run_once(self) -> list[tuple[str, str]]:
        """Send what is due now; returns (appointment key, "day" | "hours") per reminder."""
        now = self.app.clock()
        sent: list[tuple[str, str]] = []
        async with self.app.db.transaction() as tx:
            for record in await appointments.due_for_reminder(tx, now):
                appointment = appointment_of(record)
                reminder = due(appointment, now)
                if reminder is None:
                    # Past its time unsent, or both sent: nothing is left to remind of.
                    await save(tx, appointment.with_(reminded_day=True, reminded_hours=True), now)
                    continue
                which, marked = reminder
                slot = appointment.slot
                if slot is not None and record.family_id is not None:
                    event = AppointmentReminder(appointment.key, slot, which)
                    await feed_family(tx, self.app, record.family_id, event, case_id=record.case_id)
                    sent.append((appointment.key, which))
                await save(tx, marked, now)
                await audit.record(
                    tx, action="appointment_reminder", case_id=record.case_id, detail=which
                )
        if sent:
            log.info("sent %d appointment reminder(s)", len(sent))
        return sent

    async def run(self, stop: asyncio.Event, every: float = 60.0) -> None:
        await periodic.every(every, self.run_once, stop, log)
