"""Group chats: the staff group (cases arrive there as topics) and any other group.

Nothing in a group ever shows case data unless it is the configured staff group; in unknown
groups the bot answers direct commands with a short pointer and ignores everything else.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bot.app import App
from bot.telegram.events import command_of
from bot.telegram.filters import ChatIs, GroupChat
from dialogs import locales
from dialogs.text import _, render_german


def staff_router(staff_chat_id: int | None) -> Router:
    router = Router(name="staff")
    router.message.filter(ChatIs(staff_chat_id))
    router.callback_query.filter(ChatIs(staff_chat_id))

    @router.message()
    async def on_staff_message(message: Message) -> None:
        command = command_of(message.text or "")
        if command and command[0] in {"start", "help"}:
            await message.reply(
                render_german(
                    _(
                        "Schullotse: Neue Fälle erscheinen hier als eigenes Thema mit "
                        "Fallkarte. Das Bearbeiten (Übernehmen, Antworten, Abschließen) "
                        "folgt in einer späteren Version."
                    )
                )
            )

    @router.callback_query()
    async def on_staff_button(callback: CallbackQuery) -> None:
        await callback.answer()

    return router


def other_groups_router() -> Router:
    router = Router(name="other-groups")
    router.message.filter(GroupChat())
    router.callback_query.filter(GroupChat())

    @router.message()
    async def on_group_message(message: Message, bot: Bot, app: App) -> None:
        command = command_of(message.text or "")
        if command is None or command[0] not in {"start", "help"}:
            return  # ordinary group talk is none of our business
        me = await bot.me()
        user = message.from_user
        locale = locales.detect(user.language_code if user else None, app.languages)
        await message.reply(
            app.render(
                _(
                    "Hallo! Ich bin Schullotse. Familien schreiben mir bitte privat: @{bot}",
                    bot=me.username or "",
                ),
                locale,
            )
        )

    @router.callback_query()
    async def on_group_button(callback: CallbackQuery) -> None:
        await callback.answer()

    return router
