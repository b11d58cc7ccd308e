"""The outbox's Telegram side: maps Bot API errors to retry or give-up decisions."""

from __future__ import annotations

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

from bot.delivery import RetryLater, Undeliverable
from dialogs.text import split_for_limit


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = await self._call(self.bot.create_forum_topic(chat_id=chat_id, name=name[:128]))
        return int(topic.message_thread_id)

    async def send_text(self, chat_id: int, text: str, thread_id: int | None) -> None:
        for chunk in split_for_limit(text):
            await self._call(
                self.bot.send_message(chat_id=chat_id, text=chunk, message_thread_id=thread_id)
            )

    async def delete_topic(self, chat_id: int, thread_id: int) -> None:
        await self._call(self.bot.delete_forum_topic(chat_id=chat_id, message_thread_id=thread_id))

    async def _call(self, request):  # type: ignore[no-untyped-def]
        try:
            return await request
        except TelegramRetryAfter as exc:
            raise RetryLater(exc.retry_after, "429 retry_after") from exc
        except (TelegramServerError, TelegramNetworkError) as exc:
            raise RetryLater(1.0, type(exc).__name__) from exc
        except (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound) as exc:
            raise Undeliverable(exc.message) from exc
        except TelegramAPIError as exc:
            # Unclassified (e.g. a 429 without retry_after, a bad token): keep the message and
            # try again later; dropping it would lose a parent's words.
            raise RetryLater(5.0, type(exc).__name__) from exc
