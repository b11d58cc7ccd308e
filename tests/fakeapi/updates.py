"""Builders for the Telegram objects a user produces: users, chats, messages, updates.

Plain functions returning dicts shaped exactly like Bot API JSON, so aiogram parses them
as it would parse real updates. The server assigns message and update ids.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

from .formatting import utf16_len

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?")


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        optional = {"last_name": self.last_name, "username": self.username}
        optional["language_code"] = self.language_code
        user |= {k: v for k, v in optional.items() if v is not None}
        return user


def now() -> int:
    return int(time.time())


def private_chat(user: FakeUser) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": user.id, "type": "private", "first_name": user.first_name}
    if user.last_name:
        chat["last_name"] = user.last_name
    if user.username:
        chat["username"] = user.username
    return chat


def group_chat(
    chat_id: int, title: str, chat_type: str | None = None, is_forum: bool = False
) -> dict[str, Any]:
    # Supergroup ids look like -100xxxxxxxxxx; basic groups are small negative numbers.
    kind = chat_type or ("supergroup" if str(chat_id).startswith("-100") or is_forum else "group")
    chat: dict[str, Any] = {"id": chat_id, "type": kind, "title": title}
    if is_forum:
        chat["is_forum"] = True
    return chat


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds when a message starts with /command."""
    match = _COMMAND_RE.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def message(
    message_id: int,
    chat: dict[str, Any],
    sender: dict[str, Any],
    thread_id: int | None = None,
    **content: Any,
) -> dict[str, Any]:
    msg: dict[str, Any] = {"message_id": message_id, "from": sender, "chat": chat, "date": now()}
    if thread_id is not None:
        msg["message_thread_id"] = thread_id
        if chat.get("is_forum"):
            msg["is_topic_message"] = True
    msg |= {k: v for k, v in content.items() if v is not None}
    return msg


def file_ids(kind: str, serial: int) -> tuple[str, str]:
    """Opaque but stable (file_id, file_unique_id), like Telegram's."""
    digest = hashlib.sha1(f"{kind}:{serial}".encode()).hexdigest()
    return f"Fake{kind.title()}{serial}_{digest[:20]}", f"U{digest[20:32]}"


def photo_sizes(file_id: str, unique_id: str, size: int) -> list[dict[str, Any]]:
    # Telegram sends several resolutions of one photo; bots usually take the last (largest).
    return [
        {
            "file_id": f"{file_id}_s",
            "file_unique_id": f"{unique_id}s",
            "width": 90,
            "height": 90,
            "file_size": max(size // 10, 1),
        },
        {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "width": 800,
            "height": 800,
            "file_size": size,
        },
    ]


def sticker(file_id: str, unique_id: str, emoji: str) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
    }


def callback_query(
    query_id: str,
    user: FakeUser,
    msg: dict[str, Any],
    data: str,
) -> dict[str, Any]:
    instance = hashlib.sha1(str(msg["chat"]["id"]).encode()).hexdigest()[:16]
    return {
        "id": query_id,
        "from": user.to_dict(),
        "message": msg,
        "chat_instance": instance,
        "data": data,
    }


def chat_member_updated(
    chat: dict[str, Any], user: FakeUser, old: dict[str, Any], new: dict[str, Any]
) -> dict[str, Any]:
    return {
        "chat": chat,
        "from": user.to_dict(),
        "date": now(),
        "old_chat_member": old,
        "new_chat_member": new,
    }


def update(update_id: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"update_id": update_id, kind: payload}


def update_kind(upd: dict[str, Any]) -> str:
    """The update type ("message", "callback_query", ...) as used by allowed_updates."""
    return next(key for key in upd if key != "update_id")
