"""The harness waits for the bot's explicit signals, not for quiet: a test reads the chat only
after the bot has finished what it was sent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.telegram.render import Act
from dialogs.parent.contact_card import ki_contact
from dialogs.parent.screens import help_text
from storage import ledger
from storage.db import Tx
from tests.fakeapi import FakeUser
from tests.support.telegram_harness import running_bot

PARENT = FakeUser(991, "Nadia", language_code="de")


async def test_a_slow_database_step_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = ledger.claim_update

    async def slow_claim(tx: Tx, update_id: int) -> bool:
        # A database that takes its time, as on a loaded machine: meanwhile no request is in
        # flight, which a harness waiting for quiet took for "done".
        await asyncio.sleep(0.5)
        return await claim(tx, update_id)

    async with running_bot(tmp_path) as h:
        await h.command(PARENT, "/start")
        await h.press_action(PARENT, "lang.de")
        monkeypatch.setattr(ledger, "claim_update", slow_claim)
        await h.command(PARENT, "/help")
        assert h.last_text_to(PARENT.id) == h.app.render(
            help_text(ki_contact(h.app.kreis)).text, "de"
        )


async def test_a_delivery_waiting_for_its_retry_is_waited_for(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        await h.command(PARENT, "/start")
        await h.press_action(PARENT, "lang.de")
        await h.press_action(PARENT, "talk")
        h.fake.inject(method="createForumTopic", status=500, times=1)
        h.fake.push_button_data(PARENT, Act(a="ok.yes").pack())
        await h.fake.wait_for("createForumTopic", predicate=lambda call: call.status == 500)
        # The row now waits a second for its retry: not settled, and the message says why.
        with pytest.raises(AssertionError, match=r"outbox row \d+ \(create_topic"):
            await h.settle(within=0.01)
        await h.settle()
        created = [c for c in h.fake.calls_to("createForumTopic") if c.ok]
        assert len(created) == 1
