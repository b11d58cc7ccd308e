"""Runs the real bot (aiogram client, dispatcher, middlewares, outbox worker) against the fake
Bot API server, and lets a test talk to it as users would."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import App, build_app
from bot.config import Settings
from bot.outbox.limits import ChatLimits
from bot.outbox.worker import OutboxWorker
from bot.reports.documents import Documents
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher, set_commands
from bot.telegram.render import Act
from bot.telegram.sender import TelegramSender
from storage import outbox
from tests.fakeapi import FakeBotAPI, FakeUser
from tests.support.env import ROOT, TEST_KEY

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

    def settings(self) -> Settings:
        return Settings(
            bot_token=self.fake.token,
            telegram_api_base=self.fake.base_url,
            database_url=self.database_url,
            counsellor_chat_id=STAFF_CHAT,
            data_key=TEST_KEY,
            locales_dir=ROOT / "locales",
            outbox_poll_seconds=0.05,
            **self.extra_settings,
        )

    @property
    def app(self) -> App:
        assert self.running is not None
        return self.running.app

    async def start(self) -> None:
        mark = self.fake.mark()
        app = await build_app(self.settings())
        bot = make_bot(app)
        dp = make_dispatcher(app)
        await set_commands(bot, app)
        stop = asyncio.Event()
        # Telegram's 20/min per group would make every staff test take minutes; the pacing
        # itself is tested against a limit-enforcing fake in test_delivery_faults.py.
        limits = ChatLimits(per_group=(5, 0.1), per_private_chat=(20, 1))
        app.limits = limits  # replies and deliveries share it, as in production
        worker = OutboxWorker(
            app.db,
            TelegramSender(bot),
            staff_chat_id=STAFF_CHAT,
            limits=limits,
            documents=Documents(app),
        )
        self.running = RunningBot(
            app=app,
            bot=bot,
            dp=dp,
            polling=asyncio.create_task(
                dp.start_polling(
                    bot,
                    polling_timeout=1,
                    handle_signals=False,
                    allowed_updates=allowed_updates(dp),
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
        try:
            await running.dp.stop_polling()
            await asyncio.wait_for(running.polling, 10)
        except RuntimeError:  # polling ended on its own (e.g. after an error)
            running.polling.cancel()
        await asyncio.wait_for(running.worker, 10)
        await running.bot.session.close()
        await running.app.db.close()

    async def restart(self) -> None:
        """A new process: nothing survives but the database."""
        await self.stop()
        await self.start()

    async def settle(self, within: float = 30.0) -> None:
        """Wait until the bot is quiet and its outbox is empty (rate limits pace it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            await self.fake.wait_idle(quiet=0.2, timeout=within)
            async with self.app.db.transaction() as session:
                if await outbox.pending_count(session) == 0:
                    return
            if loop.time() > deadline:
                raise AssertionError("the outbox did not drain")
            await asyncio.sleep(0.1)

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
        data = Act(a=action).pack()
        for message in reversed(self.fake.messages_to(user.id)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b.get("callback_data") == data for row in rows for b in row):
                self.fake.push_callback(user, message, data)
                await self.settle()
                return
        raise AssertionError(f"no button {action!r} shown to {user.id}")

    def texts_to(self, chat_id: int, thread_id: int | None = None) -> list[str]:
        return [
            m.get("text") or m.get("caption") or ""
            for m in self.fake.messages_to(chat_id, thread_id)
        ]

    def last_text_to(self, chat_id: int) -> str:
        texts = self.texts_to(chat_id)
        return texts[-1] if texts else ""


@contextlib.asynccontextmanager
async def running_bot(tmp_path: Path, **settings: Any):  # type: ignore[no-untyped-def]
    async with FakeBotAPI() as fake:
        fake.add_forum_chat(STAFF_CHAT, "KI Beratung")
        database_url = settings.pop(
            "database_url", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        )
        harness = Harness(fake, database_url, extra_settings=settings)
        await harness.start()
        try:
            yield harness
        finally:
            await harness.stop()
        fake.assert_no_violations()
