"""Appointments (`/termin`): written whole as the core returns them, read by key, by case,
and by when their next reminder falls due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from storage.db import Tx
from storage.models import Appointment, Case
from storage.records import AppointmentRecord


def _record(row: Appointment, family_id: int | None = None) -> AppointmentRecord:
    return AppointmentRecord(
        row.key,
        row.case_id,
        row.status,
        row.details,
        bool(row.interpreter),
        row.chosen,
        row.starts_at,
        row.cancelled_by,
        bool(row.reminded_day),
        bool(row.reminded_hours),
        row.remind_at,
        row.created_at,
        family_id,
    )


async def save(
    tx: Tx,
    *,
    key: str,
    case_id: int,
    status: str,
    details: dict[str, Any],
    interpreter: bool,
    chosen: int | None,
    starts_at: datetime | None,
    cancelled_by: str | None,
    reminded_day: bool,
    reminded_hours: bool,
    remind_at: datetime | None,
    now: datetime,
) -> None:
    """Insert or overwrite the appointment `key`."""
    row = await tx.get(Appointment, key)
    if row is None:
        row = Appointment(key=key, case_id=case_id, created_at=now)
        tx.add(row)
    row.status = status
    row.details = details
    row.interpreter = interpreter
    row.chosen = chosen
    row.starts_at = starts_at
    row.cancelled_by = cancelled_by
    row.reminded_day = reminded_day
    row.reminded_hours = reminded_hours
    row.remind_at = remind_at
    row.updated_at = now
    await tx.flush()


async def by_key(tx: Tx, key: str, *, lock: bool = False) -> AppointmentRecord | None:
    statement = (
        select(Appointment, Case.family_id)
        .join(Case, Case.id == Appointment.case_id)
        .where(Appointment.key == key)
    )
    if lock:
        statement = statement.with_for_update(of=Appointment)
    row = (await tx.execute(statement)).first()
    return _record(row[0], row[1]) if row else None


async def latest_of_case(tx: Tx, case_id: int, *, lock: bool = False) -> AppointmentRecord | None:
    """The case's most recent appointment, whatever its status."""
    statement = (
        select(Appointment)
        .where(Appointment.case_id == case_id)
        .order_by(Appointment.created_at.desc(), Appointment.key.desc())
        .limit(1)
    )
    if lock:
        statement = statement.with_for_update()
    row = (await tx.execute(statement)).scalars().first()
    return _record(row) if row else None


async def booked_between(tx: Tx, start: datetime, end: datetime) -> list[AppointmentRecord]:
    """Booked appointments starting in [start, end), soonest first (the team's week list)."""
    rows = await tx.execute(
        select(Appointment)
        .where(
            Appointment.status == "booked",
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
        )
        .order_by(Appointment.starts_at, Appointment.key)
    )
    return [_record(row) for row in rows.scalars()]


async def due_for_reminder(tx: Tx, now: datetime, *, limit: int = 100) -> list[AppointmentRecord]:
    """Appointments whose next reminder is due, with their family; locked, and skipped by
    another instance's job (PostgreSQL), so no reminder is sent twice."""
    rows = await tx.execute(
        select(Appointment, Case.family_id)
        .join(Case, Case.id == Appointment.case_id)
        .where(Appointment.remind_at <= now)
        .order_by(Appointment.remind_at)
        .limit(limit)
        .with_for_update(of=Appointment, skip_locked=True)
    )
    return [_record(row, family_id) for row, family_id in rows.all()]


async def forget_details(tx: Tx, case_ids: list[int]) -> None:
    """Anonymised cases keep their appointments' status and time (the report counts them),
    not where or for whom."""
    if case_ids:
        await tx.execute(
            update(Appointment)
            .where(Appointment.case_id.in_(case_ids))
            .values(details=None, remind_at=None)
        )
