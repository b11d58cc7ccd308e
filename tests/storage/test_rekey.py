"""Key rotation: every personal field re-encrypted with the new key, readable without the old."""

from __future__ import annotations

from cryptography.fernet import Fernet
from sqlalchemy import text

from storage import cases, crypto, families, outbox
from storage.db import Database
from storage.models import Family, utcnow
from storage.rekey import rotate_all
from tests.support.env import TEST_KEY
from tests.support.samples import CHILD


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
