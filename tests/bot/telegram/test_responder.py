"""Answers to button presses (bot/telegram/responder.py): one without a toast goes out before
the commit, once per update however often it is tried; one with a toast waits for the
commit. Through aiogram's real client against the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import CallbackQuery, User

from bot.telegram.responder import Responder
from tests.fakeapi import FakeBotAPI

PRESS = CallbackQuery(
    id="cq-1", from_user=User(id=7, is_bot=False, first_name="Amal"), chat_instance="ci"
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server
    server.assert_no_violations()


def _responder(fake: FakeBotAPI, **kwargs: Any) -> Responder:
    # No replies here: neither the renderer nor the fast path is asked for anything.
    return Responder(fake.create_bot(), None, None, **kwargs)  # type: ignore[arg-type]


def _answers(fake: FakeBotAPI) -> list[dict[str, Any]]:
    return [call.params for call in fake.calls_to("answerCallbackQuery")]


async def test_an_answer_without_a_toast_goes_out_before_the_commit_and_once(
    fake: FakeBotAPI,
) -> None:
    responder = _responder(fake)
    responder.toast(PRESS, None)
    responder.answer_early()
    await fake.wait_for("answerCallbackQuery")  # no flush (the commit's side) yet
    await responder.flush()
    assert [a["callback_query_id"] for a in _answers(fake)] == ["cq-1"]


async def test_an_answer_with_a_toast_waits_for_the_commit(fake: FakeBotAPI) -> None:
    responder = _responder(fake)
    responder.toast(PRESS, "Gespeichert")
    responder.answer_early()
    assert _answers(fake) == []  # nothing was started
    await responder.flush()
    assert [(a["callback_query_id"], a["text"]) for a in _answers(fake)] == [
        ("cq-1", "Gespeichert")
    ]


async def test_a_second_try_of_the_update_does_not_answer_again(fake: FakeBotAPI) -> None:
    first = _responder(fake)
    first.toast(PRESS, None)
    first.answer_early()
    # The first try met an outage or a newer family row; the update is worked out again.
    again = _responder(fake, answered_early=first.answered_early)
    again.toast(PRESS, None)
    again.answer_early()
    await again.flush()
    await first.flush()
    assert len(_answers(fake)) == 1
