"""Groups that are not the staff group: nothing there ever shows case data. The bot answers
/start and /help with a pointer to the private chat and ignores everything else."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bot.app import App
from bot.commands import command_of
from bot.telegram.filters import GroupChat
from bot.telegram.responder import Responder
from dialogs import locales
from dialogs.reply import Reply
from dialogs.text import _


def other_groups_router() -> Router:
    router = Router(name="other-groups")
    router.message.filter(GroupChat())
    router.callback_query.filter(GroupChat())

    @router.message()
    async def on_group_message(message: Message, bot: Bot, app: App, responder: Responder) -> None:
        command = command_of(message.text or "")
        if command is None or command[0] not in {"start", "help"}:
            return  # ordinary group talk is none of our business
        me = await bot.me()
        user = message.from_user
        locale = locales.detect(user.language_code if user else None, app.languages)
        pointer = _(
            "Hallo! Ich bin Schullotse. Familien schreiben mir bitte privat: @{bot}",
            bot=me.username or "",
        )
        responder.reply(Reply(pointer), locale, chat_id=message.chat.id)

    @router.callback_query()
    async def on_group_button(callback: CallbackQuery, responder: Responder) -> None:
        responder.toast(callback, None)

    return router
