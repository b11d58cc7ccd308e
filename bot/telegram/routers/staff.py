"""The counsellors' group: case topics, relay to families, buttons on case cards.

Every action is checked twice: the user must be a member of the staff group (asked from
Telegram, cached briefly), and a button must belong to the topic it was pressed in, so a
forged or copied button cannot act on another case.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message, ReactionTypeEmoji
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.staff_actions import MediaRef, StaffReply, on_button, on_message
from bot.staff_desk import Actor, StaffDesk
from bot.telegram.events import command_of, content_kind
from bot.telegram.filters import ChatIs
from bot.telegram.keyboards import StaffAct
from bot.telegram.membership import Membership
from bot.telegram.responder import Responder

NOT_STAFF = "Nur für das Beratungsteam."
EDIT_NOT_RELAYED = (
    "Änderungen an gesendeten Nachrichten erreichen die Familie nicht. Bitte neu schreiben."
)
CAPTIONABLE = {"photo", "document", "video", "audio", "voice", "animation"}


def _thread_of(message: Message | None) -> int | None:
    if message is None or not getattr(message, "is_topic_message", False):
        return None
    return message.message_thread_id


def staff_router(app: App, membership: Membership) -> Router:
    router = Router(name="staff")
    for observer in (router.message, router.edited_message, router.callback_query):
        observer.filter(ChatIs(app.settings.counsellor_chat_id))
    desk = StaffDesk(app)

    @router.message()
    async def on_staff_message(
        message: Message, bot: Bot, session: AsyncSession, responder: Responder
    ) -> None:
        user = message.from_user
        if user is None or user.is_bot or not await membership.is_counsellor(bot, user.id):
            return  # strangers (and anonymous posts) get nothing, not even an error
        thread = _thread_of(message)
        media = None
        if message.text is None:
            media = MediaRef(
                message.chat.id,
                message.message_id,
                message.caption,
                content_kind(message) in CAPTIONABLE,
            )
        reply = await on_message(
            desk,
            session,
            await desk.case_for_topic(session, thread),
            Actor(user.id, user.first_name),
            command=command_of(message.text or ""),
            text=message.text,
            media=media,
        )
        if reply.text:
            responder.staff(message.chat.id, thread, reply.text, reply.buttons)
        if reply.relayed:
            responder.react(message.chat.id, message.message_id, ReactionTypeEmoji(emoji="👍"))

    @router.edited_message()
    async def on_staff_edit(message: Message, bot: Bot, responder: Responder) -> None:
        user = message.from_user
        if user is not None and await membership.is_counsellor(bot, user.id):
            responder.staff(message.chat.id, _thread_of(message), EDIT_NOT_RELAYED)

    @router.callback_query(StaffAct.filter())
    async def on_staff_button(
        callback: CallbackQuery,
        callback_data: StaffAct,
        bot: Bot,
        session: AsyncSession,
        responder: Responder,
    ) -> None:
        if not await membership.is_counsellor(bot, callback.from_user.id):
            responder.toast(callback, NOT_STAFF)
            return
        message = callback.message if isinstance(callback.message, Message) else None
        thread = _thread_of(message)
        reply: StaffReply = await on_button(
            desk,
            session,
            callback_data.v,
            Actor(callback.from_user.id, callback.from_user.first_name),
            thread,
        )
        responder.toast(callback, reply.toast)
        if message is not None and reply.text:
            responder.staff(message.chat.id, thread, reply.text, reply.buttons)
        if message is not None and reply.edit:
            responder.staff_edit(message.chat.id, message.message_id, reply.edit)

    @router.callback_query()
    async def on_foreign_button(callback: CallbackQuery, responder: Responder) -> None:
        responder.toast(callback, None)

    return router
