"""Privacy promises kept: retention, key rotation, deletion by staff, nothing personal in logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select, text, update

from bot.jobs.housekeeping import Housekeeping, months_before
from storage import cases, crypto, families, outbox
from storage.db import Database
from storage.models import Case, Family, OutboxMessage, utcnow
from storage.rekey import rotate_all
from tests.e2e.test_parents import answer_until_summary, open_intake_with_consent
from tests.e2e.test_staff import ANNA, open_contact_case, press_staff, staff_says
from tests.fakeapi import FakeUser
from tests.support.apps import app_on
from tests.support.env import TEST_KEY
from tests.support.telegram_harness import STAFF_CHAT, running_bot

NOW = datetime(2027, 12, 1, 10, 0, tzinfo=UTC)
CHILD = {"answers": {"first_name": "Amira"}, "assessment": {"age": 9}}


def test_months_before_handles_month_ends() -> None:
    assert months_before(datetime(2027, 3, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2027, 12, 1, tzinfo=UTC), 12) == datetime(2026, 12, 1, tzinfo=UTC)


async def test_retention_anonymises_old_closed_cases_and_deletes_stale_families(
    database: Database,
) -> None:
    async with database.transaction() as session:
        for user_id in (1, 2, 3):
            await families.save(
                session,
                user_id=user_id,
                chat_id=user_id,
                locale="ar",
                state={"n": "x"},
                now=utcnow(),
            )
            await cases.create(
                session,
                family_id=user_id,
                locale="ar",
                municipality="Dülmen",
                age=9,
                children=[CHILD],
                now=utcnow(),
            )
        long_ago = NOW - timedelta(days=400)
        # 1: closed 13 months ago, family silent since → anonymised, family deleted.
        await session.execute(
            update(Case).where(Case.id == 1).values(status="closed", closed_at=long_ago)
        )
        await session.execute(update(Family).where(Family.user_id == 1).values(updated_at=long_ago))
        # 2: closed last month → kept.  3: open → kept.
        await session.execute(
            update(Case)
            .where(Case.id == 2)
            .values(status="closed", closed_at=NOW - timedelta(days=30))
        )
        await session.execute(
            update(Family).where(Family.user_id.in_([2, 3])).values(updated_at=long_ago)
        )
        old = await outbox.enqueue(
            session, chat_id=3, kind="message", payload={"text": "Amira"}, due=utcnow()
        )
        await outbox.mark_delivered(session, old, now=utcnow())
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == old)
            .values(delivered_at=NOW - timedelta(days=8))
        )
    report = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert (report.cases_anonymised, report.families_deleted, report.messages_deleted) == (1, 1, 1)
    async with database.transaction() as session:
        case = await session.get(Case, 1)
        assert (
            case is not None
            and case.children is None
            and case.family_id is None
            and case.age is None
        )
        assert await session.get(Family, 1) is None
        assert await session.get(Family, 2) is not None and await session.get(Family, 3) is not None
        kept = await session.get(Case, 2)
        assert kept is not None and kept.children == [CHILD]
        staff = (
            (await session.execute(select(OutboxMessage).where(OutboxMessage.chat_id == 0)))
            .scalars()
            .all()
        )
    assert "1 abgeschlossene Fälle anonymisiert" in staff[-1].payload["text"]
    again = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert not again.anything


async def test_key_rotation_reencrypts_every_personal_field(database: Database) -> None:
    async with database.transaction() as session:
        await families.save(
            session, user_id=1, chat_id=1, locale="de", state={"name": "Amira"}, now=utcnow()
        )
        await cases.create(
            session,
            family_id=1,
            locale="de",
            municipality=None,
            age=None,
            children=[CHILD],
            now=utcnow(),
        )
        await outbox.enqueue(
            session, chat_id=1, kind="message", payload={"text": "Hallo Amira"}, due=utcnow()
        )
    new_key = Fernet.generate_key().decode()
    try:
        crypto.configure(f"{new_key},{TEST_KEY}")
        counts = await rotate_all(database)
        assert (
            counts["families.state"] == 1
            and counts["cases.children"] == 1
            and counts["outbox.payload"] == 1
        )
        crypto.configure(new_key)  # the old key is gone now
        async with database.transaction() as session:
            family = await session.get(Family, 1)
            assert family is not None and family.state == {"name": "Amira"}
            raw = (await session.execute(text("select state from families"))).scalar_one()
        assert "Amira" not in raw
    finally:
        crypto.configure(TEST_KEY)


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
