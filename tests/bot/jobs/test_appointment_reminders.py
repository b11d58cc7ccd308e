"""An appointment through the shell on both databases, with the clock moved (no sleeping):
offered in the topic, picked by the family (.ics queued), reminded the day before and two
hours before exactly once even across a restart of the job, and never after a cancellation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar

from bot.app import App
from bot.desks.parent import handle_parent_event
from bot.desks.staff import StaffDesk, Where
from bot.jobs.appointment_reminders import AppointmentReminderJob
from bot.outbox import items
from dialogs.parent.events import Press, Start
from dialogs.staff import actions as a
from dialogs.staff.view import Actor
from storage import appointments, cases, outbox
from storage.db import Database
from tests.support.apps import app_on

PARENT = 501
STAFF = -1001000000001
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Berlin
START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday 3 December, 10:00 in Berlin


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def family_rows(app: App) -> list[items.OutboxItem]:
    """What is queued for the family and not yet delivered; marks it delivered."""
    async with app.db.transaction() as tx:
        pending = [r for r in await outbox.pending_rows(tx) if r.chat_id == PARENT]
        for row in pending:
            await outbox.mark_delivered(tx, row.id, now=app.clock())
    return [items.decode(r.kind, r.payload) for r in pending]


async def parent_says(app: App, *events: Any) -> None:
    for event in events:
        async with app.db.transaction() as tx:
            await handle_parent_event(app, tx, user_id=PARENT, chat_id=PARENT, event=event)


async def booked(database: Database) -> tuple[App, Clock, str]:
    """An Arabic family with a case and topic, offered two slots, the first one picked."""
    clock = Clock()
    app = app_on(database, clock=clock)
    await parent_says(
        app, Start(language_code="ar"), Press("lang.ar"), Press("talk"), Press("ok.yes")
    )
    async with app.db.transaction() as tx:
        case = await cases.latest_of_family(tx, PARENT)
        assert case is not None
        await cases.set_topic(tx, case.id, STAFF, 77)
        outcome = await StaffDesk(app).on_message(
            tx,
            Where(STAFF, 77),
            Actor(9001, "Anna"),
            a.AppointmentCommand("3.12. 10:00, 4.12. 14:30; ki"),
        )
        assert "Terminvorschlag an die Familie gesendet" in outcome.replies[0].text.value  # type: ignore[union-attr]
        stored = await appointments.latest_of_case(tx, case.id)
    assert stored is not None and stored.status == "offered"
    offer = (await family_rows(app))[-1]
    assert isinstance(offer, items.TextMessage)
    assert "الخميس" in offer.text and "ديسمبر" in offer.text  # Thursday, December
    assert offer.buttons[0][0][1] == f"ap.{stored.key}.0"
    await parent_says(app, Press(f"ap.{stored.key}.0"))
    return app, clock, stored.key


async def reminders_sent(app: App) -> list[str]:
    return [
        item.text
        for item in await family_rows(app)
        if isinstance(item, items.TextMessage) and "⏰" in item.text
    ]


async def test_booking_queues_the_calendar_file(database: Database) -> None:
    app, _clock, key = await booked(database)
    async with app.db.transaction() as tx:
        record = await appointments.by_key(tx, key)
    assert record is not None and record.status == "booked" and record.starts_at == START
    (document,) = [i for i in await family_rows(app) if isinstance(i, items.Document)]
    assert document.name == "termin.ics" and "📎" in document.caption
    (event,) = Calendar.from_ical(items.document_bytes(document)).walk("VEVENT")
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=1)
    assert str(event["uid"]) == f"{key}@schullotse"
    assert "Coesfeld" in str(event["location"])
    assert "موعد" in str(event["summary"])  # Arabic: "appointment"


async def test_each_reminder_once_across_a_restart(database: Database) -> None:
    app, clock, key = await booked(database)
    await family_rows(app)
    job = AppointmentReminderJob(app)
    clock.now = START - timedelta(hours=25)
    assert await job.run_once() == []
    # The bot was down when the reminder fell due; the job of the restarted process finds it.
    clock.now = START - timedelta(hours=20)
    assert await AppointmentReminderJob(app).run_once() == [(key, "day")]
    assert await AppointmentReminderJob(app).run_once() == []
    (day,) = await reminders_sent(app)
    assert "الخميس" in day and "Meldebescheinigung" in day  # the glossary keeps the German word
    clock.now = START - timedelta(minutes=100)
    assert await job.run_once() == [(key, "hours")]
    assert await AppointmentReminderJob(app).run_once() == []
    assert len(await reminders_sent(app)) == 1
    clock.now = START + timedelta(hours=1)
    assert await job.run_once() == []


async def test_no_reminder_after_a_cancellation(database: Database) -> None:
    app, clock, key = await booked(database)
    await parent_says(app, Press(f"ap.{key}.x"))
    async with app.db.transaction() as tx:
        record = await appointments.by_key(tx, key)
    assert record is not None and record.status == "cancelled" and record.remind_at is None
    await family_rows(app)
    for hours in (20, 1):
        clock.now = START - timedelta(hours=hours)
        assert await AppointmentReminderJob(app).run_once() == []
    assert await reminders_sent(app) == []
    async with app.db.transaction() as tx:
        topic = [
            items.decode(r.kind, r.payload)
            for r in await outbox.pending_rows(tx)
            if r.chat_id == items.STAFF_CHAT
        ]
    assert any(
        isinstance(i, items.TextMessage) and "Die Familie hat den Termin abgesagt" in i.text
        for i in topic
    )
