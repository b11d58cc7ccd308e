"""Updates as Telegram sends them (plain dicts), for many parents taking turns."""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from typing import Any

from bench.canned import BOT_USER

# ("text", "/start") or ("callback", "a:lang.de"), as made by bench.journey.wire_journey; kept
# as plain pairs so this module (and a bare baseline's process) never imports Schullotse.
WireStep = tuple[str, str]


# Update ids increase across every builder in a process, as Telegram's do: the bot handles
# each update id once, so a second run that reused ids would measure skipped updates.
_UPDATE_IDS = itertools.count(1)


class UpdateBuilder:
    """Numbers updates, messages and callback queries the way the Bot API does."""

    def __init__(self, language: str = "de") -> None:
        self.language = language
        self.update_id = next(_UPDATE_IDS) * 1_000_000
        self.message_id = 0
        self.callback_id = 0

    def _user(self, user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"Parent{user_id}",
            "language_code": self.language,
        }

    @staticmethod
    def _private_chat(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": f"Parent{user_id}"}

    def message(self, user_id: int, text: str) -> dict[str, Any]:
        self.update_id += 1
        self.message_id += 1
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": self._private_chat(user_id),
            "from": self._user(user_id),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": self.update_id, "message": message}

    def callback(self, user_id: int, data: str) -> dict[str, Any]:
        """A press on a bot message; Telegram includes that message with its keyboard."""
        self.update_id += 1
        self.callback_id += 1
        bot_message = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": self._private_chat(user_id),
            "from": BOT_USER,
            "text": "Frage 3 von 14\n\nAus welchem Land kommt Ihr Kind?",
            "reply_markup": {
                "inline_keyboard": [
                    [{"text": "Syrien", "callback_data": data}],
                    [{"text": "⬅️ Zurück", "callback_data": "a:b"}],
                ]
            },
        }
        return {
            "update_id": self.update_id,
            "callback_query": {
                "id": f"cb{self.callback_id}",
                "from": self._user(user_id),
                "chat_instance": f"ci{user_id}",
                "message": bot_message,
                "data": data,
            },
        }

    def step(self, user_id: int, wire_step: WireStep) -> dict[str, Any]:
        kind, value = wire_step
        if kind == "callback":
            return self.callback(user_id, value)
        return self.message(user_id, value)


def interleaved_updates(
    journey: Sequence[WireStep],
    *,
    updates: int,
    users: int,
    first_user_id: int,
    language: str = "de",
) -> tuple[list[dict[str, Any]], int]:
    """`users` parents are mid-journey at any time and take turns (round robin), as real
    traffic interleaves; whoever finishes is replaced by a new parent. Returns the updates and
    the number of parents that reached the end of the journey."""
    builder = UpdateBuilder(language)
    slots = max(1, users)
    next_user = first_user_id + slots
    current = [first_user_id + i for i in range(slots)]
    position = [0] * slots
    result: list[dict[str, Any]] = []
    finished = 0
    while len(result) < updates:
        for slot in range(slots):
            if len(result) >= updates:
                break
            result.append(builder.step(current[slot], journey[position[slot]]))
            position[slot] += 1
            if position[slot] == len(journey):
                finished += 1
                current[slot], position[slot] = next_user, 0
                next_user += 1
    return result, finished
