"""The tasks that run beside update handling, in both modes: outbox delivery, reminders,
housekeeping."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass

from aiogram import Bot

from bot.app import App
from bot.desks.cards import TopicCards
from bot.jobs.appointment_reminders import AppointmentReminderJob
from bot.jobs.housekeeping import Housekeeping
from bot.jobs.reminders import ReminderJob
from bot.outbox.worker import OutboxWorker
from bot.reports.documents import Documents
from bot.telegram.dispatcher import set_commands
from bot.telegram.rights import check_staff_group
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)

# How long a stop waits for a delivery pass to finish before cancelling it. Cancelling is
# safe: an undelivered outbox row stays queued (at worst one message is sent again).
BACKGROUND_STOP_SECONDS = 10.0


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


async def _staff_rights(app: App, bot: Bot) -> None:
    for chat_id in app.staff_chats:  # each group: the bot needs the same rights in all
        await check_staff_group(app, bot, chat_id)


async def _command_menus(app: App, bot: Bot) -> None:
    changed = await set_commands(bot, app)
    log.info("command menus: %d changed", changed)


def start_background(app: App, bot: Bot) -> Background:
    """Start delivery, reminders and housekeeping: polling once its first poll is answered
    (`poll_committed(on_started=…)`), the webhook server when it starts."""
    if app.staff_groups is None:
        log.warning("COUNSELLOR_CHAT_ID is not set: cases are stored but not posted")
    # Everything loaded so far lives for the whole run: freezing it keeps the collector
    # from rescanning aiogram's ~165 MiB on every full collection (PERFORMANCE.md).
    gc.collect()
    gc.freeze()
    stopping = asyncio.Event()
    worker = OutboxWorker(
        app.db,
        TelegramSender(bot),
        staff_groups=app.staff_groups,
        clock=app.clock,
        limits=app.send_limits,
        documents=Documents(app),
        cards=TopicCards(app),
        senders=app.settings.outbox_senders,
    )
    tasks = [
        asyncio.create_task(worker.run(stopping, app.settings.outbox_poll_seconds), name="outbox"),
        asyncio.create_task(ReminderJob(app).run(stopping), name="reminders"),
        asyncio.create_task(Housekeeping(app).run(stopping), name="housekeeping"),
        asyncio.create_task(_staff_rights(app, bot), name="staff-rights"),
        asyncio.create_task(
            AppointmentReminderJob(app).run(stopping), name="appointment-reminders"
        ),
        # After start-up, not before it: the first getUpdates must not wait for 17 menus.
        asyncio.create_task(_command_menus(app, bot), name="command-menus"),
    ]
    return Background(stopping, tasks)
