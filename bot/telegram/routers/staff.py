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
from bot.staff_desk import Actor, StaffDesk
from bot.telegram.events import command_of, content_kind
from bot.telegram.filters import ChatIs
from bot.telegram.keyboards import StaffAct
from bot.telegram.membership import Membership
from bot.telegram.responder import Responder
from dialogs.staff import commands as cmd
from storage import repo
from storage.models import Case, StaffDraft

NOT_STAFF = "Nur für das Beratungsteam."
EDIT_NOT_RELAYED = (
    "Änderungen an gesendeten Nachrichten erreichen die Familie nicht. Bitte neu schreiben."
)
OVERRIDE_HELP = (
    "Einschätzung ändern: /einschaetzung <Stufe> <Begründung>\n"
    "Stufen: grundschule, sek1, berufskolleg, kita, keine"
)
CAPTIONABLE = {"photo", "document", "video", "audio", "voice", "animation"}


def staff_router(app: App, membership: Membership) -> Router:
    router = Router(name="staff")
    router.message.filter(ChatIs(app.settings.counsellor_chat_id))
    router.edited_message.filter(ChatIs(app.settings.counsellor_chat_id))
    router.callback_query.filter(ChatIs(app.settings.counsellor_chat_id))
    desk = StaffDesk(app)

    @router.message()
    async def on_message(
        message: Message, bot: Bot, session: AsyncSession, responder: Responder
    ) -> None:
        user = message.from_user
        if user is None or user.is_bot or not await membership.is_counsellor(bot, user.id):
            return  # strangers (and anonymous posts) get nothing, not even an error
        actor = Actor(user.id, user.first_name)
        thread = message.message_thread_id if message.is_topic_message else None
        case = await desk.case_for_topic(session, thread)
        command = command_of(message.text or "")
        staff_command = cmd.parse_staff_command(*command) if command else None
        reply: str | None = None
        buttons = None
        match staff_command:
            case cmd.Help():
                reply = cmd.HELP_TEXT
            case cmd.Queue():
                reply = await desk.queue(session)
            case cmd.ShowName(show=show):
                reply = await desk.set_show_name(session, actor, show)
            case cmd.Invalid(hint=hint):
                reply = hint
            case _ if case is None:
                if staff_command is not None:
                    reply = "Das geht nur im Thema eines Falls."
            case cmd.Note():
                reply = await desk.note(session, case, actor)
            case cmd.Templates():
                reply, buttons = desk.template_list(case)
            case cmd.UseTemplate(key=key, values=values):
                reply, buttons = await desk.template_preview(session, case, actor, key, values)
            case cmd.Override(stage=stage, reason=reason):
                reply = await desk.override(session, case, actor, stage, reason)
            case None if command is not None:
                reply = "Unbekannter Befehl. /hilfe zeigt, was geht."
            case None if message.text is not None:
                reply = await desk.relay_text(session, case, actor, message.text)
            case None:
                captionable = content_kind(message) in CAPTIONABLE
                reply = await desk.relay_copy(
                    session,
                    case,
                    actor,
                    from_chat_id=message.chat.id,
                    message_id=message.message_id,
                    caption=message.caption,
                    captionable=captionable,
                )
        if reply is not None:
            responder.staff(message.chat.id, thread, reply, buttons)
        elif case is not None and staff_command is None:
            responder.react(message.chat.id, message.message_id, ReactionTypeEmoji(emoji="👍"))

    @router.edited_message()
    async def on_edit(message: Message, bot: Bot, responder: Responder) -> None:
        user = message.from_user
        if user is None or not await membership.is_counsellor(bot, user.id):
            return
        thread = message.message_thread_id if message.is_topic_message else None
        responder.staff(
            message.chat.id,
            thread,
            EDIT_NOT_RELAYED,
        )

    @router.callback_query(StaffAct.filter())
    async def on_button(
        callback: CallbackQuery,
        callback_data: StaffAct,
        bot: Bot,
        session: AsyncSession,
        responder: Responder,
    ) -> None:
        if not await membership.is_counsellor(bot, callback.from_user.id):
            responder.toast(callback, NOT_STAFF)
            return
        verb, _sep, rest = callback_data.v.partition(".")
        case_part, _sep, arg = rest.partition(".")
        thread = getattr(callback.message, "message_thread_id", None)
        case = await _case_of_button(session, verb, case_part, thread)
        if case is None:
            responder.toast(callback, "Dieser Knopf gehört zu keinem Fall in diesem Thema.")
            return
        actor = Actor(callback.from_user.id, callback.from_user.first_name)
        chat_id = callback.message.chat.id if callback.message else 0
        match verb:
            case "claim":
                responder.toast(callback, await desk.claim(session, case, actor))
            case "close":
                responder.toast(callback, await desk.close(session, case, actor))
            case "reopen":
                responder.toast(callback, await desk.reopen(session, case, actor))
            case "est":
                responder.toast(callback, "Siehe Anleitung im Thema.")
                responder.staff(
                    chat_id,
                    thread,
                    "Einschätzung ändern: /einschaetzung <Stufe> <Begründung>\n"
                    "Stufen: grundschule, sek1, berufskolleg, kita, keine",
                )
            case "tpls":
                text, buttons = desk.template_list(case)
                responder.toast(callback, None)
                responder.staff(chat_id, thread, text, buttons)
            case "tpl":
                text, buttons = await desk.template_preview(session, case, actor, arg, ())
                responder.toast(callback, None)
                responder.staff(chat_id, thread, text, buttons)
            case "send" | "drop":
                result = await desk.template_send(
                    session, int(case_part), case, actor, send=verb == "send"
                )
                responder.toast(callback, result[:200])
                if callback.message is not None:
                    responder.staff_edit(chat_id, callback.message.message_id, result)
            case _:
                responder.toast(callback, "Unbekannter Knopf.")

    @router.callback_query()
    async def on_foreign_button(callback: CallbackQuery, responder: Responder) -> None:
        responder.toast(callback, None)

    return router


async def _case_of_button(
    session: AsyncSession, verb: str, case_part: str, thread: int | None
) -> Case | None:
    """The case a button acts on, only if it is the case of the topic it was pressed in."""
    if not case_part.isdigit():
        return None
    if verb in {"send", "drop"}:
        draft = await session.get(StaffDraft, int(case_part))
        case = await repo.case_by_id(session, draft.case_id) if draft else None
    else:
        case = await repo.case_by_id(session, int(case_part))
    if case is None or thread is None or case.topic_id != thread:
        return None
    return case
