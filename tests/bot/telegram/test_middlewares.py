"""The outer middlewares: flood control, one update per user at a time, one transaction per
update recorded exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import Chat, Update, User

from bot.outbox.limits import LimiterPool
from bot.telegram.middlewares import FloodControl, UnitOfWork
from storage import audit, families, ledger, optimistic
from storage.db import Database
from storage.models import AuditEntry, utcnow
from storage.optimistic import FamilyWrite
from tests.support.apps import app_on


async def test_flood_control_drops_what_exceeds_the_rate_per_user() -> None:
    flood = FloodControl(rate=5, period=60)
    handled: list[int] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        handled.append(data["event_from_user"].id)

    hammer = User(id=1, is_bot=False, first_name="Script")
    parent = User(id=2, is_bot=False, first_name="Parent")
    for _ in range(20):
        await flood(handler, object(), {"event_from_user": hammer})  # type: ignore[arg-type]
    await flood(handler, object(), {"event_from_user": parent})  # type: ignore[arg-type]
    assert handled.count(1) == 5
    assert handled.count(2) == 1
    assert flood.dropped == 15


async def test_flood_control_spares_the_staff_group_but_not_its_members_elsewhere() -> None:
    staff_chat = Chat(id=-100, type="supergroup")
    flood = FloodControl(rate=5, period=60, spared=lambda chat_id: chat_id == staff_chat.id)
    handled: list[str] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        handled.append(data["event_chat"].type)

    anna = User(id=9, is_bot=False, first_name="Anna")
    private = Chat(id=anna.id, type="private")
    for _ in range(30):
        await flood(handler, object(), {"event_from_user": anna, "event_chat": staff_chat})  # type: ignore[arg-type]
    for _ in range(10):
        await flood(handler, object(), {"event_from_user": anna, "event_chat": private})  # type: ignore[arg-type]
    assert handled.count("supergroup") == 30
    assert handled.count("private") == 5
    assert flood.dropped == 5


async def test_flood_control_forgets_quiet_users() -> None:
    # A bucket that drains within a microsecond: every user is quiet again by the next one.
    flood = FloodControl(rate=5, period=1e-6)
    flood.users.sweep_above = 100

    async def handler(event: Any, data: dict[str, Any]) -> None:
        return None

    for user_id in range(1000):
        await flood(
            handler, object(), {"event_from_user": User(id=user_id, is_bot=False, first_name="x")}
        )  # type: ignore[arg-type]
    assert len(flood.users) <= 100


async def test_a_pool_keeps_the_buckets_still_in_use() -> None:
    pool = LimiterPool((1, 60), sweep_above=10)  # nothing drains within the test
    for key in range(50):
        await pool.acquire(key)
    assert len(pool) == 50  # none could be forgotten: each still holds its message
    assert pool.sweep_above >= 50


async def test_updates_of_one_user_run_one_after_another_others_in_parallel() -> None:
    import asyncio

    from bot.telegram.middlewares import OnePerUser

    serial = OnePerUser()
    log: list[str] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        name = f"{data['event_from_user'].id}:{event}"
        log.append(f"start {name}")
        await asyncio.sleep(0.05)  # work that lets the others run: without the lock, b starts
        log.append(f"end {name}")

    amal = User(id=1, is_bot=False, first_name="Amal")
    omar = User(id=2, is_bot=False, first_name="Omar")
    await asyncio.gather(
        serial(handler, "a", {"event_from_user": amal}),  # type: ignore[arg-type]
        serial(handler, "b", {"event_from_user": amal}),  # type: ignore[arg-type]
        serial(handler, "c", {"event_from_user": omar}),  # type: ignore[arg-type]
    )
    amal_log = [entry for entry in log if ":" in entry and entry.split()[1].startswith("1:")]
    assert amal_log == ["start 1:a", "end 1:a", "start 1:b", "end 1:b"]
    assert log.index("start 2:c") < log.index("end 1:a")  # another family is not held up
    assert serial._locks == {} and serial._users == {}  # nothing kept once idle


# Never asked anything: these handlers reply nothing, so the fast path has nothing to send.
OFFLINE_BOT = Bot("42:OFFLINE")


class Boom(Exception):
    pass


def an_update(update_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "A"},
                "text": "hi",
            },
        }
    )


async def test_an_update_is_handled_again_after_a_crash_before_commit_never_after(
    database: Database,
) -> None:
    uow = UnitOfWork(app_on(database))
    handled: list[int] = []

    async def crashing(event: Any, data: dict[str, Any]) -> None:
        await audit.record(data["tx"], action="half-done")
        raise Boom  # the process "dies" before the commit

    async def working(event: Any, data: dict[str, Any]) -> None:
        handled.append(event.update_id)

    with pytest.raises(Boom):
        await uow(crashing, an_update(7), {"bot": OFFLINE_BOT})
    await uow(working, an_update(7), {"bot": OFFLINE_BOT})  # handled again: nothing had committed
    await uow(working, an_update(7), {"bot": OFFLINE_BOT})  # Telegram sends it once more: skipped
    assert handled == [7]
    async with database.transaction() as session:
        actions = [a for (a,) in (await session.execute(AuditEntry.__table__.select())).all()]
    assert actions == []  # the crashed attempt left nothing behind


PARENT = User(id=5, is_bot=False, first_name="A")
PARENT_CHAT = Chat(id=5, type="private")


@pytest.mark.postgres
async def test_a_family_written_meanwhile_is_handled_again_with_its_row_locked(
    postgres_database: Database,
) -> None:
    """PostgreSQL reads a parent's row unlocked and writes it only at the version read: a
    counsellor's action (or another instance) writing it in between wins, and the update is
    worked out again from the new row, this time locked — nothing of either is lost."""
    db = postgres_database
    uow = UnitOfWork(app_on(db))
    async with db.transaction() as tx:
        await families.save(tx, user_id=5, chat_id=5, locale="de", state={"n": 0}, now=utcnow())
    seen: list[tuple[int, bool]] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        family, mark = data["family"], data["update_mark"]
        seen.append((family.state["n"], mark.version is not None))
        if len(seen) == 1:
            async with db.transaction() as other:
                await families.replace_state(other, 5, {"n": 10})
        state = {"n": family.state["n"] + 1}
        if mark.version is not None:  # as the parent desk does (bot/desks/parent.py)
            recent = families.with_handled(family.recent_updates, event.update_id)
            mark.write = FamilyWrite(5, 5, "de", state, utcnow(), recent)
        else:
            await families.save(
                data["tx"], user_id=5, chat_id=5, locale="de", state=state, now=utcnow(),
                handled=event.update_id,
            )  # fmt: skip
        mark.recorded = True

    data = {"bot": OFFLINE_BOT, "event_from_user": PARENT, "event_chat": PARENT_CHAT}
    await uow(handler, an_update(31), dict(data))
    assert seen == [(0, True), (10, False)]
    await uow(handler, an_update(31), dict(data))  # Telegram sends it again: recorded, skipped
    assert len(seen) == 2
    async with db.transaction() as tx:
        family = await families.load(tx, 5)
    assert family is not None
    assert (family.state, family.recent_updates) == ({"n": 11}, (31,))


@pytest.mark.postgres
async def test_an_update_holds_one_database_connection_at_a_time(
    postgres_database: Database,
) -> None:
    """Holding the unlocked read's connection while the update's transaction takes another
    would let a burst of parents (twenty at once, as after a restart) take the whole pool
    and wait for each other's second connection until the pool gives up."""
    db = postgres_database
    uow = UnitOfWork(app_on(db))
    async with db.transaction() as tx:
        await families.save(tx, user_id=5, chat_id=5, locale="de", state={"n": 0}, now=utcnow())
    held: list[int] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        await families.locale_of(data["tx"], 5)  # a statement in the update's own transaction
        sqlalchemy_pool = db.engine.sync_engine.pool.checkedout()  # type: ignore[attr-defined]
        held.append(sqlalchemy_pool + db.direct.in_use())

    data = {"bot": OFFLINE_BOT, "event_from_user": PARENT, "event_chat": PARENT_CHAT}
    await uow(handler, an_update(33), dict(data))
    assert held == [1], held


@pytest.mark.postgres
async def test_a_new_familys_first_update_makes_its_row_without_a_ledger_row(
    postgres_database: Database,
) -> None:
    """PostgreSQL: the row is made, with the update recorded in it, by the replies'
    statement; Telegram sending the update again finds it there and skips it."""
    db = postgres_database
    uow = UnitOfWork(app_on(db))
    seen: list[tuple[object, str | None]] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        family, mark = data["family"], data["update_mark"]
        seen.append((family, mark.version))
        recent = families.with_handled((), event.update_id)
        mark.write = FamilyWrite(5, 5, "uk", {"n": 1}, utcnow(), recent)
        mark.recorded = True

    data = {"bot": OFFLINE_BOT, "event_from_user": PARENT, "event_chat": PARENT_CHAT}
    await uow(handler, an_update(41), dict(data))
    await uow(handler, an_update(41), dict(data))  # Telegram sends it again: skipped
    assert seen == [(None, optimistic.NO_ROW)]
    async with db.transaction() as tx:
        family = await families.load(tx, 5)
        assert await ledger.claim_update(tx, 41)  # free: no ledger row was written for it
    assert family is not None
    assert (family.state, family.locale, family.recent_updates) == ({"n": 1}, "uk", (41,))
