"""PostgreSQL goes away while a parent writes: the answer comes late, but it comes.

The outage is made by a TCP proxy between this bot and PostgreSQL (tests/support/tcp_proxy.py):
every connection is reset and new ones are refused, as when the server restarts, but only for
this bot; the machine's PostgreSQL keeps serving everyone else.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from dialogs.parent.contact_card import ki_contact
from dialogs.parent.screens import help_text
from tests.fakeapi import FakeUser
from tests.support.tcp_proxy import TcpProxy
from tests.support.telegram_harness import running_bot

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@contextmanager
def unit_of_work_retrying() -> Iterator[asyncio.Event]:
    """An event set when the unit of work reports the database unreachable and waits to
    try again: the moment the outage has met the update under test."""
    met = asyncio.Event()

    class Listener(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if str(record.msg).startswith("database unreachable"):
                met.set()

    logger = logging.getLogger("bot.telegram.middlewares")
    listener = Listener(logging.WARNING)
    logger.addHandler(listener)
    try:
        yield met
    finally:
        logger.removeHandler(listener)


async def test_a_database_outage_costs_a_delay_not_an_answer(
    tmp_path: Path, scratch_database: str
) -> None:
    parent = FakeUser(881, "Rami", language_code="de")
    server = make_url(scratch_database)
    async with TcpProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through_proxy = server.set(host="127.0.0.1", port=proxy.port)
        url = through_proxy.render_as_string(hide_password=False)
        async with running_bot(tmp_path, database_url=url) as h:
            await h.command(parent, "/start")
            before = len(h.texts_to(parent.id))
            with unit_of_work_retrying() as retrying:
                proxy.cut()
                h.fake.push_command(parent, "/help")
                await asyncio.wait_for(retrying.wait(), 30)
                # The bot tries PostgreSQL again meanwhile: its connection was cut in use, so
                # the retry is the first to open a new one (no ping on a busy connection).
                await asyncio.wait_for(proxy.a_connection_refused.wait(), 30)
            assert len(h.texts_to(parent.id)) == before  # nothing answered during the outage
            proxy.restore()
            await h.settle()
            texts = h.texts_to(parent.id)[before:]
            assert h.app.render(help_text(ki_contact(h.app.kreis)).text, "de") in texts
            assert not any("schiefgegangen" in t for t in texts)  # no apology: nothing failed
