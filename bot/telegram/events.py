"""Telegram messages → channel-neutral dialog events."""

from __future__ import annotations

from aiogram.types import Message

from bot.commands import command_of
from dialogs.parent.events import Command, Event, Start, Typed, Unsupported


def content_kind(message: Message) -> str:
    """ "photo", "voice" … (str() of aiogram's ContentType enum would give "ContentType.PHOTO")."""
    kind = message.content_type
    return str(getattr(kind, "value", kind))


# What a person can send that copyMessage passes on. Everything else in a chat is a service
# message (a pin, a topic renamed, closed or reopened by hand, someone joining): Telegram
# cannot copy it, and it is no message to anyone.
CAPTIONABLE = frozenset({"photo", "document", "video", "audio", "voice", "animation"})
RELAYABLE = CAPTIONABLE | {"sticker", "location", "venue", "contact", "video_note", "dice", "poll"}


def event_from_message(message: Message) -> Event:
    if message.text is None:
        return Unsupported(
            content_kind(message),
            ref=(message.chat.id, message.message_id),
            caption=message.caption,
        )
    command = command_of(message.text)
    if command is None:
        return Typed(message.text)
    name, args = command
    if name == "start":
        user = message.from_user
        return Start(payload=args or None, language_code=user.language_code if user else None)
    return Command(name, args)
