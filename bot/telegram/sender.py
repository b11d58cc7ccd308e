"""The outbox's Telegram side: maps Bot API errors to retry or give-up decisions."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile

from bot.outbox.channel import NotAllowed, RetryLater, TopicGone, Undeliverable
from bot.render import Audience, ButtonRows
from bot.telegram.methods import EditMessageTextForId, SendMessageForId
from bot.telegram.render import markup
from dialogs.text import split_for_limit, utf16_prefix

T = TypeVar("T")
CAPTION_LIMIT = 1024  # UTF-16 code units, like every limit here (dialogs/text/lengths.py)
TOPIC_NAME_LIMIT = 128
# Well inside the outbox lease (bot/outbox/worker.py LEASE): a hanging request is given up on and
# retried before another instance could take the row.
REQUEST_TIMEOUT = 25.0


# What Telegram answers for a topic deleted in the group (TOPIC_ID_INVALID for an id it never
# had): the thread is gone for good, whatever was sent to it needs a new one.
_TOPIC_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid")
# A right the bot lacks in the group ("not enough rights to delete the topic", the MTProto
# CHAT_ADMIN_REQUIRED): the admins can grant it, unlike a refusal for good.
_NOT_ALLOWED = ("not enough rights", "chat_admin_required", "need administrator rights")


def _not_modified(exc: Exception) -> bool:
    """Telegram says "message is not modified" or "TOPIC_NOT_MODIFIED": a retry that had
    already succeeded, or a refresh with nothing new; both are fine."""
    text = str(exc).lower().replace("_", " ")
    return "not modified" in text


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = await self._call(
            self.bot.create_forum_topic(chat_id=chat_id, name=utf16_prefix(name, TOPIC_NAME_LIMIT))
        )
        return int(topic.message_thread_id)

    async def send_text(
        self,
        chat_id: int,
        text: str,
        thread_id: int | None,
        buttons: ButtonRows = (),
        audience: Audience = "parent",
    ) -> int:
        chunks = split_for_limit(text)
        first_id = 0
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            message = await self._call(
                self.bot(
                    SendMessageForId(
                        chat_id=chat_id,
                        text=chunk,
                        message_thread_id=thread_id,
                        reply_markup=markup(buttons, audience) if last else None,
                    )
                )
            )
            first_id = first_id or message.message_id
        return first_id

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: ButtonRows = (),
        audience: Audience = "staff",
    ) -> None:
        try:
            await self._call(
                self.bot(
                    EditMessageTextForId(
                        chat_id=chat_id,
                        message_id=message_id,
                        text=split_for_limit(text)[0],
                        reply_markup=markup(buttons, audience),
                    )
                )
            )
        except Undeliverable as exc:
            if not _not_modified(exc):
                raise

    async def pin(self, chat_id: int, message_id: int) -> None:
        # The bot may lack the pin right; the card is still the topic's first message. A 429
        # or 5xx becomes RetryLater: the outbox retries the pin (its own row), not the card.
        with contextlib.suppress(Undeliverable):
            await self._call(
                self.bot.pin_chat_message(
                    chat_id=chat_id, message_id=message_id, disable_notification=True
                )
            )

    async def copy(
        self,
        chat_id: int,
        thread_id: int | None,
        from_chat_id: int,
        message_id: int,
        caption: str | None,
    ) -> None:
        await self._call(
            self.bot.copy_message(
                chat_id=chat_id,
                from_chat_id=from_chat_id,
                message_id=message_id,
                message_thread_id=thread_id,
                caption=utf16_prefix(caption, CAPTION_LIMIT) if caption else None,
            )
        )

    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None:
        try:
            await self._call(
                self.bot.edit_forum_topic(
                    chat_id=chat_id,
                    message_thread_id=thread_id,
                    name=utf16_prefix(name, TOPIC_NAME_LIMIT),
                )
            )
        except Undeliverable as exc:
            if not _not_modified(exc):
                raise

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        await self._tolerate(
            self.bot.close_forum_topic(chat_id=chat_id, message_thread_id=thread_id), "closed"
        )

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        await self._tolerate(
            self.bot.reopen_forum_topic(chat_id=chat_id, message_thread_id=thread_id), "open"
        )

    async def delete_topic(self, chat_id: int, thread_id: int) -> None:
        await self._call(self.bot.delete_forum_topic(chat_id=chat_id, message_thread_id=thread_id))

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await self._call(self.bot.delete_message(chat_id=chat_id, message_id=message_id))

    async def send_document(
        self, chat_id: int, thread_id: int | None, name: str, content: bytes, caption: str
    ) -> int:
        message = await self._call(
            self.bot.send_document(
                chat_id=chat_id,
                document=BufferedInputFile(content, filename=name),
                message_thread_id=thread_id,
                caption=caption[:CAPTION_LIMIT] or None,
            )
        )
        return message.message_id

    async def leave_chat(self, chat_id: int) -> None:
        await self._call(self.bot.leave_chat(chat_id=chat_id))

    async def _tolerate(self, request: Awaitable[object], already: str) -> None:
        """Closing a closed topic (after a retry) is success, not an error."""
        try:
            await self._call(request)
        except Undeliverable as exc:
            # Telegram says TOPIC_NOT_MODIFIED; older servers named the state.
            if already not in str(exc).lower() and not _not_modified(exc):
                raise

    async def _call(self, request: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(request, REQUEST_TIMEOUT)
        except TelegramRetryAfter as exc:
            raise RetryLater(exc.retry_after, "429 retry_after") from exc
        except (TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
            raise RetryLater(1.0, type(exc).__name__) from exc
        except (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound) as exc:
            said = exc.message.lower()
            if any(sign in said for sign in _TOPIC_GONE):
                raise TopicGone(exc.message) from exc
            if any(sign in said for sign in _NOT_ALLOWED):
                raise NotAllowed(exc.message) from exc
            raise Undeliverable(exc.message) from exc
        except TelegramAPIError as exc:
            # Unclassified (e.g. a 429 without retry_after, a bad token): keep the message and
            # try again later; dropping it would lose a parent's words.
            raise RetryLater(5.0, type(exc).__name__) from exc
