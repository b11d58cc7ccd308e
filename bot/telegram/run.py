"""Running the Telegram channel: long polling or the webhook server, each with the outbox
worker and the reminder job in the same process."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from typing import TYPE_CHECKING

from bot.app import App
from bot.telegram.background import Background, start_background
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher
from bot.telegram.polling import poll_committed

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

# How long the webhook server waits for updates in flight on SIGTERM. One that is cut off
# was never acknowledged, so Telegram delivers it again.
WEBHOOK_SHUTDOWN_SECONDS = 10.0


async def run_polling(app: App) -> None:
    """Long polling until SIGTERM or SIGINT; updates are confirmed only once handled."""
    bot = make_bot(app)
    dp = make_dispatcher(app)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        started: list[Background] = []
        gc.enable()  # paused for the start-up (bot/cli.py)
        try:
            # Delivery, reminders, menus and the rights check start once the first poll is
            # answered: families' updates waiting since the restart come first.
            await poll_committed(
                dp,
                bot,
                stop=stop,
                allowed_updates=allowed_updates(dp),
                on_started=lambda: started.append(start_background(app, bot)),
            )
        finally:
            for background in started:
                await background.stop()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await bot.session.close()


async def run_webhook(app: App) -> None:
    """Serve the webhook on WEBHOOK_HOST:WEBHOOK_PORT and /healthz on
    WEBHOOK_HEALTH_HOST:WEBHOOK_HEALTH_PORT until SIGTERM or SIGINT."""
    # aiohttp's server side is imported here: long polling, the usual way, never serves.
    from aiohttp import web

    from bot.telegram.health import HEALTH_PATH, make_health_app
    from bot.telegram.webhook import make_webhook_app, webhook_path

    settings = app.settings
    # access_log=None: every update and every health probe would be a line; the reverse
    # proxy keeps the access log.
    runner = web.AppRunner(
        make_webhook_app(app), access_log=None, shutdown_timeout=WEBHOOK_SHUTDOWN_SECONDS
    )
    health = web.AppRunner(make_health_app(app), access_log=None)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Installed before startup, so a SIGTERM during startup still ends in a clean stop.
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    gc.enable()  # paused for the start-up (bot/cli.py)
    try:
        await runner.setup()  # sets the webhook and starts the background tasks
        await health.setup()
        # The health check listens last: "healthy" means the webhook is served.
        for serving, host, port in (
            (runner, settings.webhook_host, settings.webhook_port),
            (health, settings.webhook_health_host, settings.webhook_health_port),
        ):
            await _listen(serving, host, port)
        log.info(
            "serving the webhook on %s:%s%s, %s on %s:%s",
            settings.webhook_host,
            settings.webhook_port,
            webhook_path(settings),
            HEALTH_PATH,
            settings.webhook_health_host,
            settings.webhook_health_port,
        )
        await stop.wait()
        log.info("stopping: finishing updates in flight")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await health.cleanup()
        await runner.cleanup()


async def _listen(runner: web.AppRunner, host: str, port: int) -> None:
    from aiohttp import web

    from bot.telegram.webhook import WebhookError

    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        raise WebhookError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
