"""Invitation codes of volunteer initiatives (`/einladen`), and which case came with one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from storage.db import Tx
from storage.initiatives import COLUMNS
from storage.models import Case, Initiative, ReferralCode
from storage.records import InitiativeRecord


async def create(tx: Tx, code: str, initiative: int, now: datetime) -> None:
    tx.add(ReferralCode(code=code, initiative=initiative, created_at=now))
    await tx.flush()


async def initiative_of(tx: Tx, code: str) -> InitiativeRecord | None:
    """The initiative a code invites to, if the code was never revoked (whatever the
    initiative's status now: the caller decides what a removed group's code is worth)."""
    row = (
        await tx.execute(
            select(*COLUMNS)
            .join(ReferralCode, ReferralCode.initiative == Initiative.number)
            .where(ReferralCode.code == code, ReferralCode.revoked_at.is_(None))
        )
    ).first()
    return InitiativeRecord(*row) if row is not None else None


async def revoke(tx: Tx, code: str, initiative: int, now: datetime) -> bool:
    """Only the initiative that made a code can revoke it; False when it has no such code."""
    done = await tx.execute(
        update(ReferralCode)
        .where(
            ReferralCode.code == code,
            ReferralCode.initiative == initiative,
            ReferralCode.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


async def to_tell(tx: Tx, case_id: int) -> tuple[str, InitiativeRecord] | None:
    """The case's invitation and its initiative, when the family allowed the initiative to
    hear of the case (revoked codes included: the family came with it before); else None."""
    row = (
        await tx.execute(
            select(Case.referral_code, *COLUMNS)
            .join(ReferralCode, ReferralCode.code == Case.referral_code)
            .join(Initiative, Initiative.number == ReferralCode.initiative)
            .where(Case.id == case_id, Case.referral_notify.is_(True))
        )
    ).first()
    if row is None:
        return None
    return row[0], InitiativeRecord(*row[1:])


async def initiative_named(tx: Tx, code: str) -> tuple[str, str | None] | None:
    """(name, municipality id) of the initiative that made `code`, for the case card."""
    row = (
        await tx.execute(
            select(Initiative.name, Initiative.title, Initiative.municipality)
            .join(ReferralCode, ReferralCode.initiative == Initiative.number)
            .where(ReferralCode.code == code)
        )
    ).first()
    if row is None:
        return None
    name, title, municipality = row
    return name or title, municipality
