"""The fake Bot API server's controls for tests, through aiogram's real client.

Updates pushed to the bot (long polling, a Dispatcher), injected faults, rate limits and the
wait helpers. How each method answers: test_server.py.
"""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from tests.fakeapi import FakeBotAPI, RateLimits, load_spec
from tests.fakeapi.samples import AMIRA, FORUM, keyboard


async def test_get_updates_long_poll_and_offset(fake: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for("getUpdates")
    pushed = fake.push_text(AMIRA, "Hallo")
    updates = await asyncio.wait_for(poll, 2)

    assert [u.update_id for u in updates] == [pushed["update_id"]]
    assert updates[0].message is not None and updates[0].message.text == "Hallo"
    assert await bot.get_updates(timeout=0) != []  # not confirmed yet
    assert await bot.get_updates(offset=pushed["update_id"] + 1, timeout=0) == []
    assert fake.pending_updates == []


async def test_dispatcher_polling_answers_start(fake: FakeBotAPI, bot: Bot) -> None:
    router = Router()

    @router.message(CommandStart(deep_link=True))
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"Willkommen! Code: {command.args}", reply_markup=keyboard("lang:de"))

    @router.callback_query(F.data.startswith("lang:"))
    async def choose(query: CallbackQuery) -> None:
        await query.answer("Deutsch")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Sprache: Deutsch")

    dp = Dispatcher()
    dp.include_router(router)
    fake.push_command(AMIRA, "/start", args="ref-abc")
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        [reply] = await fake.wait_for("sendMessage")
        assert reply.params["text"] == "Willkommen! Code: ref-abc"
        fake.push_button(AMIRA, "Weiter")  # = push_callback(AMIRA, reply.result, "lang:de")
        await fake.wait_for("editMessageText", predicate=lambda call: call.status is not None)
    finally:
        await dp.stop_polling()
        await polling

    [shown] = fake.messages_to(AMIRA.id)
    assert shown["text"] == "Sprache: Deutsch"
    assert "reply_markup" not in shown  # edit_text without markup drops the keyboard
    assert fake.calls_to("answerCallbackQuery")[0].params["text"] == "Deutsch"
    allowed = fake.calls_to("getUpdates")[0].params["allowed_updates"]
    assert sorted(allowed) == ["callback_query", "message"]
    fake.assert_no_violations()


async def test_injected_faults(fake: FakeBotAPI, bot: Bot) -> None:
    fake.inject("sendMessage", status=429, retry_after=7, times=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(AMIRA.id, "eins")
    assert caught.value.retry_after == 7
    await bot.send_message(AMIRA.id, "zwei")

    fake.inject("sendMessage", status=502, times=1)
    with pytest.raises(TelegramServerError):
        await bot.send_message(AMIRA.id, "drei")
    fake.inject("sendMessage", drop=True, times=1)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(AMIRA.id, "vier")
    fake.inject("sendMessage", delay=0.5, times=1)
    with pytest.raises(TelegramNetworkError, match="timeout"):
        await bot.send_message(AMIRA.id, "fünf", request_timeout=0.1)  # type: ignore[call-arg]
    # A delayed request still took effect: the bot cannot know whether "fünf" arrived.
    assert [m["text"] for m in fake.messages_to(AMIRA.id)] == ["zwei", "fünf"]
    assert fake.rate_limited == 0


async def test_rate_limit_mode() -> None:
    async with FakeBotAPI(
        enforce_rate_limits=True, rate_limits=RateLimits(private_burst=3)
    ) as fake:
        bot = fake.create_bot()
        for text in ("1", "2", "3"):
            await bot.send_message(AMIRA.id, text)
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(AMIRA.id, "4")
        assert caught.value.retry_after >= 1

        fake.add_group(-100777, "Eltern")
        for i in range(20):
            await bot.send_message(-100777, f"Info {i}")
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(-100777, "zu viel")
        assert fake.rate_limited == 2


async def test_wait_for_timeout_lists_recent_calls(fake: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(AMIRA.id, "nur das")
    with pytest.raises(AssertionError, match=r"sendPhoto[\s\S]*sendMessage"):
        await fake.wait_for("sendPhoto", timeout=0.1)


async def test_pushed_updates_parse_in_aiogram(fake: FakeBotAPI, bot: Bot) -> None:
    fake.add_forum_chat(FORUM, "KI Dortmund")
    topic = await bot.create_forum_topic(FORUM, "Familie Haddad")
    first = fake.push_text(AMIRA, "Guten Tag")
    pushed = [
        first,
        fake.push_text(AMIRA, "im Thema", chat=FORUM, thread_id=topic.message_thread_id),
        fake.push_command(AMIRA, "hilfe"),
        fake.push_sticker(AMIRA),
        fake.push_photo(AMIRA, caption="Pass"),
        fake.push_document(AMIRA, file_name="zeugnis.pdf"),
        fake.push_voice(AMIRA),
        fake.push_location(AMIRA),
        fake.push_edited_text(AMIRA, first["message"]["message_id"], "Guten Abend"),
        fake.push_raw({"message": first["message"] | {"text": "roh"}}),
    ]
    spec = load_spec()
    for update in pushed:
        assert spec.check(update, ["Update"], "update", attachments=()) == []

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [u["update_id"] for u in pushed]
    topic_message = updates[1].message
    assert topic_message is not None and topic_message.is_topic_message
    assert topic_message.message_thread_id == topic.message_thread_id
    assert updates[2].message is not None and updates[2].message.text == "/hilfe"
    assert updates[4].message is not None and updates[4].message.photo is not None
    assert updates[8].edited_message is not None
    assert updates[8].edited_message.text == "Guten Abend"


async def test_wait_until_rechecks_at_each_request_and_counts_requests_in_flight(
    fake: FakeBotAPI, bot: Bot
) -> None:
    slow = fake.inject(method="sendMessage", delay=0.3, times=1)  # answered, but late
    task = asyncio.create_task(bot.send_message(AMIRA.id, "Hallo"))
    await fake.wait_for("sendMessage")
    assert fake.in_flight == 1 and [c.method for c in fake.requests_in_flight()] == ["sendMessage"]
    assert await fake.wait_until(lambda: fake.in_flight == 0, timeout=5)
    assert slow.exhausted and fake.messages_to(AMIRA.id)[0]["text"] == "Hallo"
    await task


async def test_an_update_pushed_again_is_delivered_again(fake: FakeBotAPI, bot: Bot) -> None:
    first = fake.push_text(AMIRA, "Hallo")
    [got] = await bot.get_updates(timeout=0)
    assert await bot.get_updates(offset=got.update_id + 1, timeout=0) == []  # confirmed
    fake.push_raw(first)  # Telegram sends it again: the bot's confirmation never arrived
    again = await bot.get_updates(offset=got.update_id + 1, timeout=0)
    assert [u.update_id for u in again] == [got.update_id]
    assert fake.accepted_update_ids == [got.update_id, got.update_id]
    fake.push_text(AMIRA, "Noch da?")
    await bot.delete_webhook(drop_pending_updates=True)
    assert fake.discarded_update_ids == [got.update_id, got.update_id + 1]
