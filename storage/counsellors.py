"""The counsellor registry: first names (encrypted) and whether families may see them."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Tx
from storage.dialect import insert_for
from storage.models import Counsellor, utcnow
from storage.records import CounsellorRecord


async def get(tx: Tx, user_id: int) -> CounsellorRecord | None:
    row = (
        await tx.execute(
            select(Counsellor.name, Counsellor.show_name).where(Counsellor.user_id == user_id)
        )
    ).first()
    if row is None:
        return None
    name, show = row
    return CounsellorRecord(user_id, (name or {}).get("first"), bool(show))


async def save(tx: Tx, *, user_id: int, first_name: str, show_name: bool) -> None:
    values = {"name": {"first": first_name}, "show_name": show_name}
    await tx.execute(
        insert_for(tx, Counsellor)
        .values(user_id=user_id, created_at=utcnow(), **values)
        .on_conflict_do_update(index_elements=["user_id"], set_=values)
    )
