"""Runs the real bot (aiogram client, dispatcher, middlewares, outbox worker) against the fake
Bot API server, and lets a test talk to it as users would."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from sqlalchemy import select

from bot.app import App, build_app
from bot.config import Settings
from bot.desks.cards import TopicCards
from bot.outbox.limits import ChatLimits, Limits, limits_for
from bot.reports.documents import Documents
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher, set_commands
from bot.telegram.polling import poll_committed
from bot.telegram.render import Act
from bot.telegram.sender import TelegramSender
from dialogs.parent.screens import NAV
from storage import outbox
from storage.models import OutboxMessage
from tests.fakeapi import FakeBotAPI, FakeUser
from tests.fakeapi.limits import RateLimits
from tests.support.env import ROOT, TEST_KEY
from tests.support.signals import (
    Acknowledgements,
    Progress,
    SignallingWorker,
    report_finished_updates,
)

STAFF_CHAT = -1001000000001


@dataclass
class RunningBot:
    app: App
    bot: Bot
    dp: Dispatcher
    polling: asyncio.Task[None]
    worker: asyncio.Task[None]
    stop: asyncio.Event


@dataclass
class Harness:
    fake: FakeBotAPI
    database_url: str
    running: RunningBot | None = None
    extra_settings: dict[str, Any] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)
    # Telegram's own pacing (bot/outbox/limits.py), for tests against a limit-enforcing fake.
    production_limits: bool = False

    def __post_init__(self) -> None:
        # Kept across restarts: an update pushed before one is still owed an answer after it.
        self.acks = Acknowledgements(self.fake)
        self.fake.on_change(self.progress.poke)

    def _finished(self, update_id: int) -> None:
        self.acks.finished(update_id)
        self.progress.poke()

    def settings(self) -> Settings:
        defaults: dict[str, Any] = {
            "bot_token": self.fake.token,
            "telegram_api_base": self.fake.base_url,
            "database_url": self.database_url,
            "counsellor_chat_id": STAFF_CHAT,
            "data_key": TEST_KEY,
            "locales_dir": ROOT / "locales",
            "outbox_poll_seconds": 0.05,
            # A test presses the next button the moment the bot is done, far faster than a
            # person: flood control (tested in test_middlewares.py) would drop its updates.
            "flood_rate": 10_000,
        }
        if not self.production_limits:
            # The group pacing below (5 per 0.1 s), so that what the bot tells a family about
            # the staff group's queue matches how fast it really goes here.
            defaults["send_interval_group"] = 0.02
        return Settings(**(defaults | self.extra_settings))

    @property
    def app(self) -> App:
        assert self.running is not None
        return self.running.app

    async def start(self) -> None:
        mark = self.fake.mark()
        app = await build_app(self.settings())
        bot = make_bot(app)
        dp = make_dispatcher(app)
        report_finished_updates(dp, self._finished)
        await set_commands(bot, app)
        stop = asyncio.Event()
        # Telegram's 20/min per group would make every staff test take minutes; the pacing
        # itself is tested against a limit-enforcing fake (`telegram_limits=True`).
        limits: Limits = (
            limits_for(app.db, app.settings)
            if self.production_limits
            else ChatLimits(per_group=(5, 0.1), per_private_chat=(20, 1))
        )
        app.limits = limits  # replies and deliveries share it, as in production
        worker = SignallingWorker(
            app.db,
            TelegramSender(bot),
            staff_groups=app.staff_groups,
            limits=limits,
            after_pass=self.progress.poke,
            documents=Documents(app),
            cards=TopicCards(app),
            senders=app.settings.outbox_senders,
        )
        self.running = RunningBot(
            app=app,
            bot=bot,
            dp=dp,
            polling=asyncio.create_task(
                poll_committed(
                    dp, bot, stop=stop, polling_timeout=1, allowed_updates=allowed_updates(dp)
                )
            ),
            worker=asyncio.create_task(worker.run(stop, 0.05)),
            stop=stop,
        )
        # Polling has started once the first long poll arrives; stopping earlier would race.
        await self.fake.wait_for("getUpdates", since=mark)

    async def stop(self) -> None:
        running, self.running = self.running, None
        if running is None:
            return
        running.stop.set()
        await asyncio.wait_for(running.polling, 10)
        await asyncio.wait_for(running.worker, 10)
        await running.bot.session.close()
        await running.app.close()

    async def restart(self) -> None:
        """A new process: nothing survives but the database."""
        await self.stop()
        await self.start()

    async def settle(self, within: float = 60.0) -> None:
        """Wait until the bot is done: every pushed update finished (committed, its replies
        sent), the outbox empty (rows waiting to be retried included: they are waited for)
        and no request to the fake still being answered.

        Woken by those events (see signals.py), never by a timer; `within` only turns a hang
        into a failure that says what is still pending.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            changed = self.progress.next()
            if await self._done():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"not settled after {within}s:\n{await self.pending()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _done(self) -> bool:
        if self.acks.outstanding() or self.fake.in_flight:
            return False
        async with self.app.db.transaction() as tx:
            if await outbox.pending_count(tx):
                return False
        # An update pushed (or a request begun) while the outbox was read counts as well.
        return not self.acks.outstanding() and not self.fake.in_flight

    async def pending(self) -> str:
        """What the bot still owes, for a failure message."""
        lines = [f"updates not finished: {self.acks.outstanding() or 'none'}"]
        lines += [f"request in flight: {call}" for call in self.fake.requests_in_flight()]
        async with self.app.db.transaction() as tx:
            rows = (
                await tx.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.delivered_at.is_(None))
                    .order_by(OutboxMessage.id)
                )
            ).all()
        lines += [
            f"outbox row {r.id} ({r.kind} to {r.chat_id}): {r.attempts} attempts, next at"
            f" {r.next_attempt_at:%H:%M:%S}, leased until {r.lease_until}, last error"
            f" {r.last_error!r}"
            for r in rows[:20]
        ]
        if len(rows) > 20:
            lines.append(f"... and {len(rows) - 20} more outbox rows")
        lines.append(f"recent requests:\n  {self.fake.describe_recent()}")
        return "\n".join(lines)

    # -- what a user does -------------------------------------------------------------

    async def say(self, user: FakeUser, text: str) -> None:
        self.fake.push_text(user, text)
        await self.settle()

    async def command(self, user: FakeUser, command: str, args: str | None = None) -> None:
        self.fake.push_command(user, command, args=args)
        await self.settle()

    async def press(self, user: FakeUser, label: str) -> None:
        self.fake.push_button(user, label)
        await self.settle()

    async def press_action(self, user: FakeUser, action: str) -> None:
        """Press the button carrying `action` on the newest bot message that shows it."""
        push_parent_action(self.fake, user, action)
        await self.settle()

    def texts_to(self, chat_id: int, thread_id: int | None = None) -> list[str]:
        return [
            m.get("text") or m.get("caption") or ""
            for m in self.fake.messages_to(chat_id, thread_id)
        ]

    def last_text_to(self, chat_id: int) -> str:
        texts = self.texts_to(chat_id)
        return texts[-1] if texts else ""


@contextlib.asynccontextmanager
async def running_bot(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    *,
    telegram_limits: bool = False,
    rate_limits: RateLimits | None = None,
    **settings: Any,
):
    """`telegram_limits`: the fake answers 429 as Telegram would (`rate_limits`, default
    Telegram's), and the bot paces its messages as in production."""
    async with FakeBotAPI(enforce_rate_limits=telegram_limits, rate_limits=rate_limits) as fake:
        fake.add_forum_chat(STAFF_CHAT, "KI Beratung")
        database_url = settings.pop(
            "database_url", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        )
        harness = Harness(
            fake, database_url, extra_settings=settings, production_limits=telegram_limits
        )
        await harness.start()
        try:
            yield harness
        finally:
            await harness.stop()
        fake.assert_no_violations()


def push_parent_action(fake: FakeBotAPI, user: FakeUser, action: str) -> dict[str, Any]:
    """Press the parent's button carrying `action`, on a navigation screen too (whose buttons
    carry it marked, dialogs/parent/screens.NAV)."""
    try:
        return fake.push_button_data(user, Act(a=action).pack())
    except AssertionError:
        return fake.push_button_data(user, Act(a=NAV + action).pack())
