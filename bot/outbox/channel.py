"""What delivery needs from a channel (Telegram, the console), and how a channel says no."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.render import Audience, ButtonRows


class RetryLater(Exception):
    def __init__(self, seconds: float, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds


class Undeliverable(Exception):
    """Telegram refused for good (blocked bot, deleted chat): record it and move on."""


class NotAllowed(Undeliverable):
    """The bot lacks an administrator right for this (deleting a topic needs "delete
    messages"): refused now, but the group's admins can grant it, so worth asking again."""


class TopicGone(Undeliverable):
    """The case's topic no longer exists (deleted by hand in the staff group): the worker
    makes it again rather than dropping what was meant for it."""


@dataclass(frozen=True)
class TopicCard:
    """What a case's topic starts with: its name and its card, as they are now."""

    topic_name: str
    text: str
    buttons: ButtonRows


class Sender(Protocol):
    """Every method may raise RetryLater or Undeliverable."""

    async def create_topic(self, chat_id: int, name: str) -> int: ...
    async def send_text(
        self,
        chat_id: int,
        text: str,
        thread_id: int | None,
        buttons: ButtonRows = (),
        audience: Audience = "parent",
    ) -> int: ...
    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: ButtonRows = (),
        audience: Audience = "staff",
    ) -> None: ...
    async def pin(self, chat_id: int, message_id: int) -> None: ...
    async def copy(
        self,
        chat_id: int,
        thread_id: int | None,
        from_chat_id: int,
        message_id: int,
        caption: str | None,
    ) -> None: ...
    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None: ...
    async def close_topic(self, chat_id: int, thread_id: int) -> None: ...
    async def reopen_topic(self, chat_id: int, thread_id: int) -> None: ...
    async def delete_topic(self, chat_id: int, thread_id: int) -> None: ...
    async def delete_message(self, chat_id: int, message_id: int) -> None: ...
    async def send_document(
        self, chat_id: int, thread_id: int | None, name: str, content: bytes, caption: str
    ) -> int: ...
    async def leave_chat(self, chat_id: int) -> None: ...


class DocumentMaker(Protocol):
    """Makes a file at delivery time (the case sheet, bot/reports/documents.py)."""

    async def case_sheet(self, case_id: int, *, with_notes: bool) -> tuple[str, bytes, str]:
        """(file name, content, caption); raises Undeliverable when there may be none."""
        ...


class CardMaker(Protocol):
    """Makes a case's card at delivery time, to set up a topic again (bot/desks/cards.py)."""

    async def card(self, case_id: int) -> TopicCard | None:
        """None when the case is gone (erased)."""
        ...
