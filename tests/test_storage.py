"""Storage on SQLite and PostgreSQL: round trips, encryption at rest, outbox order, erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from storage import crypto, repo
from storage.db import Database
from storage.models import AuditEntry, utcnow
from tests.conftest import TEST_KEY

CHILD = {
    "answers": {"child_first_name": "Amira", "birth_date": "2016-03-01"},
    "assessment": {"age": 10},
}


async def test_family_state_round_trip(database: Database) -> None:
    async with database.transaction() as session:
        await repo.save_family(
            session, user_id=42, chat_id=42, locale="ar", state={"screen": "menu", "name": "أمل"}
        )
    async with database.transaction() as session:
        family = await repo.load_family(session, 42)
    assert family is not None
    assert family.locale == "ar"
    assert family.state == {"screen": "menu", "name": "أمل"}


async def test_personal_fields_are_encrypted_at_rest(database: Database) -> None:
    async with database.transaction() as session:
        await repo.save_family(session, user_id=7, chat_id=7, locale="de", state={"name": "Amira"})
        await repo.create_case(
            session, family_id=7, locale="de", municipality="Dülmen", age=10, children=[CHILD]
        )
    async with database.transaction() as session:
        raw_state = (await session.execute(text("select state from families"))).scalar_one()
        raw_children = (await session.execute(text("select children from cases"))).scalar_one()
    for raw in (raw_state, raw_children):
        assert "Amira" not in raw
        assert raw.startswith("gAAAA")  # a Fernet token, authenticated


async def test_wrong_key_fails_loudly_and_rotation_keeps_data(database: Database) -> None:
    async with database.transaction() as session:
        await repo.save_family(session, user_id=8, chat_id=8, locale="de", state={"x": 1})
    new_key = Fernet.generate_key().decode()
    try:
        crypto.configure(new_key)
        with pytest.raises(crypto.DataKeyError):
            async with database.transaction() as session:
                await repo.load_family(session, 8)
        # Rotation: the new key first, the old one still accepted for reading.
        crypto.configure(f"{new_key},{TEST_KEY}")
        async with database.transaction() as session:
            family = await repo.load_family(session, 8)
            assert family is not None and family.state == {"x": 1}
    finally:
        crypto.configure(TEST_KEY)


async def test_outbox_keeps_order_within_a_chat(database: Database) -> None:
    async with database.transaction() as session:
        first = await repo.enqueue(session, chat_id=100, kind="message", payload={"text": "1"})
        await repo.enqueue(session, chat_id=100, kind="message", payload={"text": "2"})
        other = await repo.enqueue(session, chat_id=200, kind="message", payload={"text": "a"})
    now = utcnow() + timedelta(seconds=1)
    async with database.transaction() as session:
        due = await repo.due_messages(session, now=now)
    assert [row.id for row in due] == [first.id, other.id]  # only the head of each chat

    async with database.transaction() as session:
        await repo.mark_failed(session, first.id, retry_in=60, error="429")
    async with database.transaction() as session:
        due = await repo.due_messages(session, now=now)
    # The failed head holds back its chat; the other chat goes on.
    assert [row.id for row in due] == [other.id]

    async with database.transaction() as session:
        await repo.mark_delivered(session, other.id)
        assert await repo.pending_count(session) == 2


async def test_open_case_and_topic(database: Database) -> None:
    async with database.transaction() as session:
        await repo.save_family(session, user_id=9, chat_id=9, locale="uk", state={})
        case = await repo.create_case(
            session, family_id=9, locale="uk", municipality=None, age=None, children=[]
        )
        await repo.set_topic(session, case.id, 555)
    async with database.transaction() as session:
        found = await repo.open_case(session, 9)
        assert found is not None and found.id == case.id and found.topic_id == 555
        assert await repo.open_case(session, 10) is None


async def test_erasure_removes_every_trace(database: Database) -> None:
    async with database.transaction() as session:
        await repo.save_family(session, user_id=11, chat_id=11, locale="de", state={"n": "A"})
        await repo.save_family(session, user_id=12, chat_id=12, locale="de", state={"n": "B"})
        case = await repo.create_case(
            session, family_id=11, locale="de", municipality=None, age=None, children=[CHILD]
        )
        await repo.enqueue(session, chat_id=0, case_id=case.id, kind="message", payload={"t": 1})
        await repo.enqueue(session, chat_id=11, kind="message", payload={"t": 2})
        await repo.enqueue(session, chat_id=12, kind="message", payload={"t": 3})
    async with database.transaction() as session:
        erased = await repo.erase_family(session, 11)
    assert erased.cases == [(case.id, None)]
    assert erased.outbox_rows == 2
    async with database.transaction() as session:
        assert await repo.load_family(session, 11) is None
        assert await repo.case_by_id(session, case.id) is None
        assert await repo.load_family(session, 12) is not None  # the neighbour is untouched
        assert await repo.pending_count(session) == 1
        audit = (await session.execute(text("select action, detail from audit_log"))).all()
    assert [tuple(row) for row in audit] == [("family_erased", None)]
    assert AuditEntry.__table__.c.keys() == ["id", "at", "actor_id", "action", "case_id", "detail"]
