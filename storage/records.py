"""What storage hands out: plain, frozen values, never ORM rows, so nothing outside `storage/`
can lazily load, flush or leak a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FamilyRecord:
    user_id: int
    chat_id: int
    locale: str
    state: dict[str, Any] | None
    updated_at: datetime | None
    recent_updates: tuple[int, ...] = ()
    # The row's version where it was read for an optimistic write (storage/optimistic.py).
    version: str | None = None


@dataclass(frozen=True)
class CaseRecord:
    id: int
    family_id: int | None
    status: str
    locale: str
    municipality: str | None
    age: int | None
    staff_chat_id: int | None
    topic_id: int | None
    children: list[dict[str, Any]] | None
    created_at: datetime
    closed_at: datetime | None
    claimed_by: int | None
    claimed_at: datetime | None
    card_message_id: int | None
    reminded_at: datetime | None
    override: dict[str, Any] | None
    referral_code: str | None = None
    referral_notify: bool = False
    former_topics: tuple[tuple[int, int], ...] = ()
    assigned_chat_id: int | None = None

    @property
    def topics(self) -> tuple[tuple[int, int], ...]:
        """Every (staff chat, topic) the case has or had in Telegram: the current one first."""
        return _topics(self.staff_chat_id, self.topic_id, self.former_topics)


def _topics(chat_id: int | None, topic_id: int | None, former: Any) -> tuple[tuple[int, int], ...]:
    current = ((chat_id or 0, topic_id),) if topic_id is not None else ()
    return current + tuple((int(chat), int(topic)) for chat, topic in former or ())


@dataclass(frozen=True)
class CaseTopics:
    """A case's topics in Telegram, current and former, as (staff chat, topic): what an
    erasure or the end of the retention period must delete there. Chat 0: a topic from
    before cases knew their group (migration 0004), in the staff group of the time."""

    case_id: int
    topics: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, case_id: int, chat_id: int | None, topic_id: int | None, former: Any) -> CaseTopics:
        return cls(case_id, _topics(chat_id, topic_id, former))


@dataclass(frozen=True)
class CounsellorRecord:
    user_id: int
    first_name: str | None
    show_name: bool


@dataclass(frozen=True)
class DraftRecord:
    token: str
    case_id: int
    counsellor_id: int
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class OutboxRecord:
    id: int
    chat_id: int
    case_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int
    last_error: str | None = None  # why the last attempt failed, if one did


@dataclass(frozen=True)
class NoteRecord:
    case_id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ReportCaseRecord:
    """What the report and the data set read of a case: no family, no topic, no counsellor."""

    id: int
    status: str
    locale: str
    municipality: str | None
    age: int | None
    created_at: datetime
    closed_at: datetime | None
    children: list[dict[str, Any]] | None
    override: dict[str, Any] | None


@dataclass(frozen=True)
class EventRecord:
    """One audit entry as the report reads it (no actor)."""

    action: str
    case_id: int | None
    at: datetime
    detail: str | None


@dataclass(frozen=True)
class QueueRecord:
    """A case waiting in the queue: only unencrypted columns, so listing is cheap."""

    id: int
    status: str
    created_at: datetime
    locale: str
    claimed_by: int | None
    reminded_at: datetime | None
    municipality: str | None = None
    # Where it is, for its staff group (dialogs/staff/groups.py `of_case`).
    staff_chat_id: int | None = None
    topic_id: int | None = None
    assigned_chat_id: int | None = None


@dataclass(frozen=True)
class AppointmentRecord:
    key: str
    case_id: int
    status: str
    details: dict[str, Any] | None  # {"slots": […], "children": […]}; None once anonymised
    interpreter: bool
    chosen: int | None
    starts_at: datetime | None
    cancelled_by: str | None
    reminded_day: bool
    reminded_hours: bool
    remind_at: datetime | None
    created_at: datetime
    family_id: int | None = None  # the case's family, where the query read it


@dataclass(frozen=True)
class ReportReferralRecord:
    """A case opened through an invitation: the initiative and when, nothing of the case."""

    initiative: str
    created_at: datetime


@dataclass(frozen=True)
class ReportAppointmentRecord:
    """What the report reads of an appointment: its case, time and outcome, nothing else."""

    case_id: int
    starts_at: datetime
    status: str


@dataclass(frozen=True)
class InitiativeRecord:
    number: int
    chat_id: int
    title: str
    status: str
    was: str | None
    name: str | None
    municipality: str | None
    noted: bool


@dataclass(frozen=True)
class AnnouncementRecord:
    id: int
    text: str
    photo: tuple[int, int] | None
    municipalities: tuple[str, ...] | None
    status: str
    progress_message_id: int | None


@dataclass(frozen=True)
class AnnouncementTally:
    sent: int
    failed: int
    pending: int


@dataclass(frozen=True)
class BudgetSlot:
    """One of the bot's shared send slots, held by its taker (storage/budget.py): `key` and
    `held_until` name the hold (another taker's hold has another `held_until`); the send may
    go `wait` seconds after the booking, at `due` on the taker's clock. `free_from` is when
    the slot came free (the moment its last sender gave it back), `by_slot` whether that was
    all the send waited for."""

    key: str
    held_until: datetime
    wait: float
    due: float
    free_from: datetime
    by_slot: bool
