"""The fake Bot API server answers each method like Telegram, through aiogram's real client.

Realistic results, the checks against the Bot API spec (violations) and Telegram's error
messages. Pushed updates, polling, faults, rate limits and waiting: test_controls.py.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
)
from aiogram.methods.base import TelegramMethod
from aiogram.types import BotCommand, BotCommandScopeChat, BufferedInputFile

from tests.fakeapi import FakeBotAPI, load_spec
from tests.fakeapi.formatting import FormatError, parse_html
from tests.fakeapi.samples import AMIRA, FORUM, keyboard
from tests.fakeapi.spec import AdminRights


async def test_send_message_returns_realistic_message(fake: FakeBotAPI, bot: Bot) -> None:
    first = await bot.send_message(AMIRA.id, "<b>Hallo</b> &amp; willkommen", parse_mode="HTML")
    second = await bot.send_message(AMIRA.id, "Zweite", reply_markup=keyboard("next"))

    assert first.text == "Hallo & willkommen"
    assert first.entities is not None and first.entities[0].type == "bold"
    assert first.from_user is not None and first.from_user.id == bot.id
    assert first.chat.type == "private"
    assert second.message_id == first.message_id + 1
    assert second.reply_markup is not None
    assert second.reply_markup.inline_keyboard[0][0].callback_data == "next"
    sent = fake.messages_to(AMIRA.id)
    assert [m["text"] for m in sent] == ["Hallo & willkommen", "Zweite"]
    assert fake.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"
    fake.assert_no_violations()


async def test_missing_required_field_is_a_violation(fake: FakeBotAPI, bot: Bot) -> None:
    # aiogram silently leaves out falsy values, so text="" reaches Telegram as no text at all.
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(AMIRA.id, "")
    assert fake.violations == ["sendMessage text: required parameter is missing"]


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("x" * 4097, None, "message is too long"),
        # Telegram counts UTF-16 code units: 2049 emoji are 4098 of them.
        ("😀" * 2049, None, "message is too long"),
        ("😀" * 2048, None, None),
        ("<b>" + "😀" * 2049 + "</b>", "HTML", "message is too long"),
        ("<b>" + "x" * 4096 + "</b>", "HTML", None),  # the limit counts text after parsing
        ("Zeile 1<br>Zeile 2", "HTML", 'unsupported start tag "br"'),
        ("<b>fett <i>kursiv</b></i>", "HTML", "unmatched end tag"),
        ("<b>offen", "HTML", "can't find end tag"),
        ("Klasse 5 < 6", "HTML", 'unexpected "<"'),
        ('<span class="x">y</span>', "HTML", 'unsupported start tag "span"'),
    ],
)
async def test_text_limits_and_html(
    fake: FakeBotAPI, bot: Bot, text: str, parse_mode: str | None, error: str | None
) -> None:
    if error is None:
        await bot.send_message(AMIRA.id, text, parse_mode=parse_mode)
        fake.assert_no_violations()
        return
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_message(AMIRA.id, text, parse_mode=parse_mode)
    assert len(fake.violations) == 1
    assert fake.violations[0].startswith("sendMessage text:")


async def test_callback_data_limit_counts_utf8_bytes(fake: FakeBotAPI, bot: Bot) -> None:
    data = "ä" * 32 + "x"  # 33 characters, 65 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(AMIRA.id, "Wähle", reply_markup=keyboard(data))
    assert fake.violations == [
        "sendMessage reply_markup.inline_keyboard[0][0].callback_data: 65 bytes UTF-8, allowed 1-64"
    ]
    await bot.send_message(AMIRA.id, "Wähle", reply_markup=keyboard("ä" * 32))  # 64 bytes
    assert len(fake.violations) == 1


class SendFancy(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "sendFancy"

    text: str


async def test_unknown_method_is_not_found(fake: FakeBotAPI, bot: Bot) -> None:
    # Telegram answers an unknown method with 404 "Not Found" (aiogram: TelegramNotFound).
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(SendFancy(text="hi"))
    assert fake.violations == ["sendFancy method: not a Bot API method"]


async def test_forum_topics(fake: FakeBotAPI, bot: Bot) -> None:
    fake.add_forum_chat(FORUM, "KI Dortmund – Anmeldungen")
    with pytest.raises(TelegramBadRequest, match="TOPIC_NAME_INVALID"):
        await bot.create_forum_topic(FORUM, "x" * 129)
    assert fake.violations == ["createForumTopic name: 129 UTF-16 code units, allowed 1-128"]
    fake.violations.clear()
    with pytest.raises(TelegramBadRequest, match="TOPIC_NAME_INVALID"):
        await bot.create_forum_topic(FORUM, "#1 · " + "😀" * 62)  # 67 code points, 129 units
    fake.violations.clear()

    first = await bot.create_forum_topic(FORUM, "Familie Haddad")
    second = await bot.create_forum_topic(FORUM, "Familie Nowak")
    assert second.message_thread_id > first.message_thread_id
    msg = await bot.send_message(FORUM, "Neue Anfrage", message_thread_id=first.message_thread_id)
    assert msg.message_thread_id == first.message_thread_id and msg.is_topic_message
    assert [m["text"] for m in fake.messages_to(FORUM, first.message_thread_id)] == ["Neue Anfrage"]
    assert fake.messages_to(FORUM, second.message_thread_id) == []

    await bot.close_forum_topic(FORUM, first.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(FORUM, first.message_thread_id)
    await bot.delete_forum_topic(FORUM, second.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(FORUM, "weg", message_thread_id=second.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="not a forum"):
        await bot.create_forum_topic(AMIRA.id, "privat")
    fake.assert_no_violations()


def test_rights_are_read_from_the_method_descriptions() -> None:
    spec = load_spec()
    # deleteForumTopic needs the right to delete messages, not to manage topics.
    assert spec.admin_rights("deleteForumTopic") == AdminRights(("can_delete_messages",))
    assert spec.admin_rights("createForumTopic") == AdminRights(("can_manage_topics",))
    assert spec.admin_rights("closeForumTopic") == AdminRights(("can_manage_topics",), True)
    pin = spec.admin_rights("pinChatMessage")
    assert pin is not None and "can_pin_messages" in pin.rights
    assert spec.admin_rights("sendMessage") is None
    assert spec.admin_rights("deleteMessage") is None  # its own rules (messages._delete)


async def test_topic_methods_need_the_rights_telegram_checks(fake: FakeBotAPI, bot: Bot) -> None:
    # Allowed to manage topics and pin, not to delete: what a README asking only for "manage
    # topics" and "pin messages" gives.
    fake.add_forum_chat(FORUM, "KI", can_delete_messages=False)
    topic = (await bot.create_forum_topic(FORUM, "#1")).message_thread_id
    card = await bot.send_message(FORUM, "Karte", message_thread_id=topic)
    await bot.pin_chat_message(FORUM, card.message_id)
    with pytest.raises(TelegramBadRequest, match="not enough rights to delete the topic"):
        await bot.delete_forum_topic(FORUM, topic)
    assert fake.messages_to(FORUM, topic)  # still there

    fake.set_bot_rights(FORUM, can_delete_messages=True, can_manage_topics=False)
    # The creator of a topic may close it without the right (editForumTopic's description).
    await bot.close_forum_topic(FORUM, topic)
    with pytest.raises(TelegramBadRequest, match="not enough rights to create a topic"):
        await bot.create_forum_topic(FORUM, "#2")
    fake.set_bot_rights(FORUM, can_pin_messages=False)
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await bot.pin_chat_message(FORUM, card.message_id)
    await bot.delete_forum_topic(FORUM, topic)
    assert fake.messages_to(FORUM, topic) == []
    fake.assert_no_violations()


async def test_edit_errors_like_telegram(fake: FakeBotAPI, bot: Bot) -> None:
    msg = await bot.send_message(AMIRA.id, "Stand", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Stand", chat_id=AMIRA.id, message_id=msg.message_id, reply_markup=keyboard("a")
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("Neu", chat_id=AMIRA.id, message_id=999)
    await bot.edit_message_reply_markup(
        chat_id=AMIRA.id, message_id=msg.message_id, reply_markup=keyboard("b")
    )
    assert fake.last_message_to(AMIRA.id)["reply_markup"] == keyboard("b").model_dump(
        exclude_none=True
    )
    assert await bot.delete_message(AMIRA.id, msg.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(AMIRA.id, msg.message_id)
    fake.assert_no_violations()


async def test_commands_members_and_files(fake: FakeBotAPI, bot: Bot) -> None:
    scope = BotCommandScopeChat(chat_id=AMIRA.id)
    await bot.set_my_commands(
        [BotCommand(command="start", description="Beginnen")], language_code="de"
    )
    await bot.set_my_commands([BotCommand(command="hilfe", description="Hilfe")], scope=scope)
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["hilfe"]
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start-Now", description="x")])
    fake.violations.clear()

    fake.add_group(FORUM, "Team")
    fake.add_member(FORUM, AMIRA, "administrator")
    assert (await bot.get_chat_member(FORUM, AMIRA.id)).status == "administrator"
    assert (await bot.get_chat_member(FORUM, 4242)).status == "left"
    assert {m.user.id for m in await bot.get_chat_administrators(FORUM)} == {AMIRA.id, bot.id}

    update = fake.push_photo(AMIRA, caption="Zeugnis", content=b"jpeg-bytes")
    file = await bot.get_file(update["message"]["photo"][-1]["file_id"])
    downloaded = await bot.download_file(file.file_path or "")
    assert downloaded is not None and downloaded.read() == b"jpeg-bytes"

    sent = await bot.send_document(
        AMIRA.id, BufferedInputFile(b"%PDF", "merkblatt.pdf"), caption="Merkblatt"
    )
    assert sent.document is not None and sent.document.file_name == "merkblatt.pdf"
    assert fake.calls_to("sendDocument")[0].files["document"].content == b"%PDF"
    fake.assert_no_violations()


async def _post(fake: FakeBotAPI, method: str, data: dict[str, Any]) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}/bot{fake.token}/{method}", json=data) as resp,
    ):
        return await resp.json()


async def test_nested_objects_are_validated(fake: FakeBotAPI) -> None:
    answer = await _post(
        fake,
        "SETMYCOMMANDS",  # method names are case-insensitive
        {"commands": [{"command": "start"}], "scope": {"type": "chatt", "chat_id": 1}, "colour": 1},
    )
    assert answer["ok"] is False and answer["error_code"] == 400
    assert sorted(fake.violations) == [
        "setMyCommands colour: unknown parameter",
        "setMyCommands commands[0].description: required field of BotCommand is missing",
        "setMyCommands scope.type: 'chatt' is not one of: default, all_private_chats, "
        "all_group_chats, all_chat_administrators, chat, chat_administrators, chat_member",
    ]
    fake.violations.clear()
    markup = {"inline_keyboard": [[{"text": "", "callback_data": "a", "colour": "red"}]]}
    await _post(fake, "sendMessage", {"chat_id": 1, "text": "x", "reply_markup": markup})
    button = "sendMessage reply_markup.inline_keyboard[0][0]"
    assert fake.violations == [
        f"{button}.colour: unknown field of InlineKeyboardButton",
        f"{button}.text: inline button text is empty",
    ]


def test_html_parser_entities_use_utf16_offsets() -> None:
    shown = parse_html(
        '👋 <a href="https://schulen.nrw">Schule</a> <pre><code class="language-py">x</code></pre>'
    )
    assert shown.text == "👋 Schule x"
    assert shown.entities == [
        {"type": "text_link", "offset": 3, "length": 6, "url": "https://schulen.nrw"},
        {"type": "pre", "offset": 10, "length": 1, "language": "py"},
    ]
    with pytest.raises(FormatError):
        parse_html("<b><code>x</b></code>")


async def test_other_methods(fake: FakeBotAPI, bot: Bot) -> None:
    fake.add_group(-100555, "Eltern", bot_status="administrator")
    hello = await bot.send_message(AMIRA.id, "Hallo")
    copied = await bot.copy_message(-100555, AMIRA.id, hello.message_id)
    forwarded = await bot.forward_message(-100555, AMIRA.id, hello.message_id)
    assert forwarded.forward_origin is not None and forwarded.text == "Hallo"
    assert [m["message_id"] for m in fake.messages_to(-100555)] == [
        copied.message_id,
        forwarded.message_id,
    ]
    voice = await bot.send_voice(AMIRA.id, BufferedInputFile(b"OggS", "v.ogg"), duration=2)
    assert voice.voice is not None and voice.voice.duration == 2
    where = await bot.send_location(AMIRA.id, 51.51, 7.46)
    assert where.location is not None and where.location.latitude == 51.51
    assert await bot.pin_chat_message(-100555, copied.message_id)
    chat = await bot.get_chat(-100555)
    assert chat.type == "supergroup" and chat.pinned_message is not None
    assert await bot.unpin_chat_message(-100555)

    # aiogram sends the legacy disable_web_page_preview for this default; Telegram accepts it.
    styled = fake.create_bot(default=DefaultBotProperties(link_preview_is_disabled=True))
    reply = await styled.send_message(AMIRA.id, "Antwort", reply_to_message_id=hello.message_id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == hello.message_id

    # Spec methods without a model answer True or a spec-shaped placeholder.
    assert await bot.send_chat_action(AMIRA.id, "typing")
    sticker = await bot.send_sticker(AMIRA.id, "https://example.org/s.webp")
    assert sticker.sticker is not None

    await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError):
        await bot.get_updates()
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []
    fake.assert_no_violations()


async def test_blocked_user_and_unknown_group(fake: FakeBotAPI, bot: Bot) -> None:
    fake.block_bot(AMIRA)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(AMIRA.id, "Hallo?")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-100999, "niemand")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("12345")
    fake.assert_no_violations()
