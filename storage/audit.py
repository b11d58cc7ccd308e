"""The audit log: who did what to which case, when — never the content itself."""

from __future__ import annotations

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
