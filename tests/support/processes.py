"""`python -m bot` as a process of its own: its environment, a free port, and waiting for it.

Another process cannot signal into the test's event loop, so these waits poll an explicit
condition (the readiness probe answers 200, the outbox table is empty): a state the bot
reaches, never a pause for quiet.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess

import aiohttp

from storage import outbox
from storage.db import Database
from tests.support.env import ROOT, TEST_KEY

POLL = 0.05  # seconds between two looks at another process's state

Process = subprocess.Popen[bytes] | asyncio.subprocess.Process


def bot_env(**values: str) -> dict[str, str]:
    """This checkout importable, the test data key, none of the caller's bot settings."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WEBHOOK_") and k not in {"BOT_TOKEN", "DATABASE_URL"}
    }
    return inherited | {"PYTHONPATH": str(ROOT), "DATA_KEY": TEST_KEY, **values}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _exit_code(process: Process) -> int | None:
    return process.poll() if isinstance(process, subprocess.Popen) else process.returncode


async def wait_healthy(base_url: str, process: Process, within: float = 30.0) -> None:
    """Until the bot's /healthz answers 200; fails at once if the process exits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with aiohttp.ClientSession() as session:
        while loop.time() < deadline:
            if (code := _exit_code(process)) is not None:
                raise AssertionError(f"the bot exited with {code} before it was healthy")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"{base_url}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(POLL)
    raise AssertionError(f"{base_url}/healthz did not answer 200 within {within}s")


async def wait_outbox_drained(database_url: str, within: float = 60.0) -> None:
    """Until every outbox row in the bot's database is delivered (or given up for good)."""
    database = Database(database_url)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    try:
        while True:
            async with database.transaction() as tx:
                pending = await outbox.pending_count(tx)
            if not pending:
                return
            if loop.time() > deadline:
                raise AssertionError(f"{pending} outbox rows still pending after {within}s")
            await asyncio.sleep(POLL)
    finally:
        await database.close()
