"""Privacy promises kept through Telegram: deletion by staff, nothing personal in logs.

Retention: tests/bot/jobs/test_housekeeping.py; key rotation: tests/storage/test_rekey.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from storage.models import Case, Family
from tests.fakeapi import FakeUser
from tests.support.env import TEST_KEY
from tests.support.parent_steps import answer_until_summary, open_intake_with_consent
from tests.support.staff_steps import ANNA, open_contact_case, press_staff, staff_says
from tests.support.telegram_harness import STAFF_CHAT, running_bot


async def test_staff_can_delete_a_familys_data_with_confirmation(tmp_path: Path) -> None:
    parent = FakeUser(751, "Farid", language_code="fa")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "fa")
        await staff_says(h, ANNA, "/loeschen", thread)
        async with h.app.db.transaction() as session:
            assert await session.get(Family, parent.id) is not None  # asks first
        await press_staff(h, ANNA, "erase.1", thread)
        assert h.fake.calls_to("deleteForumTopic")
        async with h.app.db.transaction() as session:
            assert await session.get(Family, parent.id) is None
            assert (await session.execute(select(func.count()).select_from(Case))).scalar_one() == 0
            actions = (await session.execute(text("select action, actor_id from audit_log"))).all()
        assert ("staff_erase", ANNA.id) in [tuple(a) for a in actions]


async def test_logs_contain_no_personal_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    parent = FakeUser(761, "Amal", language_code="ar")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await open_intake_with_consent(h, parent, "ar")
        await answer_until_summary(h, parent)
        await h.press_action(parent, "send")
        await h.say(parent, "Meine Telefonnummer ist 0171 2345678")
        thread = int(h.fake.calls_to("createForumTopic")[-1].result["message_thread_id"])
        await press_staff(h, ANNA, "claim.1", thread)
        await staff_says(h, ANNA, "Danke, Frau Amal", thread)
    ours = [r for r in caplog.records if r.name.split(".")[0] in {"bot", "dialogs", "storage"}]
    assert ours, "the bot logged something"
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Amira", "12.03.2016", "2016-03-12", "0171 2345678", "Frau Amal", TEST_KEY):
        assert secret not in everything
