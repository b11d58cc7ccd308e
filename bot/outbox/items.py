"""What the outbox holds: one typed, versioned item per row.

An item is written with its cause (`encode`) and read back by the worker (`decode`), possibly
by a newer version of the bot after an upgrade, so every payload carries its version and rows
written before versions existed (no `"v"`) are still read. Texts are rendered when queued: the
reader's language is known then, and a queued message must not change if the catalog does.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from bot.render import Audience, ButtonRows, Rendered
from dialogs.text import TEXT_LIMIT, utf16_len

VERSION = 1
# The default staff group, resolved at delivery, so a KI can set or change COUNSELLOR_CHAT_ID
# without losing what is queued. Rows for another staff group name it (`staff_address`); a
# case's rows are resolved again at delivery (`for_a_topic`).
STAFF_CHAT = 0

# Topic deletions wait in a line of their own, addressed to this placeholder and sent to the
# item's `chat_id`: a deletion retried until the bot is given the right to delete holds back
# no message to the staff group. (-1 is the console's staff group.)
TOPIC_DELETIONS = -2


def staff_address(group: int | None, default: int | None) -> int:
    """Where rows for a staff group are addressed: the default group (or none set yet) by the
    placeholder, as always, so that a change of COUNSELLOR_CHAT_ID reaches them; another
    group (STAFF_GROUPS) by its chat id, so each group is its own line and budget."""
    return group if group is not None and group != default else STAFF_CHAT


def for_a_topic(chat_id: int, case_id: int | None) -> bool:
    """A case's row for the counsellors (addressed to a staff group, or STAFF_CHAT): it goes to
    the case's staff group as it is when it is sent, and a case's rows are one line in order
    whichever group each was addressed to (storage/outbox.py `lease_due`)."""
    return case_id is not None and chat_id <= 0


def counted(item: object) -> bool:
    """Whether Telegram counts the item against a chat's message budget (20 a minute in a
    group): messages do; editing, pinning and managing topics do not. A new topic is
    counted: Telegram posts a service message for it."""
    return bool(getattr(item, "counted", True))


class ItemError(ValueError):
    """A row whose payload this version cannot read (corrupt, or from a newer version)."""


@dataclass(frozen=True)
class TextMessage:
    kind: ClassVar[str] = "message"
    text: str
    buttons: ButtonRows = ()
    audience: Audience = "parent"
    in_topic: bool = False  # in the case's topic of the staff group
    card: bool = False  # the case card: its id is kept and it is pinned once delivered
    thread_id: int | None = None  # a topic known when queued (a reply where staff acted)


@dataclass(frozen=True)
class EditMessage:
    """A reply that replaces the message whose button was pressed; sent as a new message
    when Telegram no longer lets it be edited."""

    kind: ClassVar[str] = "edit_message"
    message_id: int
    text: str
    buttons: ButtonRows = ()
    audience: Audience = "parent"


@dataclass(frozen=True)
class CopyMessage:
    """A photo, document … passed on with `copyMessage` (no download, no upload)."""

    kind: ClassVar[str] = "copy"
    from_chat_id: int
    message_id: int
    caption: str | None = None
    in_topic: bool = False


@dataclass(frozen=True)
class CreateTopic:
    kind: ClassVar[str] = "create_topic"
    name: str


@dataclass(frozen=True)
class RenameTopic:
    kind: ClassVar[str] = "rename_topic"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute
    name: str


@dataclass(frozen=True)
class CloseTopic:
    kind: ClassVar[str] = "close_topic"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute


@dataclass(frozen=True)
class ReopenTopic:
    kind: ClassVar[str] = "reopen_topic"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute


@dataclass(frozen=True)
class DeleteTopic:
    """A case's topic deleted with everything in it. `chat_id`: the group it lives in (the
    current staff group for STAFF_CHAT, as rows queued before topics knew their group say);
    `case_id` only names the case when the team must be told that it did not work."""

    kind: ClassVar[str] = "delete_topic"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute
    topic_id: int
    chat_id: int = STAFF_CHAT
    case_id: int | None = None


@dataclass(frozen=True)
class DeleteMessage:
    """One message of the chat (a case card that landed in the General topic)."""

    kind: ClassVar[str] = "delete_message"
    message_id: int


@dataclass(frozen=True)
class EditCard:
    kind: ClassVar[str] = "edit_card"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute
    text: str
    buttons: ButtonRows = ()


@dataclass(frozen=True)
class Document:
    """A file made when queued: the monthly report's Markdown, CSV and charts (counts, never a
    person's data; a few hundred KiB at most), or a family's appointment as `.ics` (a time and a
    place, no names, like the confirmation text next to it in the same encrypted column). Their
    bytes (base64) stay in the row until delivered and OUTBOX_KEEP_DAYS after."""

    kind: ClassVar[str] = "document"
    name: str
    data: str  # base64
    caption: str = ""
    in_topic: bool = False


@dataclass(frozen=True)
class CaseSheet:
    """A case sheet (PDF), made when the row is delivered, from the case as it is then.

    Privacy: the sheet holds a child's personal data. Made at delivery, its bytes never rest in
    the outbox table (nor in backups of it), and a family that erases its data between the
    request and the delivery is not sent on: the case is gone and the row undeliverable. The
    price is that the sheet shows the case as it is a few seconds after `/export`, not at the
    instant of the command — the same case, possibly with a newer note.
    """

    kind: ClassVar[str] = "case_sheet"
    case_id: int
    with_notes: bool = False


@dataclass(frozen=True)
class PinCard:
    """Its own row, queued once the card is delivered: a failed pin is retried alone, never by
    sending the card again."""

    kind: ClassVar[str] = "pin_card"
    counted: ClassVar[bool] = False  # not a message: no slot of the group's 20 a minute


@dataclass(frozen=True)
class LeaveChat:
    """The bot leaves a group (an initiative the counsellors rejected), after the messages
    queued before it for that group: rows of one chat are delivered in order."""

    kind: ClassVar[str] = "leave_chat"


@dataclass(frozen=True)
class AnnouncementMessage:
    """A KI announcement for one initiative's group; its delivery is counted for the progress
    message, and a group that refuses it for good is marked as having removed the bot."""

    kind: ClassVar[str] = "announcement"
    announcement: int
    text: str
    photo_chat: int | None = None  # with a photo: copied from the staff group's message
    photo_message: int | None = None


@dataclass(frozen=True)
class AnnouncementProgress:
    """The announcement's progress message in the staff group, edited to the counts as they
    are when this row is delivered (one waits at a time; the staff group's pace coalesces)."""

    kind: ClassVar[str] = "announcement_progress"
    announcement: int


OutboxItem = (
    TextMessage
    | EditMessage
    | CopyMessage
    | CreateTopic
    | RenameTopic
    | CloseTopic
    | ReopenTopic
    | DeleteTopic
    | DeleteMessage
    | EditCard
    | PinCard
    | Document
    | CaseSheet
    | LeaveChat
    | AnnouncementMessage
    | AnnouncementProgress
)
_KINDS: dict[str, type[OutboxItem]] = {
    cls.kind: cls
    for cls in (
        TextMessage,
        EditMessage,
        CopyMessage,
        CreateTopic,
        RenameTopic,
        CloseTopic,
        ReopenTopic,
        DeleteTopic,
        DeleteMessage,
        EditCard,
        PinCard,
        Document,
        CaseSheet,
        LeaveChat,
        AnnouncementMessage,
        AnnouncementProgress,
    )
}


def message(
    rendered: Rendered,
    *,
    audience: Audience,
    in_topic: bool = False,
    thread_id: int | None = None,
    replacing: int | None = None,
) -> OutboxItem:
    """A rendered reply as the item that delivers it; `replacing` is the id of the message
    whose button was pressed, when the reply replaces it."""
    if rendered.copy_of is not None:
        from_chat_id, message_id = rendered.copy_of
        return CopyMessage(from_chat_id, message_id, rendered.text or None, in_topic)
    if replacing is not None and rendered.replace and utf16_len(rendered.text) <= TEXT_LIMIT:
        return EditMessage(replacing, rendered.text, rendered.buttons, audience)
    text = rendered.text or "…"  # Telegram refuses an empty text
    return TextMessage(text, rendered.buttons, audience, in_topic, thread_id=thread_id)


def document(name: str, content: bytes, caption: str = "", *, in_topic: bool = False) -> Document:
    return Document(name, base64.b64encode(content).decode("ascii"), caption, in_topic)


def document_bytes(item: Document) -> bytes:
    try:
        return base64.b64decode(item.data, validate=True)
    except (ValueError, TypeError) as exc:
        raise ItemError("document data is not base64") from exc


def encode(item: OutboxItem) -> tuple[str, dict[str, Any]]:
    # Field by field, not dataclasses.asdict: every reply goes through here, and the fields
    # are flat values (buttons are the only nesting).
    payload: dict[str, Any] = {"v": VERSION}
    for f in fields(item):
        payload[f.name] = getattr(item, f.name)
    if "buttons" in payload:
        payload["buttons"] = [[list(b) for b in row] for row in payload["buttons"]]
    return item.kind, payload


def decode(kind: str, payload: Mapping[str, Any]) -> OutboxItem:
    cls = _KINDS.get(kind)
    if cls is None:
        raise ItemError(f"unknown kind {kind!r}")
    version = payload.get("v")
    if version is None:
        payload = _from_unversioned(kind, payload)
    elif version != VERSION:
        raise ItemError(f"{kind} payload of version {version!r}; this bot reads {VERSION}")
    values = {f.name: payload[f.name] for f in fields(cls) if f.name in payload}
    if "buttons" in values:
        values["buttons"] = _buttons(values["buttons"])
    try:
        item = cls(**values)
    except TypeError as exc:  # a required field is missing
        raise ItemError(f"{kind} payload incomplete") from exc
    _check_types(item)
    return item


def _buttons(raw: Any) -> ButtonRows:
    try:
        return tuple(tuple((str(label), str(action)) for label, action in row) for row in raw)
    except (TypeError, ValueError) as exc:
        raise ItemError("buttons are not rows of (label, action)") from exc


def _check_types(item: OutboxItem) -> None:
    for f in fields(item):
        value = getattr(item, f.name)
        expected = {"str": str, "int": int, "bool": bool}.get(str(f.type))
        if expected is not None and not isinstance(value, expected):
            raise ItemError(f"{item.kind}.{f.name} is not {f.type}")


def _from_unversioned(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Rows queued by the version before typed items: string-keyed dicts."""
    data = dict(payload)
    if "in_case_topic" in data:
        data["in_topic"] = bool(data.pop("in_case_topic"))
    if kind in {"message", "edit_card"} and data.get("buttons"):
        rows = data["buttons"]
        audiences = {b.get("for") for row in rows for b in row}
        data["audience"] = "staff" if audiences == {"staff"} else "parent"
        data["buttons"] = [[(b["text"], b["action"]) for b in row] for row in rows]
    return data
