"""A lost or wrong data key is noticed once, at start, and can be given up deliberately."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from storage import crypto, families, keycheck, outbox
from storage.db import Database
from storage.models import utcnow
from storage.rekey import rotate_all
from tests.support.env import TEST_KEY


@pytest.fixture
def other_key() -> Iterator[str]:
    key = Fernet.generate_key().decode()
    yield key
    crypto.configure(TEST_KEY)


async def test_the_check_value_is_stored_once_and_a_wrong_key_is_refused(
    database: Database, other_key: str
) -> None:
    assert await keycheck.verify(database) is True
    assert await keycheck.verify(database) is False  # already there, and it matches
    crypto.configure(other_key)
    with pytest.raises(keycheck.KeyMismatch, match="does not match this database"):
        await keycheck.verify(database)
    # Rotation keeps working: the new key first, the old one still reads the check value.
    crypto.configure(f"{other_key},{TEST_KEY}")
    assert await keycheck.verify(database) is False


async def test_data_written_before_the_check_existed_is_tried_with_the_key(
    database: Database, other_key: str
) -> None:
    async with database.transaction() as tx:
        await families.save(tx, user_id=5, chat_id=5, locale="de", state={"x": 1}, now=utcnow())
    assert await keycheck.holds_encrypted_data(database)
    crypto.configure(other_key)
    with pytest.raises(keycheck.KeyMismatch, match="cannot decrypt"):
        await keycheck.verify(database)


async def test_purge_removes_what_the_key_cannot_read_and_keeps_the_rest(
    database: Database, other_key: str
) -> None:
    async with database.transaction() as tx:
        await families.save(tx, user_id=5, chat_id=5, locale="ar", state={"x": 1}, now=utcnow())
        await outbox.enqueue(tx, chat_id=5, kind="message", payload={"t": "lost"}, due=utcnow())
    await keycheck.verify(database)
    crypto.configure(other_key)  # the old key is lost for good
    async with database.transaction() as tx:
        await outbox.enqueue(tx, chat_id=6, kind="message", payload={"t": "new"}, due=utcnow())
    counts = await keycheck.purge_undecryptable(database)
    assert counts == {"families.state": 1, "outbox.payload": 1}
    assert await keycheck.verify(database) is False  # the new key now matches
    async with database.transaction() as tx:
        family = await families.load(tx, 5)
        assert family is not None and family.state is None and family.locale == "ar"
        rows = await outbox.pending_rows(tx)
    assert [row.payload for row in rows] == [{"t": "new"}]


async def test_an_unreadable_outbox_row_is_set_aside_without_holding_up_the_others(
    database: Database,
) -> None:
    async with database.transaction() as tx:
        broken = await outbox.enqueue(
            tx, chat_id=100, kind="message", payload={"t": 1}, due=utcnow()
        )
        after = await outbox.enqueue(
            tx, chat_id=100, kind="message", payload={"t": 2}, due=utcnow()
        )
        other = await outbox.enqueue(
            tx, chat_id=200, kind="message", payload={"t": 3}, due=utcnow()
        )
        # A token from another key (a restored backup, a corrupted row).
        alien = crypto.FieldCipher(Fernet.generate_key().decode()).encrypt_json({"t": 1})
        await tx.execute(
            text("UPDATE outbox SET payload = :p WHERE id = :id"), {"p": alien, "id": broken}
        )
    now = utcnow() + timedelta(seconds=1)
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=now, lease=timedelta(seconds=30))
    assert [row.id for row in due] == [other]
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=now, lease=timedelta(seconds=30))
        last_error = (
            await tx.execute(text("SELECT last_error FROM outbox WHERE id = :id"), {"id": broken})
        ).scalar()
    # The chat's next message goes; the unreadable one is kept, marked, out of the way.
    assert [row.id for row in due] == [after]
    assert last_error == outbox.UNREADABLE


async def test_one_damaged_family_row_starts_afresh_and_can_be_erased(database: Database) -> None:
    async with database.transaction() as tx:
        await families.save(tx, user_id=9, chat_id=9, locale="uk", state={"x": 1}, now=utcnow())
        alien = crypto.FieldCipher(Fernet.generate_key().decode()).encrypt_json({"x": 1})
        await tx.execute(text("UPDATE families SET state = :s WHERE user_id = 9"), {"s": alien})
    async with database.transaction() as tx:
        family = await families.load(tx, 9, lock=True)
    assert family is not None and family.state is None and family.locale == "uk"
    async with database.transaction() as tx:
        await families.erase(tx, 9)
        assert await families.load(tx, 9) is None


async def test_rotation_carries_the_check_value_to_the_new_key(
    database: Database, other_key: str
) -> None:
    await keycheck.verify(database)
    crypto.configure(f"{other_key},{TEST_KEY}")
    counts = await rotate_all(database)
    assert counts["key_check.value"] == 1
    crypto.configure(other_key)  # the old key removed
    assert await keycheck.verify(database) is False
