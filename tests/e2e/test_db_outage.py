"""PostgreSQL restarts while a parent writes: the answer comes late, but it comes."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialogs.parent.screens import help_text
from tests.fakeapi import FakeUser
from tests.support.env import IN_CI
from tests.support.telegram_harness import running_bot

pytestmark = pytest.mark.postgres


def restart_command() -> list[str] | None:
    if shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        return None
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        return None
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]


async def wait_for_postgres(url: str, within: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("select 1"))
            return
        except Exception:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await engine.dispose()


async def test_a_postgres_restart_costs_a_delay_not_an_answer(
    tmp_path: Path, scratch_database: str
) -> None:
    command = restart_command()
    if command is None:
        reason = "restarting PostgreSQL needs root and pg_ctlcluster"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    parent = FakeUser(881, "Rami", language_code="de")
    async with running_bot(tmp_path, database_url=scratch_database) as h:
        await h.command(parent, "/start")
        before = len(h.texts_to(parent.id))
        restart = await asyncio.create_subprocess_exec(*command)
        await asyncio.sleep(0.3)  # PostgreSQL is going down now
        h.fake.push_command(parent, "/help")
        assert await restart.wait() == 0
        await wait_for_postgres(scratch_database)
        await h.settle(within=60)
        texts = h.texts_to(parent.id)[before:]
        assert h.app.render(help_text().text, "de") in texts
        assert not any("schiefgegangen" in t for t in texts)  # no apology: nothing failed
