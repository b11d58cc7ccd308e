"""Collects what to send back to the current chat and sends it after the commit."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, ReactionTypeEmoji

from bot.outbox.limits import Limits
from bot.render import Audience, render_reply
from bot.telegram.render import markup
from dialogs.parent.outcome import Outcome
from dialogs.reply import Reply
from dialogs.text import TEXT_LIMIT, Renderable, Renderer, split_for_limit, utf16_len, utf16_prefix

log = logging.getLogger(__name__)
T = TypeVar("T")
CALLBACK_ANSWER_LIMIT = 200  # UTF-16 code units, as every limit (dialogs/text.py)


# Direct replies wait for Telegram a little (it answers 429 and 5xx under load); what must
# never be lost goes through the outbox instead, which waits as long as it takes.
REPLY_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # then 8 s between tries
REPLY_DEADLINE = 45.0  # seconds a reply is tried for, whatever the mix of 429s and 5xx


async def retrying(call: Callable[[], Awaitable[T]]) -> T:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + REPLY_DEADLINE
    for attempt in itertools.count():
        try:
            return await call()
        except TelegramRetryAfter as exc:
            wait, error = float(exc.retry_after), exc
        except (TelegramServerError, TelegramNetworkError) as exc:
            wait, error = REPLY_RETRY_DELAYS[min(attempt, len(REPLY_RETRY_DELAYS) - 1)], exc
        if loop.time() + wait > deadline:
            raise error
        await asyncio.sleep(wait)
    raise AssertionError("unreachable")


@dataclass
class Responder:
    bot: Bot
    renderer: Renderer
    limits: Limits | None = None
    _actions: list[tuple[str, Any]] = field(default_factory=list)

    def outcome(
        self, outcome: Outcome, *, chat_id: int, callback: CallbackQuery | None = None
    ) -> None:
        for reply in outcome.replies:
            self.reply(reply, outcome.locale, chat_id=chat_id, callback=callback)
        if callback is not None:
            self.answer_callback(callback, outcome.toast, outcome.locale)

    def reply(
        self,
        reply: Reply,
        locale: str,
        *,
        chat_id: int,
        callback: CallbackQuery | None = None,
        thread_id: int | None = None,
        audience: Audience = "parent",
    ) -> None:
        rendered = render_reply(reply, self.renderer, locale)
        text = rendered.text or "…"
        keyboard = markup(rendered.buttons, audience)
        target = callback.message if callback is not None and reply.replace else None
        if target is not None and utf16_len(text) <= TEXT_LIMIT:
            self._actions.append(("edit", (chat_id, target.message_id, text, keyboard)))
            return
        chunks = split_for_limit(text, TEXT_LIMIT)
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            self._actions.append(("send", (chat_id, thread_id, chunk, keyboard if last else None)))

    def answer_callback(
        self, callback: CallbackQuery, toast: Renderable | None, locale: str
    ) -> None:
        text = (
            utf16_prefix(self.renderer.render(toast, locale), CALLBACK_ANSWER_LIMIT)
            if toast is not None
            else None
        )
        self._actions.append(("answer", (callback.id, text)))

    def staff(self, chat_id: int, thread_id: int | None, reply: Reply) -> None:
        """German text for the counsellors, in the topic where they acted."""
        self.reply(reply, "de", chat_id=chat_id, thread_id=thread_id, audience="staff")

    def staff_edit(self, chat_id: int, message_id: int, text: str) -> None:
        self._actions.append(("edit", (chat_id, message_id, utf16_prefix(text, TEXT_LIMIT), None)))

    def react(self, chat_id: int, message_id: int, reaction: ReactionTypeEmoji) -> None:
        self._actions.append(("react", (chat_id, message_id, reaction)))

    def toast(self, callback: CallbackQuery, text: str | None) -> None:
        answer = utf16_prefix(text, CALLBACK_ANSWER_LIMIT) if text else None
        self._actions.append(("answer", (callback.id, answer)))

    def discard(self) -> None:
        self._actions.clear()

    async def flush(self) -> None:
        actions, self._actions = self._actions, []
        # Answer a button press first: the spinner on the parent's phone stops sooner.
        actions.sort(key=lambda action: action[0] != "answer")
        for kind, args in actions:
            try:
                await self._perform(kind, args)
            except TelegramAPIError as exc:
                # The state is committed; one lost reply must not stop the rest.
                log.warning("reply (%s) not delivered: %s", kind, type(exc).__name__)

    async def _perform(self, kind: str, args: Any) -> None:
        if kind == "send":
            await self._send(*args)
        elif kind == "edit":
            await self._edit(*args)
        elif kind == "react":
            chat_id, message_id, reaction = args
            try:
                await self.bot.set_message_reaction(chat_id, message_id, [reaction])
            except TelegramBadRequest:
                log.debug("reaction not allowed in this chat")
        else:
            await self._answer(*args)

    async def _pace(self, chat_id: int) -> None:
        if self.limits is not None:
            await self.limits.wait(chat_id)

    async def _send(
        self,
        chat_id: int,
        thread_id: int | None,
        text: str,
        keyboard: InlineKeyboardMarkup | None,
    ) -> None:
        await self._pace(chat_id)
        await retrying(
            lambda: self.bot.send_message(
                chat_id, text, message_thread_id=thread_id, reply_markup=keyboard
            )
        )

    async def _edit(
        self, chat_id: int, message_id: int, text: str, keyboard: InlineKeyboardMarkup | None
    ) -> None:
        try:
            await retrying(
                lambda: self.bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard
                )
            )
        except TelegramBadRequest as exc:
            if "not modified" in str(exc):
                return
            # Too old or deleted: a new message says the same thing.
            await self._send(chat_id, None, text, keyboard)

    async def _answer(self, callback_id: str, text: str | None) -> None:
        try:
            await self.bot.answer_callback_query(callback_id, text=text)
        except TelegramBadRequest:
            log.debug("callback %s expired", callback_id)
