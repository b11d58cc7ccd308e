"""Offers counsellors added in the staff group: kept as JSON, retired rather than deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from storage.db import Tx
from storage.dialect import serialise
from storage.models import StaffOffer


async def next_number(tx: Tx) -> int:
    # Two instances handing out numbers at once would give both the same: one at a time.
    await serialise(tx, 13002)
    return int((await tx.execute(select(func.max(StaffOffer.number)))).scalar() or 0) + 1


async def add(tx: Tx, number: int, offer: dict[str, Any], by: int, now: datetime) -> None:
    tx.add(StaffOffer(number=number, offer=offer, created_by=by, created_at=now, updated_at=now))
    await tx.flush()


async def replace(tx: Tx, number: int, offer: dict[str, Any], now: datetime) -> bool:
    """False when there is no such offer in use (never added, or retired)."""
    done = await tx.execute(
        update(StaffOffer)
        .where(StaffOffer.number == number, StaffOffer.retired_at.is_(None))
        .values(offer=offer, updated_at=now)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


async def retire(tx: Tx, number: int, now: datetime) -> bool:
    done = await tx.execute(
        update(StaffOffer)
        .where(StaffOffer.number == number, StaffOffer.retired_at.is_(None))
        .values(retired_at=now, updated_at=now)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


async def in_use(tx: Tx) -> list[dict[str, Any]]:
    rows = await tx.execute(
        select(StaffOffer.offer).where(StaffOffer.retired_at.is_(None)).order_by(StaffOffer.number)
    )
    return [dict(r) for r in rows.scalars()]
