"""Personal fields are encrypted at rest; a wrong key fails loudly; rotation keeps data."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from storage import cases, crypto, families, keycheck
from storage.db import Database
from storage.models import utcnow
from tests.support.env import TEST_KEY
from tests.support.samples import CHILD


async def test_personal_fields_are_encrypted_at_rest(database: Database) -> None:
    async with database.transaction() as tx:
        await families.save(
            tx, user_id=7, chat_id=7, locale="de", state={"name": "Amira"}, now=utcnow()
        )
        await cases.create(
            tx,
            family_id=7,
            locale="de",
            municipality="Dülmen",
            age=10,
            children=[CHILD],
            now=utcnow(),
        )
    async with database.transaction() as tx:
        raw_state = (await tx.execute(text("select state from families"))).scalar_one()
        raw_children = (await tx.execute(text("select children from cases"))).scalar_one()
    for raw in (raw_state, raw_children):
        assert "Amira" not in raw
        assert raw.startswith("gAAAA")  # a Fernet token, authenticated


async def test_wrong_key_fails_loudly_and_rotation_keeps_data(database: Database) -> None:
    async with database.transaction() as tx:
        await families.save(tx, user_id=8, chat_id=8, locale="de", state={"x": 1}, now=utcnow())
    new_key = Fernet.generate_key().decode()
    try:
        crypto.configure(new_key)
        # Loudly at start (storage/keycheck.py), not family by family.
        with pytest.raises(crypto.DataKeyError):
            await keycheck.verify(database)
        # Rotation: the new key first, the old one still accepted for reading.
        crypto.configure(f"{new_key},{TEST_KEY}")
        async with database.transaction() as tx:
            family = await families.load(tx, 8)
            assert family is not None and family.state == {"x": 1}
    finally:
        crypto.configure(TEST_KEY)
