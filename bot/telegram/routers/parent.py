"""Parents, in private chats: every update becomes a dialog event."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.app import App
from bot.desks.parent import handle_parent_event
from bot.telegram.events import event_from_message
from bot.telegram.filters import PrivateChat
from bot.telegram.render import Act
from bot.telegram.responder import Responder
from bot.updates import UpdateMark
from dialogs.parent.events import Edited, Event, Press
from storage import Tx
from storage.records import FamilyRecord


async def _run(
    app: App,
    tx: Tx,
    responder: Responder,
    *,
    user_id: int,
    chat_id: int,
    event: Event,
    language: str | None,
    family: FamilyRecord | None,
    mark: UpdateMark | None,
    callback: CallbackQuery | None = None,
) -> None:
    outcome = await handle_parent_event(
        app,
        tx,
        user_id=user_id,
        chat_id=chat_id,
        event=event,
        client_language=language,
        family=family,
        mark=mark,
    )
    responder.outcome(outcome, chat_id=chat_id, callback=callback)


async def on_message(
    message: Message,
    app: App,
    tx: Tx,
    responder: Responder,
    family: FamilyRecord | None = None,
    update_mark: UpdateMark | None = None,
) -> None:
    if message.from_user is None or message.from_user.is_bot:
        return
    await _run(
        app,
        tx,
        responder,
        user_id=message.from_user.id,
        chat_id=message.chat.id,
        event=event_from_message(message),
        language=message.from_user.language_code,
        family=family,
        mark=update_mark,
    )


async def on_edit(
    message: Message,
    app: App,
    tx: Tx,
    responder: Responder,
    family: FamilyRecord | None = None,
    update_mark: UpdateMark | None = None,
) -> None:
    if message.from_user is None:
        return
    await _run(
        app,
        tx,
        responder,
        user_id=message.from_user.id,
        chat_id=message.chat.id,
        event=Edited(),
        language=message.from_user.language_code,
        family=family,
        mark=update_mark,
    )


async def on_button(
    callback: CallbackQuery,
    callback_data: Act,
    app: App,
    tx: Tx,
    responder: Responder,
    family: FamilyRecord | None = None,
    update_mark: UpdateMark | None = None,
) -> None:
    await _press(callback, callback_data.a, app, tx, responder, family, update_mark)


async def on_unknown_button(
    callback: CallbackQuery,
    app: App,
    tx: Tx,
    responder: Responder,
    family: FamilyRecord | None = None,
    update_mark: UpdateMark | None = None,
) -> None:
    """Callback data we did not make (forged, or from an old bot version): a stale button."""
    await _press(callback, "?", app, tx, responder, family, update_mark)


async def _press(
    callback: CallbackQuery,
    action: str,
    app: App,
    tx: Tx,
    responder: Responder,
    family: FamilyRecord | None,
    mark: UpdateMark | None,
) -> None:
    assert callback.message is not None  # guaranteed by PrivateChat()
    await _run(
        app,
        tx,
        responder,
        user_id=callback.from_user.id,
        chat_id=callback.message.chat.id,
        event=Press(action),
        language=callback.from_user.language_code,
        family=family,
        mark=mark,
        callback=callback,
    )


def parent_router() -> Router:
    """A new router per dispatcher: aiogram attaches a router to exactly one parent."""
    router = Router(name="parent")
    for observer in (router.message, router.edited_message, router.callback_query):
        observer.filter(PrivateChat())
    router.message.register(on_message)
    router.edited_message.register(on_edit)
    router.callback_query.register(on_button, Act.filter())
    router.callback_query.register(on_unknown_button)
    return router
