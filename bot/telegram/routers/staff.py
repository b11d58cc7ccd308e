"""The counsellors' group: case topics, relay to families, buttons on case cards.

Every staff group of the Kreis (COUNSELLOR_CHAT_ID, STAFF_GROUPS) is served here alike. Every
action is checked twice: the user must be a member of the staff group they act in (asked from
Telegram, cached briefly), and a button or command acts only on the case whose topic it was
pressed or written in, in that group (checked by `bot/desks/staff.py`), so a forged or copied
button cannot act on another case, nor on a case of another group.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message, ReactionTypeEmoji

from bot.app import App
from bot.commands import command_of
from bot.desks.staff import StaffDesk, Where, action_of_message
from bot.telegram.events import CAPTIONABLE, RELAYABLE, content_kind
from bot.telegram.filters import ChatIs
from bot.telegram.membership import Membership
from bot.telegram.render import StaffAct
from bot.telegram.responder import Responder
from dialogs.reply import Reply
from dialogs.staff.actions import SendFile
from dialogs.staff.decide import StaffOutcome
from dialogs.text import Raw
from storage import Tx

NOT_STAFF = "Nur für das Beratungsteam."
EDIT_NOT_RELAYED = (
    "Änderungen an gesendeten Nachrichten erreichen die Familie nicht. Bitte neu schreiben."
)


def _thread_of(message: Message | None) -> int | None:
    if message is None or not getattr(message, "is_topic_message", False):
        return None
    return message.message_thread_id


def _show(responder: Responder, chat_id: int, thread: int | None, outcome: StaffOutcome) -> None:
    for reply in outcome.replies:
        responder.staff(chat_id, thread, reply)


def staff_router(app: App, membership: Membership) -> Router:
    router = Router(name="staff")
    for observer in (router.message, router.edited_message, router.callback_query):
        observer.filter(ChatIs(*app.staff_chats))
    desk = StaffDesk(app)

    @router.message()
    async def on_staff_message(message: Message, bot: Bot, tx: Tx, responder: Responder) -> None:
        user = await membership.sender_if_counsellor(bot, message)
        if user is None:
            return  # anonymous posts and strangers get nothing, not even an error
        thread = _thread_of(message)
        media = None
        if message.text is None:
            if content_kind(message) not in RELAYABLE:
                return  # a pin, a topic renamed or closed by hand: nothing for the family
            media = SendFile(
                (message.chat.id, message.message_id),
                message.caption,
                content_kind(message) in CAPTIONABLE,
            )
        action = action_of_message(command_of(message.text or ""), message.text, media)
        if action is None:
            return
        actor = await desk.actor(tx, user.id, user.first_name)
        outcome = await desk.on_message(tx, Where(message.chat.id, thread), actor, action)
        _show(responder, message.chat.id, thread, outcome)
        if outcome.relayed:
            responder.react(message.chat.id, message.message_id, ReactionTypeEmoji(emoji="👍"))

    @router.edited_message()
    async def on_staff_edit(message: Message, bot: Bot, responder: Responder) -> None:
        user = message.from_user
        if user is not None and await membership.is_counsellor(bot, user.id, message.chat.id):
            responder.staff(message.chat.id, _thread_of(message), Reply(Raw(EDIT_NOT_RELAYED)))

    @router.callback_query(StaffAct.filter())
    async def on_staff_button(
        callback: CallbackQuery,
        callback_data: StaffAct,
        bot: Bot,
        tx: Tx,
        responder: Responder,
    ) -> None:
        assert callback.message is not None  # ChatIs() let the button through
        chat_id = callback.message.chat.id
        if not await membership.is_counsellor(bot, callback.from_user.id, chat_id):
            responder.toast(callback, NOT_STAFF)
            return
        # Too old to be read (InaccessibleMessage): no topic, so no case to act on.
        message = callback.message if isinstance(callback.message, Message) else None
        thread = _thread_of(message)
        actor = await desk.actor(tx, callback.from_user.id, callback.from_user.first_name)
        outcome = await desk.on_button(tx, Where(chat_id, thread), actor, callback_data.v)
        responder.toast(callback, outcome.toast)
        _show(responder, chat_id, thread, outcome)
        if outcome.edit and message is not None:
            responder.staff_edit(chat_id, message.message_id, outcome.edit)

    @router.callback_query()
    async def on_foreign_button(callback: CallbackQuery, responder: Responder) -> None:
        responder.toast(callback, None)

    return router
