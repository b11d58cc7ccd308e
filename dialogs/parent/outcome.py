"""What a parent step returns: replies for this chat and effects for the shell to carry out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dialogs.reply import Reply
from dialogs.text import Renderable


@dataclass(frozen=True, slots=True)
class SubmitChild:
    """A child's answers were confirmed: open (or extend) the family's case."""

    child_index: int
    answers: dict[str, Any]
    assessment: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RequestContact:
    """The parent asked for a person without (or before) sending a child's answers."""

    # False: the family agreed only to the request being passed on, not to the questions
    # about its child (the counsellors see that on the new case).
    child_data_consent: bool = True


@dataclass(frozen=True, slots=True)
class RelayToCase:
    """A parent's message after the handoff, for the counsellors' topic."""

    text: str
    # Sent from /mydata: what the family says is wrong in its data (the team corrects it).
    correction: bool = False


@dataclass(frozen=True, slots=True)
class RelayMedia:
    """A photo, document, voice message … after the handoff; `ref` is the channel's handle."""

    ref: tuple[int, int]
    # Set when the family's caption had to be cleaned: the copy carries this one instead.
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteAllData:
    """Erase every trace of this family: state, cases, queued messages."""


@dataclass(frozen=True, slots=True)
class WithdrawSpecialConsent:
    """The family withdrew its consent to the health questions (Art. 7(3), 9 DSGVO): their
    answers go from the cases it sent too, not only from its own drafts."""

    question_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnswerAppointment:
    """The family picked slot `choice` (0-based), cancelled, or asked for another time."""

    key: str
    choice: int | Literal["cancel", "other"]


@dataclass(frozen=True, slots=True)
class LanguageChanged:
    """A family the team knows chose another language: its card, topic and queue entry must
    say the language ready replies now go out in."""

    locale: str


@dataclass(frozen=True, slots=True)
class SearchedOffers:
    """A search for offers found nothing: demand to count (never who searched)."""

    kind: str | None
    municipality: str
    language: str


Effect = (
    SubmitChild
    | RequestContact
    | RelayToCase
    | RelayMedia
    | DeleteAllData
    | AnswerAppointment
    | LanguageChanged
    | WithdrawSpecialConsent
    | SearchedOffers
)


@dataclass(frozen=True, slots=True)
class Outcome:
    state: Any
    replies: tuple[Reply, ...] = ()
    effects: tuple[Effect, ...] = ()
    # The language to render in; usually the state's, but after a deletion the state is gone
    # and the goodbye must still be in the parent's language.
    locale: str = "de"
    toast: Renderable | None = field(default=None)
