"""What can happen in a parent's private chat, independent of the channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialogs.appointments.model import Slot
from dialogs.text import Renderable


@dataclass(frozen=True, slots=True)
class Referral:
    """A volunteer initiative's invitation the family followed, as the shell found it (a valid,
    unrevoked code of an approved initiative)."""

    code: str
    initiative: str  # its name, shown to the family when asked for consent


@dataclass(frozen=True, slots=True)
class Start:
    payload: str | None = None  # deep-link parameter, e.g. "ref-ab12"
    language_code: str | None = None  # the client's language, used only on first contact
    referral: Referral | None = None


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # without the slash, lower case
    args: str = ""


@dataclass(frozen=True, slots=True)
class Press:
    action: str  # a button's action string; may be forged or stale, so always checked


@dataclass(frozen=True, slots=True)
class Typed:
    text: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A sticker, photo, voice message … where the dialog expects text or a button."""

    kind: str
    # Where the channel can find it again to pass it on (Telegram: chat and message id).
    ref: tuple[int, int] | None = None
    caption: str | None = None  # of a photo or document, as the family typed it


@dataclass(frozen=True, slots=True)
class Edited:
    """A parent edited an earlier message; we never re-read old answers silently."""


# What the counselling team did, fed to the family's flow by the staff side: the only way the
# team changes a family's conversation (never by writing its state from outside).


@dataclass(frozen=True, slots=True)
class CaseClaimed:
    counsellor: str | None  # first name, only when the counsellor chose to show it


@dataclass(frozen=True, slots=True)
class CaseClosed:
    pass


@dataclass(frozen=True, slots=True)
class CaseReopened:
    """A counsellor pressed *Wieder öffnen*: the family may write to the team again."""


@dataclass(frozen=True, slots=True)
class CounsellorWrote:
    text: Renderable  # the counsellor's words (Raw) or a ready reply (translated)
    counsellor: str | None


@dataclass(frozen=True, slots=True)
class CounsellorSentFile:
    ref: tuple[int, int]
    caption: str | None
    captionable: bool  # photos and documents carry a caption; stickers and locations do not
    counsellor: str | None


@dataclass(frozen=True, slots=True)
class AppointmentOffered:
    """One to three slots to pick from; `key` is the appointment's, carried by the buttons."""

    key: str
    slots: tuple[Slot, ...]
    interpreter: bool
    for_children: tuple[str, ...] = ()  # first names; () = the whole family


@dataclass(frozen=True, slots=True)
class AppointmentCancelled:
    """The team cancelled an offer or a booked appointment."""

    key: str


@dataclass(frozen=True, slots=True)
class AppointmentReminder:
    key: str
    slot: Slot
    when: Literal["day", "hours"]  # the day before, or two hours before


@dataclass(frozen=True, slots=True)
class AppointmentMoved:
    """The team moved a booked appointment to `slot`."""

    key: str
    slot: Slot


@dataclass(frozen=True, slots=True)
class AppointmentMissed:
    """The family did not come: it is offered to ask for a new one."""

    key: str


AppointmentEvent = (
    AppointmentOffered
    | AppointmentCancelled
    | AppointmentReminder
    | AppointmentMoved
    | AppointmentMissed
)
TeamEvent = (
    CaseClaimed
    | CaseClosed
    | CaseReopened
    | CounsellorWrote
    | CounsellorSentFile
    | AppointmentEvent
)
Event = Start | Command | Press | Typed | Unsupported | Edited | TeamEvent
