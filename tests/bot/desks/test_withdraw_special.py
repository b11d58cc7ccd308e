"""A withdrawn health consent reaches the cases the family already sent (Art. 7(3) DSGVO)."""

from __future__ import annotations

from bot.desks.family import apply_family_effects
from dialogs.parent.outcome import WithdrawSpecialConsent
from storage import cases, families
from storage.db import Database
from tests.support.apps import app_on
from tests.support.staff_driver import NOW

PARENT = 502


async def test_withdrawal_turns_the_health_answers_of_sent_children_into_skipped(
    database: Database,
) -> None:
    app = app_on(database, clock=lambda: NOW)
    child = {"answers": {"first_name": "Amira", "special_needs": "yes"}, "assessment": {"a": 1}}
    other = {"answers": {"first_name": "Omar", "special_needs": None}, "assessment": {}}
    async with database.transaction() as tx:
        for user_id in (PARENT, PARENT + 1):
            await families.save(
                tx, user_id=user_id, chat_id=user_id, locale="ar", state={}, now=NOW
            )
        mine = await cases.create(
            tx,
            family_id=PARENT,
            locale="ar",
            municipality=None,
            age=9,
            children=[child, other],
            now=NOW,
        )
        theirs = await cases.create(
            tx,
            family_id=PARENT + 1,
            locale="ar",
            municipality=None,
            age=9,
            children=[child],
            now=NOW,
        )
    async with database.transaction() as tx:
        kept = await apply_family_effects(
            app,
            tx,
            user_id=PARENT,
            locale="ar",
            effects=(WithdrawSpecialConsent(("special_needs",)),),
        )
    assert kept
    async with database.transaction() as tx:
        mine_now = await cases.by_id(tx, mine.id)
        theirs_now = await cases.by_id(tx, theirs.id)
    assert mine_now is not None and mine_now.children is not None
    assert [c["answers"] for c in mine_now.children] == [
        {"first_name": "Amira", "special_needs": None},
        {"first_name": "Omar", "special_needs": None},
    ]
    assert mine_now.children[0]["assessment"] == {"a": 1}
    assert theirs_now is not None and theirs_now.children == [child]  # another family's case
