"""Appointments between storage and the cores: records ↔ `Appointment`, and the family's
calendar file (.ics, RFC 5545, made with `icalendar`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dialogs.appointments.model import DURATION, Appointment, slots_from_json, slots_to_json
from dialogs.appointments.reminders import next_due
from storage import Tx
from storage import appointments as table
from storage.records import AppointmentRecord

PRODUCT_ID = "-//Schullotse//Termin//DE"


def appointment_of(record: AppointmentRecord) -> Appointment:
    details = record.details or {}
    return Appointment(
        key=record.key,
        case_id=record.case_id,
        status=record.status,  # type: ignore[arg-type]
        slots=slots_from_json(details.get("slots")),
        interpreter=record.interpreter,
        children=tuple(int(n) for n in details.get("children", [])),
        chosen=record.chosen,
        cancelled_by=record.cancelled_by,  # type: ignore[arg-type]
        reminded_day=record.reminded_day,
        reminded_hours=record.reminded_hours,
        sequence=int(details.get("sequence", 0)),
    )


async def save(tx: Tx, appointment: Appointment, now: datetime) -> None:
    details: dict[str, Any] = {
        "slots": slots_to_json(appointment.slots),
        "children": list(appointment.children),
        "sequence": appointment.sequence,
    }
    await table.save(
        tx,
        key=appointment.key,
        case_id=appointment.case_id,
        status=appointment.status,
        details=details,
        interpreter=appointment.interpreter,
        chosen=appointment.chosen,
        starts_at=appointment.starts_at,
        cancelled_by=appointment.cancelled_by,
        reminded_day=appointment.reminded_day,
        reminded_hours=appointment.reminded_hours,
        remind_at=next_due(appointment),
        now=now,
    )


def ics(appointment: Appointment, *, summary: str, description: str, now: datetime) -> bytes:
    """One VEVENT. Times in UTC: every calendar shows them on the reader's own clock, and the
    file needs no time zone definition. The UID is the appointment's key, so a calendar that
    imports the file again updates the entry instead of adding a second one."""
    # Imported here: loaded by the first calendar file, not at every start (3 MiB).
    from icalendar import Calendar, Event

    slot = appointment.slot
    if slot is None:
        raise ValueError("only a booked appointment has a calendar entry")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{appointment.key}@schullotse")
    event.add("dtstamp", now)
    event.add("sequence", appointment.sequence)
    start = slot.at.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", start + DURATION)
    event.add("summary", summary)
    event.add("location", slot.place)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
