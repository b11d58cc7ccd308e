"""Assembles the bot: client, dispatcher, middlewares, routers, command menus."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession, Response
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import TelegramMethod
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, ErrorEvent

from bot.app import App
from bot.desks.volunteers import VolunteerDesk
from bot.telegram.membership import Membership
from bot.telegram.middlewares import FloodControl, OnePerUser, UnitOfWork
from bot.telegram.routers import groups, inline, parent, staff, volunteers
from dialogs import locales
from dialogs.parent.commands import PARENT_COMMANDS
from dialogs.text import _

log = logging.getLogger(__name__)


def make_bot(app: App) -> Bot:
    if not app.settings.bot_token:
        raise RuntimeError("BOT_TOKEN is not set")
    session = KeepingSession(api=TelegramAPIServer.from_base(app.settings.telegram_api_base))
    return Bot(app.settings.bot_token, session=session)


# aiogram validates every answer as `Response[<the method's result type>]`; pydantic keeps such
# parametrised classes only weakly, so between two answers the class is collected and the
# next answer builds its schema again (~0.3 ms each, bench/README.md). A strong reference,
# made at a method's first answer, keeps each. Not all ~185 at start: that cost ~60 ms and
# ~1.5 MiB before the first poll, for methods most runs never call.
_RESPONSE_TYPES: dict[Any, type] = {}


class KeepsResponseTypes(BaseSession):
    """Mixed into a session: keeps each method's response type from its first answer on."""

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        returning = method.__returning__
        if returning not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


class KeepingSession(KeepsResponseTypes, AiohttpSession):
    """aiogram's HTTP session, keeping the response types."""


def make_dispatcher(app: App) -> Dispatcher:
    # The dialog state lives in our own table; aiogram's FSM would only cost time per update.
    dp = Dispatcher(disable_fsm=True)
    staff_chats = frozenset(app.staff_chats)
    # Kreis-wide team work (initiatives, offers, announcements) stays in the default group.
    default_chat = app.staff_groups.default if app.staff_groups is not None else None
    dp.update.outer_middleware(
        FloodControl(
            app.settings.flood_rate,
            app.settings.flood_period,
            spared=lambda chat_id: chat_id in staff_chats,
        )
    )
    dp.update.outer_middleware(OnePerUser())
    dp.update.outer_middleware(UnitOfWork(app))
    # The staff router comes before the generic group router so a staff group is never
    # treated as an unknown group.
    membership = Membership(staff_chats, app.settings.membership_cache_seconds)
    # Initiatives' decisions come before the staff router (which answers every other
    # message and button in the staff group), initiative groups before the generic groups.
    desk = VolunteerDesk(app)
    dp.include_routers(
        parent.parent_router(),
        volunteers.initiative_decisions(desk, default_chat, membership),
        staff.staff_router(app, membership),
        volunteers.initiative_groups(desk, staff_chats, app.languages),
        groups.other_groups_router(),
        inline.inline_router(app),
    )
    dp.include_router(_errors_router(app))
    return dp


def _errors_router(app: App) -> Router:
    router = Router(name="errors")

    @router.errors()
    async def on_error(event: ErrorEvent, bot: Bot) -> bool:
        # Log the type only: exception messages can carry a parent's text.
        log.error("update %s failed: %s", event.update.update_id, type(event.exception).__name__)
        log.debug("details", exc_info=event.exception)
        update = event.update
        message = update.message or (
            update.callback_query.message if update.callback_query is not None else None
        )
        user = getattr(update.event, "from_user", None)
        if message is not None and message.chat.type == "private":
            locale = locales.detect(user.language_code if user else None, app.languages)
            try:
                await bot.send_message(
                    message.chat.id,
                    app.render(
                        _(
                            "Entschuldigung, da ist etwas schiefgegangen. "
                            "Bitte versuchen Sie es noch einmal."
                        ),
                        locale,
                    ),
                )
            except Exception:  # the apology must never raise again
                log.warning("could not send the apology")
        return True

    return router


def command_menus(app: App) -> dict[str | None, list[BotCommand]]:
    """The command menu per language Telegram may show it in (None: the default, German)."""
    menus: dict[str | None, list[BotCommand]] = {
        locale: [
            BotCommand(command=name, description=app.render(text, locale)[:256])
            for name, text in PARENT_COMMANDS
        ]
        for locale in app.languages
    }
    menus[None] = [
        BotCommand(command=n, description=app.render(t, "de")) for n, t in PARENT_COMMANDS
    ]
    return menus


async def set_commands(bot: Bot, app: App) -> int:
    """Set the menus that differ from what Telegram has; returns how many were set.

    Runs beside update handling, never before it: reading is cheap, and a restart with
    unchanged texts writes nothing.
    """
    scope = BotCommandScopeAllPrivateChats()
    changed = 0
    for locale, commands in command_menus(app).items():
        try:
            current = await bot.get_my_commands(scope=scope, language_code=locale)
            if [(c.command, c.description) for c in current] == [
                (c.command, c.description) for c in commands
            ]:
                continue
            await bot.set_my_commands(commands, scope=scope, language_code=locale)
            changed += 1
        except TelegramAPIError as exc:  # the menu is a convenience; the bot works without
            log.warning("command menu %s not set: %s", locale or "default", type(exc).__name__)
    return changed


def allowed_updates(dp: Dispatcher) -> list[str]:
    return dp.resolve_used_update_types()
