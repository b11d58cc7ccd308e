"""Polling after a start: the first poll goes out before the start-up chores and does not
wait; what waited during the restart is handled at once (bot/telegram/polling.py)."""

from __future__ import annotations

import asyncio

from aiogram import Dispatcher, Router
from aiogram.types import Message

from bot.telegram.polling import poll_committed
from tests.fakeapi import FakeBotAPI, FakeUser

PARENT = FakeUser(4711, "Rami", language_code="de")


async def test_the_first_poll_is_answered_before_the_start_up_chores_begin() -> None:
    seen: list[str] = []
    router = Router()

    @router.message()
    async def remember(message: Message) -> None:
        seen.append(message.text or "")

    dp = Dispatcher(disable_fsm=True)
    dp.include_router(router)
    async with FakeBotAPI() as fake:
        fake.push_command(PARENT, "/start")  # written while the bot was down
        bot = fake.create_bot()
        stop = asyncio.Event()
        polls_when_started: list[int] = []
        polling = asyncio.create_task(
            poll_committed(
                dp,
                bot,
                stop=stop,
                allowed_updates=["message"],
                polling_timeout=1,
                on_started=lambda: polls_when_started.append(len(fake.calls_to("getUpdates"))),
            )
        )
        second = await fake.wait_for("getUpdates", count=2)
        stop.set()
        await polling
        await bot.session.close()
    first_poll = second[0].params
    assert first_poll.get("timeout", 0) == 0  # did not wait: asked and answered at once
    assert second[1].params["timeout"] == 1  # then long polls as usual
    assert polls_when_started == [1]  # the chores began after the first poll, once
    assert seen == ["/start"]


async def test_without_chores_every_poll_is_a_long_poll() -> None:
    dp = Dispatcher(disable_fsm=True)
    async with FakeBotAPI() as fake:
        bot = fake.create_bot()
        stop = asyncio.Event()
        polling = asyncio.create_task(
            poll_committed(dp, bot, stop=stop, allowed_updates=["message"], polling_timeout=1)
        )
        first = await fake.wait_for("getUpdates")
        stop.set()
        await polling
        await bot.session.close()
    assert first[0].params["timeout"] == 1
