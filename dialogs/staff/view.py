"""What the staff core reads: a case as counsellors see it, who acts, and the context.

The shell builds these from storage (`bot/desks/`); the core never sees a database row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from dialogs.appointments.model import Appointment
from dialogs.case import (
    CaseChanges,
    CaseView,
    Child,
    Draft,
    EstimateOverride,
    NewCase,
    Status,
    overrides_from_json,
    overrides_to_json,
)
from dialogs.instrument import Instrument
from dialogs.kreis import Kreis
from dialogs.staff.queue import QueuedCase

# The case model lives in dialogs/case.py (reports read it too); staff code imports it here.
__all__ = [
    "Actor",
    "CaseChanges",
    "CaseView",
    "Child",
    "ClosedCasePolicy",
    "Draft",
    "EstimateOverride",
    "NewCase",
    "StaffContext",
    "Status",
    "overrides_from_json",
    "overrides_to_json",
]

ClosedCasePolicy = Literal["reopen", "new"]


@dataclass(frozen=True)
class Actor:
    """The counsellor acting, as the registry knows them; membership is checked before."""

    user_id: int
    first_name: str
    shows_name: bool = False

    @property
    def name_for_family(self) -> str | None:
        return self.first_name if self.shows_name else None


@dataclass(frozen=True)
class StaffContext:
    """What a decision may read besides the case: content, the clock, the KI's policy, and
    values the shell prepared (a fresh token for a draft, the queue when it is asked for)."""

    instrument: Instrument
    kreis: Kreis
    now: datetime
    closed_case_policy: ClosedCasePolicy = "reopen"
    new_token: str = ""
    queue: tuple[QueuedCase, ...] = ()
    # With the queue: about how many minutes of messages wait for the staff group.
    backlog_minutes: int = 0
    # Loaded for /termine only: booked appointments of the coming week, soonest first.
    week: tuple[Appointment, ...] = ()
    # MINIMAL_CARD: the card in Telegram shows initials, age band, municipality and language
    # only; the details come from the database on demand (/export, the case sheet).
    minimal_card: bool = False

    def municipality_name(self, municipality_id: Any) -> str | None:
        municipality = self.kreis.municipality(str(municipality_id)) if municipality_id else None
        return municipality.name if municipality else None
