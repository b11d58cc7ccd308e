"""Offer searches that found nothing, by month and criteria: no user, no time of day."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Tx
from storage.models import OfferSearch


async def record_empty(
    tx: Tx, *, month: str, kind: str | None, municipality: str | None, language: str | None
) -> None:
    tx.add(OfferSearch(month=month, kind=kind, municipality=municipality, language=language))
    await tx.flush()


async def empty_in(
    tx: Tx, months: list[str]
) -> list[tuple[str, str | None, str | None, str | None]]:
    """(month, kind, municipality, language) of the empty searches in these months."""
    rows = await tx.execute(
        select(OfferSearch.month, OfferSearch.kind, OfferSearch.municipality, OfferSearch.language)
        .where(OfferSearch.month.in_(months))
        .order_by(OfferSearch.id)
    )
    return [tuple(r) for r in rows.all()]  # type: ignore[misc]
