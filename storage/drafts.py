"""Staff drafts: a ready reply previewed by a counsellor, waiting for *Senden* or *Verwerfen*."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from storage.db import Tx
from storage.models import StaffDraft
from storage.records import DraftRecord


async def save(
    tx: Tx, *, token: str, case_id: int, counsellor_id: int, kind: str, payload: dict[str, Any]
) -> None:
    tx.add(
        StaffDraft(
            token=token, case_id=case_id, counsellor_id=counsellor_id, kind=kind, payload=payload
        )
    )
    await tx.flush()


async def by_token(tx: Tx, token: str, *, lock: bool = False) -> DraftRecord | None:
    statement = select(
        StaffDraft.token,
        StaffDraft.case_id,
        StaffDraft.counsellor_id,
        StaffDraft.kind,
        StaffDraft.payload,
    ).where(StaffDraft.token == token)
    row = (await tx.execute(statement.with_for_update() if lock else statement)).first()
    return DraftRecord(*row) if row is not None else None


async def remove(tx: Tx, token: str) -> None:
    await tx.execute(delete(StaffDraft).where(StaffDraft.token == token))


async def remove_for_cases(tx: Tx, case_ids: list[int]) -> None:
    if case_ids:
        await tx.execute(delete(StaffDraft).where(StaffDraft.case_id.in_(case_ids)))
