"""Volunteer initiative groups: registered when the bot is added, decided by counsellors."""

from __future__ import annotations

from sqlalchemy import func, select, update

from storage.db import Tx
from storage.dialect import serialise
from storage.models import Initiative, utcnow
from storage.records import InitiativeRecord

COLUMNS = (
    Initiative.number,
    Initiative.chat_id,
    Initiative.title,
    Initiative.status,
    Initiative.was,
    Initiative.name,
    Initiative.municipality,
    Initiative.noted,
)


async def _one(tx: Tx, where: object, lock: bool) -> InitiativeRecord | None:
    query = select(*COLUMNS).where(where)  # type: ignore[arg-type]
    if lock:
        query = query.with_for_update()
    row = (await tx.execute(query)).first()
    return InitiativeRecord(*row) if row is not None else None


async def by_chat(tx: Tx, chat_id: int, *, lock: bool = False) -> InitiativeRecord | None:
    return await _one(tx, Initiative.chat_id == chat_id, lock)


async def by_number(tx: Tx, number: int, *, lock: bool = False) -> InitiativeRecord | None:
    return await _one(tx, Initiative.number == number, lock)


async def next_number(tx: Tx) -> int:
    """The number a new initiative would get (shown in the request before it is saved)."""
    # Two instances handing out numbers at once would give both the same: one at a time.
    await serialise(tx, 13001)
    return int((await tx.execute(select(func.max(Initiative.number)))).scalar() or 0) + 1


async def save(tx: Tx, record: InitiativeRecord) -> None:
    """Insert or update by number (numbers are handed out by `next_number` in the same
    transaction, which holds the group's update lock)."""
    values = {
        "chat_id": record.chat_id,
        "title": record.title,
        "status": record.status,
        "was": record.was,
        "name": record.name,
        "municipality": record.municipality,
        "noted": record.noted,
        "updated_at": utcnow(),
    }
    changed = await tx.execute(
        update(Initiative).where(Initiative.number == record.number).values(**values)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        tx.add(Initiative(number=record.number, created_at=utcnow(), **values))
        await tx.flush()


async def move(tx: Tx, old_chat_id: int, new_chat_id: int) -> bool:
    """A group became a supergroup: its initiative follows to the new chat id. False when
    there was nothing to move (unknown group, or moved already by the other service
    message)."""
    if await by_chat(tx, new_chat_id) is not None:
        return False
    moved = await tx.execute(
        update(Initiative)
        .where(Initiative.chat_id == old_chat_id)
        .values(chat_id=new_chat_id, updated_at=utcnow())
    )
    return bool(moved.rowcount)  # type: ignore[attr-defined]


async def approved_in(tx: Tx, municipalities: tuple[str, ...] | None) -> list[InitiativeRecord]:
    """The approved initiatives (of these municipalities; None: all), by number."""
    query = select(*COLUMNS).where(Initiative.status == "approved")
    if municipalities is not None:
        query = query.where(Initiative.municipality.in_(municipalities))
    return [InitiativeRecord(*r) for r in await tx.execute(query.order_by(Initiative.number))]


async def mark_unreachable(tx: Tx, chat_id: int) -> None:
    """Telegram refused for good (the bot was removed or blocked, the group deleted): the
    group counts as having removed the bot and gets nothing more until it adds it again."""
    await tx.execute(
        update(Initiative)
        .where(Initiative.chat_id == chat_id, Initiative.status != "removed")
        .values(status="removed", was=Initiative.status, updated_at=utcnow())
    )
