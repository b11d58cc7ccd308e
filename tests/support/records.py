"""Rows the storage tests start from: a family with one case."""

from __future__ import annotations

from typing import Any

from storage import Tx, cases, families
from storage.models import utcnow
from tests.support.samples import CHILD


async def family_with_case(
    tx: Tx, family_id: int = 9, *, locale: str = "uk", children: list[Any] | None = None
) -> int:
    """A family (its chat is its user id) and one open case of it; returns the case id."""
    await families.save(
        tx, user_id=family_id, chat_id=family_id, locale=locale, state={}, now=utcnow()
    )
    case = await cases.create(
        tx,
        family_id=family_id,
        locale=locale,
        municipality=None,
        age=None,
        children=[CHILD] if children is None else children,
        now=utcnow(),
    )
    return case.id
