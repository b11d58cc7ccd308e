"""Initiatives, invitation codes, counsellors' offers and empty searches, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import initiatives, offer_searches, referrals, staff_offers
from storage.db import Database
from storage.records import InitiativeRecord

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)


def record(number: int, chat_id: int, status: str = "approved", place: str = "duelmen"):  # type: ignore[no-untyped-def]
    return InitiativeRecord(number, chat_id, f"G{number}", status, None, None, place, False)


async def test_initiatives_are_numbered_moved_and_marked(database: Database) -> None:
    async with database.transaction() as tx:
        assert await initiatives.next_number(tx) == 1
        await initiatives.save(tx, record(1, -11))
        await initiatives.save(tx, record(2, -12, place="nottuln"))
        await initiatives.save(tx, record(3, -13, status="pending"))
        assert await initiatives.next_number(tx) == 4
        await initiatives.save(tx, record(1, -11))  # saved again: an update, not a second row
    async with database.transaction() as tx:
        assert [r.number for r in await initiatives.approved_in(tx, None)] == [1, 2]
        assert [r.number for r in await initiatives.approved_in(tx, ("nottuln",))] == [2]
        assert await initiatives.move(tx, -11, -10011)
        assert not await initiatives.move(tx, -11, -10011)  # the other service message
        moved = await initiatives.by_chat(tx, -10011)
        assert moved is not None and moved.number == 1
        await initiatives.mark_unreachable(tx, -12)
    async with database.transaction() as tx:
        gone = await initiatives.by_number(tx, 2)
        assert gone is not None and (gone.status, gone.was) == ("removed", "approved")


async def test_codes_offers_and_searches(database: Database) -> None:
    async with database.transaction() as tx:
        await initiatives.save(tx, record(1, -11))
        await referrals.create(tx, "abcd1234", 1, NOW)
        found = await referrals.initiative_of(tx, "abcd1234")
        assert found is not None and found.number == 1
        assert not await referrals.revoke(tx, "abcd1234", 2, NOW)  # another group's code
        assert await referrals.revoke(tx, "abcd1234", 1, NOW)
        assert await referrals.initiative_of(tx, "abcd1234") is None
        assert await referrals.initiative_named(tx, "abcd1234") == ("G1", "duelmen")

        number = await staff_offers.next_number(tx)
        await staff_offers.add(tx, number, {"id": f"k{number}", "name": "Café"}, 9001, NOW)
        assert await staff_offers.in_use(tx) == [{"id": "k1", "name": "Café"}]
        assert await staff_offers.retire(tx, number, NOW)
        assert await staff_offers.in_use(tx) == [] and not await staff_offers.retire(tx, 1, NOW)

        await offer_searches.record_empty(
            tx, month="2026-12", kind="homework_help", municipality="senden", language="ti"
        )
        assert await offer_searches.empty_in(tx, ["2026-12"]) == [
            ("2026-12", "homework_help", "senden", "ti")
        ]
        assert await offer_searches.empty_in(tx, ["2026-11"]) == []
