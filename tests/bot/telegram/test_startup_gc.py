"""The collector pauses while the Telegram channel starts and resumes as polling begins:
start-up builds what lives for the whole run (bot/cli.py, bot/telegram/run.py)."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from bot import cli
from bot.config import Settings
from bot.telegram import run
from tests.support.env import TEST_KEY


@pytest.fixture(autouse=True)
def _collector_on_afterwards() -> Iterator[None]:
    yield
    gc.enable()


@pytest.mark.parametrize(("token", "paused"), [("123456:AAFAKE", True), (None, False)])
def test_the_collector_pauses_for_the_telegram_start_only(
    token: str | None, paused: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    async def start(_settings: Settings, channel: str) -> None:
        seen.append(gc.isenabled())

    monkeypatch.setattr(cli, "_run", start)
    settings = Settings(bot_token=token, data_key=TEST_KEY)
    assert cli.cmd_run(settings, argparse.Namespace(command="run")) == 0
    assert seen == [not paused]  # the console is a chat: nothing to gain there


async def test_polling_begins_with_the_collector_running(monkeypatch: pytest.MonkeyPatch) -> None:
    async def nothing(*_args: Any, **_kwargs: Any) -> None:
        return None

    telegram = SimpleNamespace(delete_webhook=nothing, session=SimpleNamespace(close=nothing))
    seen: list[bool] = []

    async def poll(*_args: Any, **_kwargs: Any) -> None:
        seen.append(gc.isenabled())

    monkeypatch.setattr(run, "make_bot", lambda _app: telegram)
    monkeypatch.setattr(run, "make_dispatcher", lambda _app: object())
    monkeypatch.setattr(run, "allowed_updates", lambda _dp: [])
    monkeypatch.setattr(run, "poll_committed", poll)
    gc.disable()
    await run.run_polling(SimpleNamespace())  # type: ignore[arg-type]
    assert seen == [True]


def test_other_commands_resume_the_collector_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """bot/__main__.py pauses it while the bot is imported; `check`, `report` … need no pause."""
    seen: list[bool] = []

    def check(_settings: Settings, _args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setitem(cli.COMMANDS, "check", check)
    gc.disable()
    assert cli.main(["check"]) == 0
    assert seen == [True]
