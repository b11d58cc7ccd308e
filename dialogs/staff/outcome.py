"""What a staff decision returns, shared by `decide` and the modules it delegates to."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogs.reply import Reply, Rows
from dialogs.staff.effects import StaffEffect
from dialogs.staff.view import CaseChanges, NewCase
from dialogs.text import Raw

CLOSED_NOT_SENT = "Der Fall ist abgeschlossen: nichts gesendet. Erst „Wieder öffnen“."
GONE = "Die Familie hat ihre Daten gelöscht; nichts gesendet."


@dataclass(frozen=True)
class StaffOutcome:
    """Replies where the counsellor acted, the case's new fields, and what else must happen."""

    replies: tuple[Reply, ...] = ()
    changes: CaseChanges = field(default_factory=CaseChanges)
    effects: tuple[StaffEffect, ...] = ()
    toast: str | None = None  # the short answer to a button press
    edit: str | None = None  # new text for the message whose button was pressed
    relayed: bool = False  # the counsellor's message went to the family
    # A case to open first (family side only): the shell creates it, then calls `announce`.
    open: NewCase | None = None


def say(text: str, buttons: Rows = ()) -> Reply:
    return Reply(Raw(text), buttons)
