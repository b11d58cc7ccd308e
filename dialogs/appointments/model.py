"""An appointment as every core reads it; the shell builds it from `storage/appointments.py`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

Status = Literal["offered", "booked", "cancelled", "held", "missed"]
ACTIVE: frozenset[str] = frozenset({"offered", "booked"})
MAX_SLOTS = 3
# How long a counselling appointment is assumed to last (the .ics needs an end).
DURATION = timedelta(hours=1)


@dataclass(frozen=True)
class Slot:
    at: datetime  # aware, UTC
    place: str  # the place as the family reads it: a name and address, or the counsellor's text


@dataclass(frozen=True)
class Appointment:
    key: str  # public: the family's buttons carry it
    case_id: int
    status: Status
    slots: tuple[Slot, ...]
    interpreter: bool = False
    children: tuple[int, ...] = ()  # 1-based numbers of the case's children; () = all
    chosen: int | None = None  # index into slots once booked
    cancelled_by: Literal["family", "staff"] | None = None
    reminded_day: bool = False
    reminded_hours: bool = False
    sequence: int = 0  # how often it was moved: a calendar replaces an entry of lower sequence

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def slot(self) -> Slot | None:
        """The booked slot."""
        return self.slots[self.chosen] if self.chosen is not None else None

    @property
    def starts_at(self) -> datetime | None:
        return self.slot.at if self.slot else None

    def with_(self, **changes: Any) -> Appointment:
        return replace(self, **changes)


def slots_to_json(slots: tuple[Slot, ...]) -> list[dict[str, str]]:
    return [{"at": s.at.isoformat(), "place": s.place} for s in slots]


def slots_from_json(raw: list[dict[str, str]] | None) -> tuple[Slot, ...]:
    return tuple(Slot(datetime.fromisoformat(s["at"]), str(s["place"])) for s in raw or [])
