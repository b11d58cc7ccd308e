"""A Bot API session that never touches the network: every method gets a canned valid result.

It still does the client-side work a real request costs — each field is serialised the way
`AiohttpSession.build_form_data` does it, and the canned JSON goes through aiogram's own
`check_response` (decode + pydantic validation) — so what is left out is only the socket, HTTP
and Telegram itself. That keeps a comparison about the bot, not about the network.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

BOT_TOKEN = "123456:bench-token"  # aiogram checks the shape only
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Schullotse", "username": "SchullotseBot"}

# Methods whose result is a Message echoing what was sent (Telegram returns the whole message).
_MESSAGE_METHODS = {
    "sendMessage",
    "editMessageText",
    "copyMessage",
    "forwardMessage",
    "sendPhoto",
    "sendDocument",
}
_TRUE_METHODS = {
    "answerCallbackQuery",
    "setMyCommands",
    "deleteWebhook",
    "deleteForumTopic",
    "deleteMessage",
    "editForumTopic",
    "closeForumTopic",
    "sendChatAction",
    "answerInlineQuery",
    "leaveChat",
}


def _chat(chat_id: Any) -> dict[str, Any]:
    chat_id = int(chat_id)
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Parent"}
    return {"id": chat_id, "type": "supergroup", "title": "KI Beratung", "is_forum": True}


class CannedSession(BaseSession):
    """Answers in-process; `calls` counts methods so a benchmark can check what was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self._next_id = 1000

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name in _TRUE_METHODS:
            return True
        if name == "getMe":
            return BOT_USER
        if name == "getChatMemberCount":
            return 3
        if name == "createForumTopic":
            return {"message_thread_id": self._new_id(), "name": params["name"], "icon_color": 0}
        if name in _MESSAGE_METHODS:
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or self._new_id(),
                "date": int(time.time()),
                "chat": _chat(params["chat_id"]),
                "from": BOT_USER,
                "text": params.get("text") or "…",
            }
            if params.get("message_thread_id"):
                message["message_thread_id"] = params["message_thread_id"]
            if markup := params.get("reply_markup"):
                message["reply_markup"] = json.loads(markup)
            return message
        # Fail loudly: a method the bot starts to use needs a canned answer here.
        raise NotImplementedError(f"no canned result for {name}")

    # `timeout` is part of BaseSession's signature; there is nothing here that could time out.
    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        name = method.__api_method__
        self.calls[name] += 1
        # What AiohttpSession.build_form_data does per field, minus the multipart encoding.
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files={})
            if prepared:
                params[key] = prepared
        content = self.json_dumps({"ok": True, "result": self._result(name, params)})
        response = self.check_response(bot=bot, method=method, status_code=200, content=content)
        return response.result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        return None


def canned_bot(session: CannedSession | None = None) -> Bot:
    return Bot(BOT_TOKEN, session=session or CannedSession())


def session_of(bot: Bot) -> CannedSession:
    assert isinstance(bot.session, CannedSession)
    return bot.session
