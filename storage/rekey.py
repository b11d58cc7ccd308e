"""Re-encrypt every personal field with the first key of DATA_KEY (key rotation).

Rotate: put the new key in front (`DATA_KEY=new,old`), run `python -m bot rotate-key`, then
remove the old key. Which columns are encrypted is read from the models, so a new encrypted
column is rotated without anyone remembering to add it here.
"""

from __future__ import annotations

from sqlalchemy import text

from storage.crypto import cipher
from storage.db import Database
from storage.models import Base, EncryptedJSON


def encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary key column, encrypted column) for every EncryptedJSON column."""
    found = []
    for table in Base.metadata.sorted_tables:
        encrypted = [c for c in table.columns if isinstance(c.type, EncryptedJSON)]
        if not encrypted:
            continue  # tables with a composite key (announcement deliveries) hold nothing secret
        (primary,) = table.primary_key.columns
        found += [(table.name, primary.name, column.name) for column in encrypted]
    return found


async def rotate_all(db: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    current = cipher()
    async with db.transaction() as session:
        for table, primary, column in encrypted_columns():
            rows = (
                await session.execute(
                    text(f"SELECT {primary}, {column} FROM {table} WHERE {column} IS NOT NULL")
                )
            ).all()
            for key, token in rows:
                await session.execute(
                    text(f"UPDATE {table} SET {column} = :value WHERE {primary} = :key"),
                    {"value": current.rotate(token), "key": key},
                )
            counts[f"{table}.{column}"] = len(rows)
    return counts
