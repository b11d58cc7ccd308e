"""Running the Telegram channel: long polling or the webhook server, each with the outbox
worker and the reminder job in the same process."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from dataclasses import dataclass

from aiogram import Bot

from bot.app import App
from bot.delivery import OutboxWorker
from bot.housekeeping import Housekeeping
from bot.reminders import ReminderJob
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher, set_commands
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)

# How long a stop waits for a delivery pass to finish before cancelling it. Cancelling is
# safe: an undelivered outbox row stays queued (at worst one message is sent again).
BACKGROUND_STOP_SECONDS = 10.0
# How long the webhook server waits for updates in flight on SIGTERM. One that is cut off
# was never acknowledged, so Telegram delivers it again.
WEBHOOK_SHUTDOWN_SECONDS = 10.0


@dataclass
class Background:
    """The tasks that run beside update handling: outbox delivery and reminders."""

    stopping: asyncio.Event
    tasks: list[asyncio.Task[None]]

    async def stop(self, timeout: float = BACKGROUND_STOP_SECONDS) -> None:  # noqa: ASYNC109
        self.stopping.set()
        done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for task in pending:
            log.warning("background task %s did not stop in time, cancelling", task.get_name())
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                log.error("background task %s failed", task.get_name(), exc_info=task.exception())


def start_background(app: App, bot: Bot) -> Background:
    """Start delivery, reminders and housekeeping; both modes call this once all is loaded."""
    if app.settings.counsellor_chat_id is None:
        log.warning("COUNSELLOR_CHAT_ID is not set: cases are stored but not posted")
    # Everything loaded so far lives for the whole run: freezing it keeps the collector
    # from rescanning aiogram's ~165 MiB on every full collection (PERFORMANCE.md).
    gc.collect()
    gc.freeze()
    stopping = asyncio.Event()
    worker = OutboxWorker(
        app.db,
        TelegramSender(bot),
        staff_chat_id=app.settings.counsellor_chat_id,
        limits=app.send_limits,
    )
    tasks = [
        asyncio.create_task(worker.run(stopping, app.settings.outbox_poll_seconds), name="outbox"),
        asyncio.create_task(ReminderJob(app).run(stopping), name="reminders"),
        asyncio.create_task(Housekeeping(app).run(stopping), name="housekeeping"),
    ]
    return Background(stopping, tasks)


async def run_polling(app: App) -> None:
    bot = make_bot(app)
    dp = make_dispatcher(app)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await set_commands(bot, app)
        background = start_background(app, bot)
        try:
            await dp.start_polling(bot, allowed_updates=allowed_updates(dp), handle_signals=True)
        finally:
            await background.stop()
    finally:
        await bot.session.close()


async def run_webhook(app: App) -> None:
    """Serve the webhook on WEBHOOK_HOST:WEBHOOK_PORT until SIGTERM or SIGINT."""
    from aiohttp import web

    # Imported here: webhook.py imports start_background from this module.
    from bot.telegram.webhook import WebhookError, make_webhook_app, webhook_path

    settings = app.settings
    # access_log=None: every update and every health probe would be a line; the reverse
    # proxy keeps the access log.
    runner = web.AppRunner(
        make_webhook_app(app), access_log=None, shutdown_timeout=WEBHOOK_SHUTDOWN_SECONDS
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Installed before startup, so a SIGTERM during startup still ends in a clean stop.
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await runner.setup()
        site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        try:
            await site.start()
        except OSError as exc:
            raise WebhookError(
                f"cannot listen on {settings.webhook_host}:{settings.webhook_port}: {exc.strerror}"
            ) from None
        log.info(
            "serving the webhook on %s:%s%s",
            settings.webhook_host,
            settings.webhook_port,
            webhook_path(settings),
        )
        await stop.wait()
        log.info("stopping: finishing updates in flight")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await runner.cleanup()
