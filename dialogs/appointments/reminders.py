"""Which reminder an appointment is due for: the day before (24 hours) and two hours before.

A reminder whose time has passed unsent (the bot was down) is sent late while it still makes
sense and skipped once the next one is due: after a long outage the family gets the two-hour
reminder only, never both at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from dialogs.appointments.model import Appointment

DAY_BEFORE = timedelta(hours=24)
HOURS_BEFORE = timedelta(hours=2)
Which = Literal["day", "hours"]


def due(appointment: Appointment, now: datetime) -> tuple[Which, Appointment] | None:
    """The reminder to send now and the appointment marked as reminded; None: nothing due."""
    start = appointment.starts_at
    if appointment.status != "booked" or start is None or now >= start:
        return None
    if now >= start - HOURS_BEFORE:
        if appointment.reminded_hours:
            return None
        return "hours", appointment.with_(reminded_day=True, reminded_hours=True)
    if now >= start - DAY_BEFORE and not appointment.reminded_day:
        return "day", appointment.with_(reminded_day=True)
    return None


def next_due(appointment: Appointment) -> datetime | None:
    """When the next reminder falls due (what storage selects by)."""
    start = appointment.starts_at
    if appointment.status != "booked" or start is None or appointment.reminded_hours:
        return None
    return start - (HOURS_BEFORE if appointment.reminded_day else DAY_BEFORE)
