"""Everything one month's report is computed from: plain values the shell collected.

Sources of features not built yet (offer searches)
are None — "not recorded" — and their figures say so instead of showing an invented zero.
When a feature lands, its storage query fills the list and the figure counts it; nothing
else changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from dialogs.report.facts import CaseFacts
from dialogs.report.month import Month


@dataclass(frozen=True)
class Event:
    """An audit entry: what happened to which case, when (and a short non-personal detail)."""

    action: str
    case_id: int | None
    at: datetime
    detail: str | None = None


@dataclass(frozen=True)
class Referral:
    """A family that came through an initiative's referral link."""

    initiative: str
    at: datetime


@dataclass(frozen=True)
class Appointment:
    case_id: int
    at: datetime
    outcome: Literal["held", "missed", "planned", "cancelled"]


@dataclass(frozen=True)
class Announcement:
    at: datetime
    groups: int  # how many volunteers' groups it was sent to


@dataclass(frozen=True)
class OfferSearch:
    at: datetime
    kind: str  # offer category searched for
    municipality: str
    language: str
    found: int  # how many offers matched


@dataclass(frozen=True)
class MonthData:
    month: Month
    # Cases opened before the month's end and not closed before its start.
    cases: Sequence[CaseFacts]
    # Case id → first answer of a counsellor, for the cases opened in the month.
    first_answers: Mapping[int, datetime] = field(default_factory=dict)
    # Audit entries up to the month's end: "override" in the month, "template" (place) before
    # its end.
    events: Sequence[Event] = ()
    referrals: Sequence[Referral] | None = None
    appointments: Sequence[Appointment] | None = None
    announcements: Sequence[Announcement] | None = None
    offer_searches: Sequence[OfferSearch] | None = None
