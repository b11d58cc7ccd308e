"""The webhook server: the real aiogram Bot talks to the fake Bot API, updates come in over
HTTP as Telegram would post them, and `python -m bot run` serves it as a real process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import event

from bot.app import App, build_app
from bot.config import Settings
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher, set_commands
from bot.telegram.health import HEALTH_CACHE_SECONDS, make_health_app
from bot.telegram.webhook import WebhookError, make_webhook_app, webhook_path, webhook_problem
from storage.models import ProcessedUpdate
from tests.fakeapi import FakeBotAPI, FakeUser
from tests.support.env import ROOT, TEST_KEY
from tests.support.processes import bot_env, free_port, wait_healthy

STAFF = -1001000000088
URL = "https://bot.example.org/telegram"
SECRET = "s3cret_token-for-tests_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PARENT = FakeUser(5150, "Dana", language_code="uk")


def webhook_settings(fake: FakeBotAPI, db_dir: Path, **extra: Any) -> Settings:
    return Settings(
        bot_token=fake.token,
        telegram_api_base=fake.base_url,
        database_url=f"sqlite+aiosqlite:///{db_dir / 'bot.sqlite3'}",
        counsellor_chat_id=STAFF,
        data_key=TEST_KEY,
        locales_dir=ROOT / "locales",
        outbox_poll_seconds=0.05,
        webhook_url=URL,
        webhook_secret=SECRET,
        **extra,
    )


@contextlib.asynccontextmanager
async def serving(tmp_path: Path) -> AsyncIterator[tuple[FakeBotAPI, App, TestClient]]:
    async with FakeBotAPI() as fake:
        fake.add_forum_chat(STAFF, "KI Beratung")
        app = await build_app(webhook_settings(fake, tmp_path / "db"))
        try:
            async with TestClient(TestServer(make_webhook_app(app))) as client:
                # Start-up is complete once the command menus (set beside it) are written.
                menus = len(app.languages) + 1
                await fake.wait_for("setMyCommands", count=menus, timeout=30)
                yield fake, app, client
        finally:
            await app.db.close()
            # Startup froze the heap for the process's lifetime; the test process goes on.
            gc.unfreeze()
        fake.assert_no_violations()


def running_task_names() -> set[str]:
    return {t.get_name() for t in asyncio.all_tasks() if not t.done()}


def replies_to(fake: FakeBotAPI, user: FakeUser, since: int) -> list[Any]:
    return [c for c in fake.calls_to("sendMessage", since) if c.params["chat_id"] == user.id]


# -- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"webhook_secret": None}, "WEBHOOK_SECRET is not"),
        ({"webhook_secret": "has spaces in it"}, "WEBHOOK_SECRET may only contain"),
        ({"webhook_secret": "x" * 257}, "WEBHOOK_SECRET may only contain"),
        ({"bot_token": None}, "BOT_TOKEN is not"),
        ({"webhook_url": "http://bot.example.org/telegram"}, "https://"),
        ({"webhook_path": "telegram"}, "must start with /"),
        ({"webhook_health_port": 8080}, "WEBHOOK_HEALTH_PORT must differ"),
    ],
)
def test_webhook_settings_are_checked_without_echoing_the_secret(
    changes: dict[str, Any], message: str
) -> None:
    base = {"bot_token": "1:x", "webhook_url": URL, "webhook_secret": SECRET}
    problem = webhook_problem(Settings(**(base | changes)))
    assert problem is not None and message in problem
    assert (changes.get("webhook_secret") or SECRET) not in problem
    assert webhook_problem(Settings(**base)) is None


def test_the_route_is_the_path_of_the_url_unless_set() -> None:
    assert webhook_path(Settings(webhook_url=URL)) == "/telegram"
    assert webhook_path(Settings(webhook_url="https://b.example.org/kreis/tg")) == "/kreis/tg"
    assert webhook_path(Settings(webhook_url="https://b.example.org")) == "/"
    assert webhook_path(Settings(webhook_url=URL, webhook_path="/hook")) == "/hook"
    assert SECRET not in repr(Settings(webhook_secret=SECRET))


# -- the server in this process ----------------------------------------------------------------


@pytest.mark.e2e
async def test_startup_sets_the_webhook_and_shutdown_leaves_it(tmp_path: Path) -> None:
    async with serving(tmp_path) as (fake, app, _client):
        (call,) = fake.calls_to("setWebhook")
        assert call.params["url"] == URL
        assert call.params["secret_token"] == SECRET
        assert call.params["allowed_updates"] == allowed_updates(make_dispatcher(app))
        assert "message" in call.params["allowed_updates"]
        assert "callback_query" in call.params["allowed_updates"]
        assert not call.params.get("drop_pending_updates")
        assert {"outbox", "reminders"} <= running_task_names()
    # Another instance may already serve the webhook: stopping must not remove it.
    assert fake.calls_to("deleteWebhook") == []
    assert not {"outbox", "reminders"} & running_task_names()


@pytest.mark.e2e
async def test_an_update_with_the_secret_is_handled(tmp_path: Path) -> None:
    async with serving(tmp_path) as (fake, _app, client):
        mark = fake.mark()
        update = fake.push_command(PARENT, "/start")
        response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
        # Handled before the answer: Telegram's 200 means "done", not "received".
        assert replies_to(fake, PARENT, mark)


@pytest.mark.e2e
@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}])
async def test_an_update_without_the_right_secret_is_refused(
    tmp_path: Path, headers: dict[str, str]
) -> None:
    async with serving(tmp_path) as (fake, app, client):
        mark = fake.mark()
        update = fake.push_command(PARENT, "/start")
        response = await client.post("/telegram", json=update, headers=headers)
        assert response.status == 401
        # An accepted update is handled before the answer (test above): had this one been,
        # its replies and its ledger row would be there now.
        assert fake.calls[mark:] == []
        async with app.db.transaction() as tx:
            assert await tx.get(ProcessedUpdate, update["update_id"]) is None
        # The same update from Telegram itself still goes through.
        response = await client.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
        assert replies_to(fake, PARENT, mark)


@pytest.mark.e2e
async def test_an_unreadable_update_is_skipped_without_logging_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving(tmp_path) as (fake, _app, client):
        mark = fake.mark()
        headers = {SECRET_HEADER: SECRET}
        # Telegram resends what is not answered with 2xx; resending cannot make these readable.
        broken = {"update_id": 1, "message": {"text": "Mein Sohn heißt Omar"}}
        assert (await client.post("/telegram", json=broken, headers=headers)).status == 200
        assert (await client.post("/telegram", data=b"{not json", headers=headers)).status == 200
        assert fake.calls[mark:] == []
    assert "Omar" not in caplog.text
    assert "skipped an unreadable update (ValidationError)" in caplog.text


@pytest.mark.e2e
async def test_a_refused_webhook_stops_the_start_with_telegrams_reason(tmp_path: Path) -> None:
    async with FakeBotAPI() as fake:
        fake.inject("setWebhook", status=400, times=None, description="Bad Request: bad webhook")
        app = await build_app(webhook_settings(fake, tmp_path))
        try:
            server = TestServer(make_webhook_app(app))
            with pytest.raises(WebhookError, match="bad webhook") as raised:
                await server.start_server()
            await server.close()
        finally:
            await app.db.close()
        assert SECRET not in str(raised.value)
        assert not {"outbox", "reminders"} & running_task_names()


@pytest.mark.e2e
async def test_healthz_is_not_served_on_the_public_webhook_port(tmp_path: Path) -> None:
    async with serving(tmp_path) as (_fake, _app, client):
        assert (await client.get("/healthz")).status == 404


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextlib.contextmanager
def counting_statements(app: App) -> Iterator[list[str]]:
    """Every SQL statement the app's engine sends while the block runs."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(app.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(app.db.engine.sync_engine, "before_cursor_execute", record)


async def test_healthz_reports_the_database_from_a_short_cache(tmp_path: Path) -> None:
    clock = Clock()
    async with FakeBotAPI() as fake:
        app = await build_app(webhook_settings(fake, tmp_path / "db"))
        try:
            async with TestClient(TestServer(make_health_app(app, clock=clock))) as client:
                response = await client.get("/healthz")
                assert response.status == 200
                assert await response.json() == {
                    "status": "ok",
                    "database": "ok",
                    "outbox_pending": 0,
                }

                # The disk is gone: new connections cannot open the database file. Within
                # the cache period the answer stands; after it, the probe sees the outage.
                await app.db.engine.dispose()
                shutil.rmtree(tmp_path / "db")
                assert (await client.get("/healthz")).status == 200
                clock.now += HEALTH_CACHE_SECONDS
                response = await client.get("/healthz")
                assert response.status == 503
                body = await response.text()
                assert await response.json() == {"status": "error", "database": "unreachable"}
                assert "sqlite" not in body.lower() and "Error" not in body
        finally:
            await app.db.close()


async def test_a_flood_of_probes_costs_one_database_round_trip(tmp_path: Path) -> None:
    clock = Clock()
    async with FakeBotAPI() as fake:
        app = await build_app(webhook_settings(fake, tmp_path / "db"))
        try:
            async with TestClient(TestServer(make_health_app(app, clock=clock))) as client:
                with counting_statements(app) as statements:
                    responses = await asyncio.gather(*(client.get("/healthz") for _ in range(50)))
                    assert [r.status for r in responses] == [200] * 50
                    assert len(statements) == 1, statements
                    clock.now += HEALTH_CACHE_SECONDS
                    await asyncio.gather(*(client.get("/healthz") for _ in range(50)))
                    assert len(statements) == 2, statements
        finally:
            await app.db.close()


# -- `python -m bot run` as a process ------------------------------------------------------------


def test_run_refuses_a_webhook_without_secret(tmp_path: Path) -> None:
    env = bot_env(
        BOT_TOKEN="123:abc",
        WEBHOOK_URL=URL,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'db' / 'bot.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,  # no .env from the project directory
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "WEBHOOK_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db").exists()  # refused before touching the database


@pytest.mark.e2e
async def test_run_serves_the_webhook_until_sigterm(tmp_path: Path) -> None:
    port, health_port = free_port(), free_port()
    async with FakeBotAPI() as fake:
        fake.add_forum_chat(STAFF, "KI Beratung")
        env = bot_env(
            BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE=fake.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
            COUNSELLOR_CHAT_ID=str(STAFF),
            WEBHOOK_URL=URL,
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_HOST="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_HEALTH_PORT=str(health_port),
        )
        # A file, not a pipe: nobody reads a pipe while the bot runs, and a full one blocks it.
        log_path = tmp_path / "stderr.log"
        with log_path.open("wb") as log_file:
            # asyncio's subprocess: the fake Bot API runs on this loop and must keep answering.
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            await wait_healthy(f"http://127.0.0.1:{health_port}", process, within=20)
            assert fake.calls_to("setWebhook")[-1].params["url"] == URL

            mark = fake.mark()
            update = fake.push_command(PARENT, "/start")
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    f"{base}/telegram", json=update, headers={SECRET_HEADER: SECRET}
                ) as response,
            ):
                assert response.status == 200
            assert replies_to(fake, PARENT, mark)
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"{base}/healthz") as response,
            ):
                assert response.status == 404  # not on the public port

            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 15) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        stderr = log_path.read_text()
        assert SECRET not in stderr
        assert "Traceback" not in stderr
        assert fake.calls_to("deleteWebhook") == []
        fake.assert_no_violations()


async def test_command_menus_are_written_only_when_they_changed(tmp_path: Path) -> None:
    async with serving(tmp_path) as (fake, app, _client):
        menus = len(app.languages) + 1
        await fake.wait_for("setMyCommands", count=menus, timeout=30)
        await fake.wait_for("getMyCommands", count=menus, timeout=30)
        bot = make_bot(app)
        try:
            assert await set_commands(bot, app) == 0  # a restart writes nothing
        finally:
            await bot.session.close()
    assert len(fake.calls_to("setMyCommands")) == menus
