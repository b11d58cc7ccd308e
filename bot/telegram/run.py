"""Running the Telegram channel: long polling plus the outbox worker in one process."""

from __future__ import annotations

import asyncio
import gc
import logging

from bot.app import App
from bot.delivery import OutboxWorker
from bot.reminders import ReminderJob
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher, set_commands
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)


async def run_polling(app: App) -> None:
    bot = make_bot(app)
    dp = make_dispatcher(app)
    stop = asyncio.Event()
    worker = OutboxWorker(
        app.db, TelegramSender(bot), staff_chat_id=app.settings.counsellor_chat_id
    )
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await set_commands(bot, app)
        if app.settings.counsellor_chat_id is None:
            log.warning("COUNSELLOR_CHAT_ID is not set: cases are stored but not posted")
        # Everything loaded so far lives for the whole run: freezing it keeps the collector
        # from rescanning aiogram's ~165 MiB on every full collection (PERFORMANCE.md).
        gc.collect()
        gc.freeze()
        background = [
            asyncio.create_task(worker.run(stop, app.settings.outbox_poll_seconds), name="outbox"),
            asyncio.create_task(ReminderJob(app).run(stop), name="reminders"),
        ]
        try:
            await dp.start_polling(bot, allowed_updates=allowed_updates(dp), handle_signals=True)
        finally:
            stop.set()
            await asyncio.gather(*background)
    finally:
        await bot.session.close()
