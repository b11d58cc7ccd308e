"""The audit log: who did what to which case, when — never the content itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.db import Tx
from storage.models import AuditEntry


async def record(
    tx: Tx,
    *,
    action: str,
    actor_id: int | None = None,
    case_id: int | None = None,
    detail: str | None = None,
) -> None:
    tx.add(
        AuditEntry(
            action=action,
            actor_id=actor_id,
            case_id=case_id,
            detail=detail[:200] if detail else None,
        )
    )


async def prune_before(tx: Tx, moment: datetime) -> int:
    """Entries older than the audit period go too: they hold counsellors' ids and case
    numbers, and "kept for ever" is not a period anyone consented to."""
    result = await tx.execute(delete(AuditEntry).where(AuditEntry.at < moment))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
