"""Counsellors' internal notes on a case (`/note`): encrypted, never sent to the family."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Tx
from storage.models import CaseNote
from storage.records import NoteRecord


async def add(tx: Tx, *, case_id: int, author_id: int, author_name: str, text: str) -> None:
    tx.add(CaseNote(case_id=case_id, author_id=author_id, body={"text": text, "by": author_name}))
    await tx.flush()


async def of_case(tx: Tx, case_id: int) -> list[NoteRecord]:
    rows = await tx.execute(
        select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
    )
    return [
        NoteRecord(
            row.case_id,
            row.author_id,
            str(row.body.get("by", "?")),
            str(row.body.get("text", "")),
            row.created_at,
        )
        for row in rows.scalars()
    ]
