"""What a counsellor can do, as values: typed commands, pressed buttons and plain messages in
the staff group all become one of these, so `decide` sees one closed union whatever the
channel (Telegram's staff router, the console's counsellor mode, a test's `StaffDriver`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Help:
    """/hilfe, /help, /start."""


@dataclass(frozen=True)
class Queue:
    """/queue (/liste) — open cases, unclaimed first."""


@dataclass(frozen=True)
class ShowName:
    """/name an|aus — whether families see the counsellor's first name."""

    show: bool


@dataclass(frozen=True)
class Invalid:
    """A staff command with wrong arguments: `hint` says how it is written (German)."""

    hint: str


@dataclass(frozen=True)
class UnknownCommand:
    """A command the staff side does not know."""


@dataclass(frozen=True)
class Note:
    """/note <text> — stays in the topic, never reaches the family."""

    text: str


@dataclass(frozen=True)
class MonthlyReport:
    """/bericht [JJJJ-MM] — the monthly report as files in the General topic; None: the month
    before the current one."""

    month: str | None = None


@dataclass(frozen=True)
class ExportCase:
    """/export [notizen] — the case sheet (PDF) for the school or the Schulamt, in the topic."""

    with_notes: bool = False


@dataclass(frozen=True)
class AppointmentCommand:
    """/termin <Termine; Ort; …> offers slots; /termin absagen cancels (parsed by the core,
    which knows the clock and the Kreis data)."""

    args: str


@dataclass(frozen=True)
class AppointmentHeld:
    """/termin stattgefunden|verpasst, or the buttons under the booking in the topic."""

    held: bool
    pressed: bool = False


@dataclass(frozen=True)
class WeekAppointments:
    """/termine — the booked appointments of the coming seven days, for the team."""


@dataclass(frozen=True)
class Templates:
    """/vorlagen or the card's button — list the ready replies."""

    pressed: bool = False


@dataclass(frozen=True)
class UseTemplate:
    """/vorlage <key> <wert; wert; …> or a template button — preview a ready reply."""

    key: str
    values: tuple[str, ...] = ()
    pressed: bool = False


@dataclass(frozen=True)
class SendDraft:
    """*Senden* under a preview."""

    token: str


@dataclass(frozen=True)
class DropDraft:
    """*Verwerfen* under a preview."""

    token: str


@dataclass(frozen=True)
class Override:
    """/einschaetzung [Kind] <stufe> <Begründung> — correct one child's automatic estimate;
    `child` is 1-based, None for the only (or first) child."""

    stage: str
    reason: str
    child: int | None = None


@dataclass(frozen=True)
class ShowChild:
    """/kind [N] — every answer and the full estimate of one child, in the topic (the card
    shows children compact when the whole card would not fit one message)."""

    child: int | None = None


@dataclass(frozen=True)
class ShowCard:
    """/karte — the case card once more, below in the topic (the pinned one may be far up);
    it changes nothing: no new pin, no audit, the case stays as it is."""


@dataclass(frozen=True)
class ShowSpecialNeeds:
    """The card's *🩺 Angabe ansehen*: the family's special-category answers, as a toast only
    the pressing counsellor sees (Art. 9 data is not posted to the group), audited."""


@dataclass(frozen=True)
class ExplainOverride:
    """The card's *Einschätzung ändern* button: how the command is written."""


@dataclass(frozen=True)
class Erase:
    """/loeschen — asks for a confirmation first."""


@dataclass(frozen=True)
class ConfirmErase:
    """*Endgültig löschen*: every trace of the family, as /deletedata does."""


@dataclass(frozen=True)
class Claim:
    pass


@dataclass(frozen=True)
class Close:
    """The card's *Abschließen*: asks first (it sits next to *Einschätzung ändern*)."""


@dataclass(frozen=True)
class ConfirmClose:
    """*Ja, abschließen* under the question: the family is told, the topic closed."""


@dataclass(frozen=True)
class Reopen:
    pass


@dataclass(frozen=True)
class Write:
    """Plain text in a case topic: it goes to the family as written."""

    text: str


@dataclass(frozen=True)
class SendFile:
    """A photo, document, voice message, sticker or location in a case topic."""

    ref: tuple[int, int]  # where the channel finds it again (chat id, message id)
    caption: str | None
    captionable: bool


@dataclass(frozen=True)
class UnknownButton:
    """Callback data we did not make, or that no longer parses."""


StaffAction = (
    Help
    | Queue
    | ShowName
    | Invalid
    | UnknownCommand
    | Note
    | MonthlyReport
    | ExportCase
    | AppointmentCommand
    | AppointmentHeld
    | WeekAppointments
    | Templates
    | UseTemplate
    | SendDraft
    | DropDraft
    | Override
    | ShowChild
    | ShowCard
    | ShowSpecialNeeds
    | ExplainOverride
    | Erase
    | ConfirmErase
    | Claim
    | Close
    | ConfirmClose
    | Reopen
    | Write
    | SendFile
    | UnknownButton
)

# Actions that only a case card's (or a preview's) button produces: pressed outside the topic
# of their case they are refused with a toast.
BUTTON_ONLY = (
    Claim,
    Close,
    ConfirmClose,
    Reopen,
    ExplainOverride,
    ShowSpecialNeeds,
    ConfirmErase,
    SendDraft,
    DropDraft,
)
# What works in the General topic, where no case is at hand.
GENERAL = (Help, Queue, ShowName, Invalid, MonthlyReport, WeekAppointments)
