"""The data key's check value, and what to do when a key is lost.

A key that does not match the database used to be noticed only when a family's row was read:
every family got an apology, nobody could even erase their data, and one unreadable outbox
row held up every delivery. A known value encrypted with the key and stored beside the data
turns that into one clear refusal at start (`verify`). When a key is truly lost, the operator
decides to give up what it protected (`purge_undecryptable`) and starts afresh.
"""

from __future__ import annotations

from sqlalchemy import text

from storage.crypto import DataKeyError, cipher
from storage.db import Database, Tx
from storage.models import Base, EncryptedJSON

CHECK_NAME = "data_key"
CHECK_VALUE = "schullotse"


class KeyMismatch(DataKeyError):
    """DATA_KEY cannot read what the database holds (never includes a key)."""


def encrypted_columns() -> list[tuple[str, str, str, bool]]:
    """(table, primary key column, encrypted column, nullable) for every EncryptedJSON."""
    found = []
    for table in Base.metadata.sorted_tables:
        encrypted = [c for c in table.columns if isinstance(c.type, EncryptedJSON)]
        if not encrypted:
            continue  # e.g. the anonymous offer-search counts, keyed by several columns
        # A purge deletes or clears encrypted rows by their key: one column.
        (primary,) = table.primary_key.columns
        for column in encrypted:
            found.append((table.name, primary.name, column.name, bool(column.nullable)))
    return found


async def holds_encrypted_data(db: Database) -> bool:
    """Whether any encrypted field is stored (a new key could not read it)."""
    async with db.transaction() as tx:
        for table, _primary, column, _nullable in encrypted_columns():
            found = await tx.execute(
                text(f"SELECT 1 FROM {table} WHERE {column} IS NOT NULL LIMIT 1")
            )
            if found.first() is not None:
                return True
    return False


async def _stored_check(tx: Tx) -> str | None:
    found = await tx.execute(
        text("SELECT value FROM key_check WHERE name = :name"), {"name": CHECK_NAME}
    )
    return found.scalar()


async def _readable_sample(tx: Tx) -> bool | None:
    """For a database written before the check value existed: can the key read one stored
    field? None when there is nothing encrypted to try."""
    for table, _primary, column, _nullable in encrypted_columns():
        token = (
            await tx.execute(
                text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL LIMIT 1")
            )
        ).scalar()
        if token is not None:
            return _readable(token)
    return None


def _readable(token: str) -> bool:
    try:
        cipher().decrypt_json(token)
    except DataKeyError:
        return False
    return True


async def verify(db: Database) -> bool:
    """Raise `KeyMismatch` unless the configured key reads the database; store the check
    value the first time. Returns whether it was stored now."""
    async with db.transaction() as tx:
        stored = await _stored_check(tx)
        if stored is not None:
            if not _readable(stored):
                raise KeyMismatch(
                    "DATA_KEY does not match this database (its check value cannot be "
                    "decrypted). Restore the key the data was written with; if it is lost for "
                    "good, `python -m bot purge-undecryptable` deletes what it protected."
                )
            return False
        if await _readable_sample(tx) is False:
            raise KeyMismatch(
                "DATA_KEY cannot decrypt the data stored in this database. Restore the key "
                "the data was written with; if it is lost for good, `python -m bot "
                "purge-undecryptable` deletes what it protected."
            )
        await _write_check(tx)
    return True


async def _write_check(tx: Tx) -> None:
    await tx.execute(text("DELETE FROM key_check WHERE name = :name"), {"name": CHECK_NAME})
    await tx.execute(
        text("INSERT INTO key_check (name, value) VALUES (:name, :value)"),
        {"name": CHECK_NAME, "value": cipher().encrypt_json(CHECK_VALUE)},
    )


async def purge_undecryptable(db: Database) -> dict[str, int]:
    """Remove every field the configured key cannot read: a nullable field is emptied (a
    case keeps its statistics, a family starts afresh), a row that is nothing without its
    field (a queued message, a note) is deleted. Then the key's check value is written."""
    counts: dict[str, int] = {}
    async with db.transaction() as tx:
        for table, primary, column, nullable in encrypted_columns():
            rows = (
                await tx.execute(
                    text(f"SELECT {primary}, {column} FROM {table} WHERE {column} IS NOT NULL")
                )
            ).all()
            lost = [key for key, token in rows if not _readable(token)]
            for key in lost:
                statement = (
                    f"UPDATE {table} SET {column} = NULL WHERE {primary} = :key"
                    if nullable
                    else f"DELETE FROM {table} WHERE {primary} = :key"
                )
                await tx.execute(text(statement), {"key": key})
            if lost and table != "key_check":
                counts[f"{table}.{column}"] = len(lost)
        await _write_check(tx)
    return counts
