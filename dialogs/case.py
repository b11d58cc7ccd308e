"""A case as the cores see it: its children, estimates and their corrections, its state.

Counsellors' decisions (`dialogs/staff/`) and the reports and exports (`dialogs/report/`)
read the same value; the shell builds it from storage (`bot/views.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from dialogs.appointments.model import Appointment

Status = Literal["open", "claimed", "closed"]
# A topic in Telegram as (staff group's chat id, topic id): topic ids are small numbers per
# group, so only the pair names one.
Topic = tuple[int, int]


@dataclass(frozen=True)
class Child:
    """One submitted child: the answers as given and the automatic estimate as JSON."""

    answers: Mapping[str, Any]
    assessment: Mapping[str, Any]


@dataclass(frozen=True)
class EstimateOverride:
    """A counsellor's correction of one child's estimate: stage, why, who and when."""

    stage: str
    reason: str
    by: str
    at: str  # dd.mm.yyyy, as shown on the card

    def to_json(self) -> dict[str, str]:
        return {"stage": self.stage, "reason": self.reason, "by": self.by, "at": self.at}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EstimateOverride:
        return cls(
            str(data.get("stage", "")),
            str(data.get("reason", "")),
            str(data.get("by", "?")),
            str(data.get("at", "?")),
        )


def overrides_from_json(data: Mapping[str, Any] | None) -> dict[int, EstimateOverride]:
    """Stored as {"1": {...}, "2": {...}}; a case from before per-child overrides stored one
    override for the whole case, which is child 1's."""
    if not data:
        return {}
    if "stage" in data:
        return {1: EstimateOverride.from_json(data)}
    return {int(k): EstimateOverride.from_json(v) for k, v in data.items() if str(k).isdigit()}


def overrides_to_json(overrides: Mapping[int, EstimateOverride]) -> dict[str, Any] | None:
    return {str(k): v.to_json() for k, v in sorted(overrides.items())} or None


@dataclass(frozen=True)
class Draft:
    """A ready reply a counsellor previewed and may now send or drop."""

    token: str
    counsellor_id: int
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class CaseView:
    id: int
    status: Status
    locale: str  # the family's language as the case knows it
    created_at: datetime
    children: tuple[Child, ...] = ()
    overrides: Mapping[int, EstimateOverride] = field(default_factory=dict)
    family_id: int | None = None
    # None when the family erased its data: nothing can reach it any more.
    family_locale: str | None = None
    claimed_by: int | None = None
    claimed_by_name: str | None = None
    municipality: str | None = None
    age: int | None = None
    topic_id: int | None = None
    # The staff group its topic is in, and the one a change of its municipality assigned it
    # to: with `municipality` they say its group now (dialogs/staff/groups.py `of_case`).
    staff_chat_id: int | None = None
    assigned_chat_id: int | None = None
    # Its topics in Telegram, the current one first, then those in earlier staff groups.
    topics: tuple[Topic, ...] = ()
    # Only loaded for an erasure: every case of the family, with its topics.
    family_cases: tuple[tuple[int, tuple[Topic, ...]], ...] = ()
    # Only loaded for SendDraft / DropDraft: the preview the button belongs to.
    draft: Draft | None = None
    # Only loaded for appointment actions and a family's answer: the case's current appointment.
    appointment: Appointment | None = None
    # The volunteer initiative whose invitation the family followed ("Name (gemeinde-id)").
    initiative: str | None = None

    @property
    def family_present(self) -> bool:
        return self.family_locale is not None

    @property
    def reader_locale(self) -> str:
        """The language the family reads ready replies in."""
        return self.family_locale or self.locale

    def with_changes(self, changes: CaseChanges) -> CaseView:
        updates: dict[str, Any] = {}
        if changes.status is not None:
            updates["status"] = changes.status
        if changes.claimed_by is not None:
            updates["claimed_by"] = changes.claimed_by
            updates["claimed_by_name"] = changes.claimed_by_name
        if changes.overrides is not None:
            updates["overrides"] = changes.overrides
        if changes.children is not None:
            updates["children"] = changes.children
        if changes.municipality is not None:
            updates["municipality"] = changes.municipality
        if changes.age is not None:
            updates["age"] = changes.age
        if changes.locale is not None:
            updates["locale"] = changes.locale
        return replace(self, **updates)


@dataclass(frozen=True)
class CaseChanges:
    """Fields of the case to write; None leaves a field as it is."""

    status: Status | None = None
    claimed_by: int | None = None
    claimed_by_name: str | None = None
    claimed_at: datetime | None = None
    closed_at: datetime | None = None
    reopened: bool = False  # clears closed_at
    overrides: Mapping[int, EstimateOverride] | None = None
    children: tuple[Child, ...] | None = None
    municipality: str | None = None
    age: int | None = None
    locale: str | None = None  # the family chose another language

    @property
    def empty(self) -> bool:
        return self == CaseChanges()


@dataclass(frozen=True)
class NewCase:
    """A case to open for a family; the shell creates it, then asks `announce` for its topic."""

    family_id: int
    locale: str
    children: tuple[Child, ...]
    municipality: str | None
    age: int | None
