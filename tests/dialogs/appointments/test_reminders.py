"""Which reminder is due, with the clock moved: the day before, two hours before, never both
at once after an outage, never for a cancelled or past appointment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dialogs.appointments.model import Appointment, Slot
from dialogs.appointments.reminders import due, next_due

START = datetime(2026, 12, 3, 9, tzinfo=UTC)
BOOKED = Appointment("k", 1, "booked", (Slot(START, "KI"),), chosen=0)


def test_day_before_then_two_hours_before_then_nothing() -> None:
    assert due(BOOKED, START - timedelta(hours=25)) is None
    assert next_due(BOOKED) == START - timedelta(hours=24)
    which, marked = due(BOOKED, START - timedelta(hours=23)) or (None, BOOKED)
    assert which == "day" and marked.reminded_day and not marked.reminded_hours
    assert due(marked, START - timedelta(hours=3)) is None  # sent already
    assert next_due(marked) == START - timedelta(hours=2)
    which, marked = due(marked, START - timedelta(minutes=90)) or (None, marked)
    assert which == "hours" and marked.reminded_hours
    assert due(marked, START - timedelta(minutes=10)) is None
    assert next_due(marked) is None


def test_after_an_outage_only_the_later_reminder_comes() -> None:
    which, marked = due(BOOKED, START - timedelta(hours=1)) or (None, BOOKED)
    assert which == "hours" and marked.reminded_day and marked.reminded_hours


def test_nothing_for_a_cancelled_or_past_appointment() -> None:
    assert due(BOOKED.with_(status="cancelled"), START - timedelta(hours=1)) is None
    assert next_due(BOOKED.with_(status="cancelled")) is None
    assert due(BOOKED, START + timedelta(minutes=1)) is None
    offered = Appointment("k", 1, "offered", (Slot(START, "KI"),))
    assert due(offered, START - timedelta(hours=1)) is None and next_due(offered) is None
