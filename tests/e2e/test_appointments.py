"""An appointment through Telegram: the real aiogram client against the fake Bot API, which
checks every call (the .ics upload of sendDocument included) against the Bot API spec."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from bot.jobs.appointment_reminders import AppointmentReminderJob
from dialogs.moments import local
from storage import appointments
from tests.fakeapi import FakeUser
from tests.support.staff_steps import ANNA, open_contact_case, staff_says, staff_texts
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot


async def _key(h: Harness) -> str:
    async with h.app.db.transaction() as tx:
        record = await appointments.latest_of_case(tx, 1)
    assert record is not None
    return record.key


async def test_offer_pick_calendar_reminder_after_restart_and_cancel(tmp_path: Path) -> None:
    parent = FakeUser(901, "Mariam", language_code="fa")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "fa")

        # Twenty hours from now: the day-before reminder is due as soon as it is booked.
        soon = local(datetime.now(UTC) + timedelta(hours=20)).replace(second=0, microsecond=0)
        later = soon + timedelta(days=1)
        slots = ", ".join(f"{t.day}.{t.month}.{t.year} {t:%H:%M}" for t in (soon, later))
        await staff_says(h, ANNA, f"/termin {slots}; schulamt; dolmetscher", thread)
        assert "Terminvorschlag an die Familie gesendet" in staff_texts(h, thread)[-1]
        offer = h.fake.messages_to(parent.id)[-1]
        assert "۲۰" in offer["text"]  # Farsi digits (the year)
        key = await _key(h)
        buttons = [
            b["callback_data"] for row in offer["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert len(buttons) == 3  # two slots and "another time"

        await h.press_action(parent, f"ap.{key}.0")
        (sent,) = h.fake.calls_to("sendDocument")
        assert sent.params["chat_id"] == parent.id
        upload = sent.files["document"]
        assert upload.filename == "termin.ics"
        (event,) = Calendar.from_ical(upload.content).walk("VEVENT")
        assert event.decoded("dtstart") == soon.astimezone(UTC)
        assert "Schulamt" in str(event["location"])
        assert "Die Familie hat den Termin gewählt" in staff_texts(h, thread)[-1]

        # The reminder job of this process sends the day-before reminder; after a restart the
        # new process's job finds nothing left to send.
        before = len(h.texts_to(parent.id))
        assert await AppointmentReminderJob(h.app).run_once() == [(key, "day")]
        await h.settle()
        assert len(h.texts_to(parent.id)) == before + 1 and "⏰" in h.texts_to(parent.id)[-1]
        await h.restart()
        assert await AppointmentReminderJob(h.app).run_once() == []

        # The family cancels from the reminder; the topic hears of it, no reminder follows.
        await h.press_action(parent, f"ap.{key}.x")
        assert "Die Familie hat den Termin abgesagt" in staff_texts(h, thread)[-1]
        async with h.app.db.transaction() as tx:
            record = await appointments.by_key(tx, key)
        assert record is not None and record.status == "cancelled" and record.remind_at is None
