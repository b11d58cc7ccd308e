"""The sender's two most frequent Bot API methods, with their answers read for the id alone.

aiogram validates every answer into the method's full result type: for `sendMessage` and
`editMessageText` a whole `Message` (~55 µs of pydantic work a call here, and an update sends
two on average, bench/README.md), of which the sender reads `message_id` only. These are the
same methods — the same API name and fields, so the request is exactly aiogram's — whose
answer is read as `Sent`. Errors are unchanged: aiogram reads `ok` and raises before it looks
at the result.
"""

from __future__ import annotations

from typing import ClassVar

from aiogram.methods import EditMessageText, SendMessage
from pydantic import BaseModel, ConfigDict


class Sent(BaseModel):
    """A message Telegram accepted, as far as the sender needs it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: int


class SendMessageForId(SendMessage):
    __returning__: ClassVar[type] = Sent


class EditMessageTextForId(EditMessageText):
    # True when the edited message was an inline one (not sent by this bot to a chat).
    __returning__: ClassVar[object] = Sent | bool
