"""Serving Telegram's webhook: the update route, startup and shutdown.

Telegram posts each update to WEBHOOK_URL with the secret in a header; aiogram's
`SimpleRequestHandler` checks it (401 otherwise) and feeds the update to the same dispatcher
as polling. The background tasks (outbox worker, reminders) are the ones polling runs. The
health check is not on this (public) port: see bot/telegram/health.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import App
from bot.config import Settings
from bot.telegram.background import start_background
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher
from bot.telegram.webhook_config import webhook_path, webhook_problem

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("schullotse_app", App)


class WebhookError(RuntimeError):
    """The webhook could not be set up; the message is for the operator (no secrets)."""


def make_webhook_app(app: App) -> web.Application:
    """The aiohttp application; run it with `bot.telegram.run.run_webhook`."""
    if problem := webhook_problem(app.settings):
        raise WebhookError(problem)
    bot = make_bot(app)
    dp = make_dispatcher(app)
    web_app = web.Application()
    web_app[APP_KEY] = app
    # handle_in_background=False: Telegram gets its 200 only after the update's transaction
    # committed, so an update cut off by a restart is delivered again instead of lost.
    handler = SimpleRequestHandler(
        dp, bot, handle_in_background=False, secret_token=app.settings.webhook_secret
    )

    async def receive(request: web.Request) -> web.StreamResponse:
        try:
            return await handler.handle(request)
        except ValueError as exc:  # not JSON, or not an Update (pydantic's error is one too)
            # Skipped with 200, as polling skips it: Telegram would resend it in vain and
            # hold back the updates behind it. The type only: the body may carry a parent's
            # text, and pydantic's message quotes it.
            log.warning("skipped an unreadable update (%s)", type(exc).__name__)
            return web.json_response({})

    # Not handler.register(): it closes the bot session on_shutdown, before aiohttp waits
    # for in-flight updates whose replies still need it. _lifecycle closes it afterwards.
    web_app.router.add_post(webhook_path(app.settings), receive)
    # The dispatcher's startup/shutdown hooks run as they do with polling.
    setup_application(web_app, dp, bot=bot)
    web_app.cleanup_ctx.append(lambda _web_app: _lifecycle(app, bot, dp))
    return web_app


async def _lifecycle(app: App, bot: Bot, dp: Dispatcher) -> AsyncIterator[None]:
    """Startup before the first request; teardown after the last one has finished."""
    settings = app.settings
    try:
        await _set_webhook(bot, dp, settings)
        background = start_background(app, bot)
        try:
            yield
        finally:
            await background.stop()
            # No delete_webhook: during a rolling restart the next instance already serves
            # it, and Telegram keeps pending updates until someone answers.
    finally:
        await bot.session.close()


async def _set_webhook(bot: Bot, dp: Dispatcher, settings: Settings) -> None:
    assert settings.webhook_url is not None  # checked by webhook_problem
    try:
        # Every start sets it again: the secret and the update types may have changed.
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=allowed_updates(dp),
            drop_pending_updates=False,
        )
    except TelegramAPIError as exc:
        # Telegram's description names the problem (bad URL, certificate, port), never the
        # secret; the exception itself would carry the request with it.
        raise WebhookError(
            f"Telegram refused the webhook {settings.webhook_url}: {exc.message}"
        ) from None
    log.info("webhook set to %s", settings.webhook_url)
