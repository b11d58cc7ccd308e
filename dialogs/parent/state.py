"""The parent's conversation state: plain data, stored as (encrypted) JSON between updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dialogs.instrument import Instrument
from dialogs.kreis import Kreis, Offer

Screen = Literal[
    "new",  # never talked to us
    "menu",
    "language",
    "consent",
    "special_consent",
    "adult_check",  # the child is 18 or older: who is filling in (dialogs/parent/adults.py)
    "question",
    "other_text",  # typing a country/language that is not among the buttons
    "summary",
    "confirm_delete",
    "handed_off",
    "correction",  # the next text is a correction request for the team
]


class ChildDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    answers: dict[str, Any] = Field(default_factory=dict)
    submitted_at: str | None = None  # ISO timestamp; a submitted child is read-only
    assessment: dict[str, Any] | None = None
    # Set when the person is an adult: True when they fill in for themselves (their own
    # consent); None until asked. Someone else's draft for an adult is not kept.
    for_self: bool | None = None


class AppointmentMemo(BaseModel):
    """An appointment the family can still answer: what its buttons check against."""

    model_config = ConfigDict(extra="ignore")

    slots: list[tuple[datetime, str]] = Field(default_factory=list)  # (start, place)
    interpreter: bool = False
    chosen: int | None = None  # booked slot
    missed: bool = False  # the family did not come; it may still ask for a new appointment


class ParentState(BaseModel):
    """Everything the dialog needs to continue, days later, on any instance."""

    # Unknown keys from older versions are dropped instead of breaking a returning parent.
    model_config = ConfigDict(extra="ignore")

    locale: str | None = None
    # Languages to offer first in the picker, from the client's language (e.g. Sorani → ar, ku).
    suggested: list[str] = Field(default_factory=list)
    screen: Screen = "new"
    consent_version: str | None = None
    consent_at: str | None = None
    special_consent: bool | None = None
    # Consent to pass a request for a person on, without any child data (a family that declined
    # the questions about its child can still reach a person): when and which text.
    contact_consent_at: str | None = None
    contact_consent_version: str | None = None
    after_consent: Literal["intake", "contact"] | None = None
    # Which consent text the open consent screen showed (`privacy.shown_version`): a "yes"
    # counts only for the text the family read, not for one changed since.
    consent_shown: str | None = None
    children: list[ChildDraft] = Field(default_factory=list)
    child: int | None = None  # index into children being answered
    question: str | None = None  # id of the question on screen
    editing: bool = False  # came from the summary: return there after the answer
    pending: list[str] | None = None  # multi-choice selection not yet confirmed
    contact_requested_at: str | None = None
    # In conversation with the counselling team: free text goes to the case topic. Set by a
    # submission, /contact or a counsellor's message; cleared by "back to menu" or closing.
    talking: bool = False
    # Told once that the team reads its messages in a Telegram group (`consent.telegram_notice`).
    telegram_told: bool = False
    # A message held until the family has read that notice (`dialogs/parent/first_relay.py`).
    held: dict[str, Any] | None = None
    # The team closed the family's latest case: what the family writes next reopens it or
    # opens a new one (CLOSED_CASE_POLICY), as the closing message promises.
    case_closed: bool = False
    # A counsellor took the family's latest case (what *Mein Fall* tells as its status).
    case_claimed: bool = False
    # Offered or booked appointments by key; dropped once cancelled or past.
    appointments: dict[str, AppointmentMemo] = Field(default_factory=dict)
    # The volunteer initiative's invitation the family came with (its code), and whether the
    # family lets the initiative hear when its request arrived and was closed (None: not
    # answered yet, which counts as no).
    referral: str | None = None
    referral_notify: bool | None = None

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None

    @property
    def has_case(self) -> bool:
        """The counsellors know this family: a child was sent or a person was asked for."""
        return self.contact_requested_at is not None or any(c.submitted_at for c in self.children)

    def current_child(self) -> ChildDraft | None:
        if self.child is None or not 0 <= self.child < len(self.children):
            return None
        return self.children[self.child]

    def open_draft_index(self) -> int | None:
        for i, child in enumerate(self.children):
            if child.submitted_at is None:
                return i
        return None


@dataclass(frozen=True)
class FlowContext:
    """What a step may read besides the state: configuration and the clock, injected."""

    instrument: Instrument
    kreis: Kreis
    now: datetime
    supported_locales: tuple[str, ...]
    retention_months: int = 12
    max_children: int = 8
    # What a message to a closed case does (the staff side acts on it, the family is told).
    closed_case_policy: Literal["reopen", "new"] = "reopen"
    # About how many minutes the staff group's queue needs before the team sees a new
    # message (20 a minute for every case together); the shell estimates it when it matters.
    staff_delay_minutes: int = 0
    # Offers the counsellors added (beside the Kreis file's): loaded only for an offer search.
    offers: tuple[Offer, ...] = ()

    @property
    def today(self) -> date:
        return self.now.date()

    def municipalities(self) -> list[tuple[str, str, list[str]]]:
        return [(m.id, m.name, list(m.aliases)) for m in self.kreis.municipalities]

    def municipality_names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.kreis.municipalities}
