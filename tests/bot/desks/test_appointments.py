"""Moving, marking and listing appointments through the staff desk, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.desks.staff import StaffDesk, Where
from bot.jobs.appointment_reminders import AppointmentReminderJob
from bot.outbox import items
from dialogs.staff import actions as a
from dialogs.staff.view import Actor
from storage import appointments
from storage.db import Database
from tests.bot.jobs.test_appointment_reminders import STAFF, START, booked, family_rows

ANNA = Actor(9001, "Anna")
MOVED = datetime(2026, 12, 5, 10, tzinfo=UTC)  # Saturday 11:00 in Berlin


async def test_moved_then_listed_then_held(database: Database) -> None:
    app, clock, key = await booked(database)
    clock.now = START - timedelta(hours=20)
    assert await AppointmentReminderJob(app).run_once() == [(key, "day")]
    await family_rows(app)
    desk = StaffDesk(app)
    async with app.db.transaction() as tx:
        await desk.on_message(
            tx, Where(STAFF, 77), ANNA, a.AppointmentCommand("verschieben 5.12. 11:00")
        )
        record = await appointments.by_key(tx, key)
    assert record is not None and record.starts_at == MOVED
    assert not record.reminded_day and record.remind_at == MOVED - timedelta(hours=24)
    moved, document = await family_rows(app)
    assert isinstance(moved, items.TextMessage) and "السبت" in moved.text  # Saturday
    assert isinstance(document, items.Document)
    (event,) = Calendar.from_ical(items.document_bytes(document)).walk("VEVENT")
    assert event.decoded("dtstart") == MOVED and int(event["sequence"]) == 1
    assert str(event["uid"]) == f"{key}@schullotse"  # the same entry, updated

    async with app.db.transaction() as tx:
        week = await desk.on_message(tx, Where(STAFF, None), ANNA, a.WeekAppointments())
    listed = week.replies[0].text.value  # type: ignore[union-attr]
    assert "Samstag, 5. Dezember 2026, 11:00 · Fall #1" in listed

    clock.now = MOVED + timedelta(minutes=45)
    async with app.db.transaction() as tx:
        done = await desk.on_button(tx, Where(STAFF, 77), ANNA, f"aph.{record.case_id}")
        record = await appointments.by_key(tx, key)
    assert done.toast == "Termin vermerkt: stattgefunden."
    assert record is not None and record.status == "held" and record.remind_at is None


async def test_closing_the_case_ends_its_reminders(database: Database) -> None:
    app, clock, key = await booked(database)
    async with app.db.transaction() as tx:
        await StaffDesk(app).on_button(tx, Where(STAFF, 77), ANNA, "close.1")
        record = await appointments.by_key(tx, key)
        assert record is not None and record.status == "booked"  # asked, not yet closed
        await StaffDesk(app).on_button(tx, Where(STAFF, 77), ANNA, "closeok.1")
        record = await appointments.by_key(tx, key)
    assert record is not None and record.status == "cancelled" and record.remind_at is None
    clock.now = START - timedelta(hours=20)
    assert await AppointmentReminderJob(app).run_once() == []
