"""What the staff core asks the shell to do besides changing the case: a closed union.

Every effect that reaches a chat goes through the durable outbox in the same transaction as
the change that caused it; the shell (`bot/desks/effects.py`) maps each one to an outbox item.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.appointments.model import Appointment
from dialogs.case import Topic
from dialogs.parent.events import TeamEvent
from dialogs.reply import Reply


@dataclass(frozen=True)
class NotifyFamily:
    """Feed the family's own flow an event; its replies go to the family's chat."""

    event: TeamEvent


@dataclass(frozen=True)
class PostToTopic:
    """A message in the case's topic (German, for the counsellors)."""

    reply: Reply


@dataclass(frozen=True)
class PostToGeneral:
    """A message in the General topic of the case's staff group (of `group`, for a case no
    longer there: the group its topic was in; the default group when there is neither)."""

    reply: Reply
    group: int | None = None


@dataclass(frozen=True)
class CopyToTopic:
    """A family's photo, document or voice message, passed on into the case topic."""

    ref: tuple[int, int]
    caption: str | None = None  # replaces the family's caption (cleaned of invisible characters)


@dataclass(frozen=True)
class CreateTopic:
    name: str


@dataclass(frozen=True)
class PostCard:
    """The case card, as the first message of a new topic (pinned once delivered)."""

    card: Reply


@dataclass(frozen=True)
class RefreshCard:
    """The pinned card and the topic name show the case as it is now."""

    card: Reply
    topic_name: str


@dataclass(frozen=True)
class CloseTopic:
    pass


@dataclass(frozen=True)
class ReopenTopic:
    pass


@dataclass(frozen=True)
class DeleteTopic:
    """A case's topic (card, relayed messages and files) deleted in Telegram, in the group it
    lives in; `case_id` only names the case if the team must be told it did not work."""

    case_id: int
    topic: Topic


@dataclass(frozen=True)
class DeleteGeneralMessage:
    """A message in the group's General topic (a case card posted there because its topic
    could not be made), deleted with the case; `group`: that staff group, if known."""

    message_id: int
    group: int | None = None


@dataclass(frozen=True)
class SaveDraft:
    token: str
    counsellor_id: int
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DeleteDraft:
    token: str


@dataclass(frozen=True)
class RememberCounsellor:
    """Keep the counsellor's first name (for the card) and whether families may see it."""

    user_id: int
    first_name: str
    shows_name: bool


@dataclass(frozen=True)
class EraseFamily:
    """Every trace of the family: its state, cases, drafts, queued messages."""

    family_id: int


@dataclass(frozen=True)
class DeleteCase:
    """A case without a family any more (the family erased itself before)."""

    case_id: int


@dataclass(frozen=True)
class SaveNote:
    """Keep a counsellor's internal note with the case (encrypted; only on the case sheet)."""

    author_id: int
    author_name: str
    text: str


@dataclass(frozen=True)
class SendCaseSheet:
    """The case sheet as a PDF document into the case's topic."""

    case_id: int
    with_notes: bool


@dataclass(frozen=True)
class SendReport:
    """The monthly report's files (Markdown, CSV, charts) into the General topic."""

    month: str  # "2026-10"


@dataclass(frozen=True)
class SaveAppointment:
    """Write the appointment as it is now (new or changed)."""

    appointment: Appointment


@dataclass(frozen=True)
class SendCalendar:
    """The booked appointment as an .ics file to the family, in its language."""

    key: str


@dataclass(frozen=True)
class Audit:
    """Who did what to which case — never the content."""

    action: str
    case_id: int | None = None
    actor_id: int | None = None
    detail: str | None = None


StaffEffect = (
    NotifyFamily
    | PostToTopic
    | PostToGeneral
    | CopyToTopic
    | CreateTopic
    | PostCard
    | RefreshCard
    | CloseTopic
    | ReopenTopic
    | DeleteTopic
    | DeleteGeneralMessage
    | SaveDraft
    | DeleteDraft
    | RememberCounsellor
    | EraseFamily
    | DeleteCase
    | SaveNote
    | SendCaseSheet
    | SendReport
    | SaveAppointment
    | SendCalendar
    | Audit
)
