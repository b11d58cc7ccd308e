"""The sender's sendMessage and editMessageText: aiogram's own requests, answers read for the
id alone (bot/telegram/methods.py), errors as before — through aiogram's real client against
the fake Bot API, which checks every request against Telegram's spec."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.client.session.base import BaseSession

from bot.outbox.channel import Undeliverable
from bot.telegram.methods import Sent
from bot.telegram.sender import TelegramSender
from tests.fakeapi import FakeBotAPI

FAMILY = 4242
BUTTONS = ((("Ja", "ok.yes"), ("Nein", "ok.no")),)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server
    server.assert_no_violations()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The results aiogram read from Telegram's answers, as it read them."""
    read: list[Any] = []
    check = BaseSession.check_response

    def reading(self: BaseSession, *args: Any, **kwargs: Any) -> Any:
        response = check(self, *args, **kwargs)
        read.append(response.result)
        return response

    monkeypatch.setattr(BaseSession, "check_response", reading)
    return read


def _sender(fake: FakeBotAPI) -> TelegramSender:
    return TelegramSender(fake.create_bot())


async def test_a_text_is_sent_as_aiogram_sends_it_and_its_id_comes_back(
    fake: FakeBotAPI, answers: list[Any]
) -> None:
    sender = _sender(fake)
    message_id = await sender.send_text(FAMILY, "سلام، خوش آمدید", None, BUTTONS)
    [sent] = fake.messages_to(FAMILY)
    assert message_id == sent["message_id"]
    assert sent["text"] == "سلام، خوش آمدید"
    row = sent["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in row] == [
        ("Ja", "a:ok.yes"),
        ("Nein", "a:ok.no"),
    ]
    # The answer was read as the id alone: no Message was built for it.
    assert answers == [Sent(message_id=message_id)]


async def test_an_edit_changes_the_message_in_place(fake: FakeBotAPI, answers: list[Any]) -> None:
    sender = _sender(fake)
    message_id = await sender.send_text(FAMILY, "Frage 1 von 3", None, BUTTONS)
    await sender.edit_text(FAMILY, message_id, "Frage 1 von 3: Ja", (), "parent")
    [edited] = fake.messages_to(FAMILY)
    assert (edited["message_id"], edited["text"]) == (message_id, "Frage 1 von 3: Ja")
    assert answers == [Sent(message_id=message_id)] * 2


async def test_a_refusal_is_raised_as_before(fake: FakeBotAPI) -> None:
    sender = _sender(fake)
    fake.inject(method="sendMessage", status=400, description="Bad Request: chat not found")
    with pytest.raises(Undeliverable, match="chat not found"):
        await sender.send_text(FAMILY, "Hallo", None)
