"""The desks carry out what the cores decide, in one transaction, on SQLite and PostgreSQL:
the case row, the family's state and every outbox row, with nothing decided here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bot.app import App
from bot.desks.parent import handle_parent_event
from bot.desks.staff import StaffDesk, Where
from bot.outbox import items
from dialogs.parent.events import Press, Start
from dialogs.parent.state import ParentState
from dialogs.staff import actions as a
from dialogs.staff.decide import NOT_THIS_TOPIC
from storage import cases, drafts, families, outbox
from storage.db import Database
from tests.support.apps import app_on
from tests.support.staff_driver import NOW

PARENT = 501
STAFF = -1001000000001


async def rows(app: App) -> list[tuple[int, items.OutboxItem]]:
    async with app.db.transaction() as tx:
        pending = await outbox.pending_rows(tx)
    return [(r.chat_id, items.decode(r.kind, r.payload)) for r in pending]


async def parent_says(app: App, *events: Any) -> None:
    for event in events:
        async with app.db.transaction() as tx:
            await handle_parent_event(app, tx, user_id=PARENT, chat_id=PARENT, event=event)


async def contact_case(database: Database) -> tuple[App, int]:
    """A parent who asked for a person: case 1, its topic 77 in the staff group."""
    app = app_on(database, clock=lambda: NOW)
    await parent_says(
        app, Start(language_code="ar"), Press("lang.ar"), Press("talk"), Press("ok.yes")
    )
    async with app.db.transaction() as tx:
        case = await cases.latest_of_family(tx, PARENT)
        assert case is not None
        await cases.set_topic(tx, case.id, STAFF, 77)
        for row in await outbox.pending_rows(tx):
            await outbox.mark_delivered(tx, row.id, now=NOW)
    return app, case.id


async def test_asking_for_a_person_opens_a_case_with_topic_and_card(database: Database) -> None:
    app = app_on(database, clock=lambda: NOW)
    await parent_says(
        app, Start(language_code="ar"), Press("lang.ar"), Press("talk"), Press("ok.yes")
    )
    queued = await rows(app)
    staff = [item for chat, item in queued if chat == items.STAFF_CHAT]
    assert staff[0] == items.CreateTopic("#1 · ar · offen")
    card = staff[1]
    assert isinstance(card, items.TextMessage) and card.card and card.in_topic
    assert card.audience == "staff" and "Fall #1" in card.text
    async with app.db.transaction() as tx:
        family = await families.load(tx, PARENT)
        case = await cases.latest_of_family(tx, PARENT)
    assert family is not None and ParentState.model_validate(family.state).talking
    assert case is not None and case.locale == "ar" and case.created_at == NOW


async def test_a_claim_changes_the_case_tells_the_family_and_refreshes_the_card(
    database: Database,
) -> None:
    app, case_id = await contact_case(database)
    desk = StaffDesk(app)
    async with app.db.transaction() as tx:
        anna = await desk.actor(tx, 9001, "Anna")
        outcome = await desk.on_button(tx, Where(STAFF, 77), anna, f"claim.{case_id}")
    assert outcome.toast == f"Fall #{case_id} gehört jetzt Ihnen."
    queued = await rows(app)
    kinds = [(chat, type(item).__name__) for chat, item in queued]
    assert kinds == [(0, "EditCard"), (0, "RenameTopic"), (PARENT, "TextMessage")]
    to_family = queued[2][1]
    assert isinstance(to_family, items.TextMessage) and to_family.audience == "parent"
    assert to_family.buttons[0][0][1] == "leave" and "Anna" not in to_family.text
    async with app.db.transaction() as tx:
        case = await cases.by_id(tx, case_id)
        assert case is not None and (case.status, case.claimed_by) == ("claimed", 9001)
        assert case.claimed_at == NOW
        assert await cases.counsellor_names(tx, [9001]) == {9001: "Anna"}


async def test_a_language_change_updates_the_case_and_its_topic(database: Database) -> None:
    app, case_id = await contact_case(database)
    await parent_says(app, Press("lang.uk"))
    queued = [item for chat, item in await rows(app) if chat == items.STAFF_CHAT]
    assert items.RenameTopic(f"#{case_id} · uk · offen") in queued
    assert any(isinstance(i, items.EditCard) and "Ukrainisch (uk)" in i.text for i in queued)
    async with app.db.transaction() as tx:
        case = await cases.by_id(tx, case_id)
        assert case is not None and case.locale == "uk"
        assert [q.locale for q in await cases.queue(tx)] == ["uk"]  # what /queue shows


async def test_a_button_from_another_topic_or_group_does_nothing(database: Database) -> None:
    app, case_id = await contact_case(database)
    desk = StaffDesk(app)
    for where in (Where(STAFF, 78), Where(STAFF, None), Where(-1002, 77)):
        async with app.db.transaction() as tx:
            anna = await desk.actor(tx, 9001, "Anna")
            outcome = await desk.on_button(tx, where, anna, f"close.{case_id}")
        assert outcome.toast == NOT_THIS_TOPIC
    assert await rows(app) == []


async def test_a_button_nobody_made_is_answered_and_changes_nothing(database: Database) -> None:
    """Forged or garbled callback data (the fuzzer's `close.27.docs`) gets a toast."""
    app, case_id = await contact_case(database)
    desk = StaffDesk(app)
    for data in (f"close.{case_id}.docs", "claim.x", "", "zzz"):
        async with app.db.transaction() as tx:
            anna = await desk.actor(tx, 9001, "Anna")
            outcome = await desk.on_button(tx, Where(STAFF, 77), anna, data)
        assert outcome.toast == "Unbekannter Knopf."
    assert await rows(app) == []


async def test_a_ready_reply_is_previewed_then_sent_once(database: Database) -> None:
    app, _case = await contact_case(database)
    desk = StaffDesk(app)
    where = Where(STAFF, 77)
    async with app.db.transaction() as tx:
        anna = await desk.actor(tx, 9001, "Anna")
        preview = await desk.on_message(tx, where, anna, a.UseTemplate("wait"))
    (send, _drop) = preview.replies[0].buttons[0]
    assert send.action.startswith("send.")
    async with app.db.transaction() as tx:
        assert await drafts.by_token(tx, send.action.removeprefix("send.")) is not None
        outcome = await desk.on_button(tx, where, anna, send.action)
    assert outcome.edit is not None and outcome.edit.startswith("📤 Gesendet")
    assert [chat for chat, _item in await rows(app)] == [PARENT]
    async with app.db.transaction() as tx:
        again = await desk.on_button(tx, where, anna, send.action)
    assert again.toast == "Diese Vorschau gibt es nicht mehr."
    assert len(await rows(app)) == 1


async def test_staff_erasure_leaves_only_the_audit_and_the_topic_deletion(
    database: Database,
) -> None:
    app, case_id = await contact_case(database)
    desk = StaffDesk(app)
    async with app.db.transaction() as tx:
        anna = await desk.actor(tx, 9001, "Anna")
        await desk.on_button(tx, Where(STAFF, 77), anna, f"erase.{case_id}")
    async with app.db.transaction() as tx:
        assert await families.load(tx, PARENT) is None
        assert await cases.by_id(tx, case_id) is None
    queued = await rows(app)
    # In the deletions' own line, addressed to the group the topic lives in.
    assert queued[0] == (
        items.TOPIC_DELETIONS,
        items.DeleteTopic(77, chat_id=STAFF, case_id=case_id),
    )
    assert "wurde auf Wunsch gelöscht (von Anna)" in queued[1][1].text  # type: ignore[union-attr]
    async with app.db.transaction() as tx:
        actions = (await tx.execute(text("select action, actor_id, case_id from audit_log"))).all()
    assert ("staff_erase", 9001, case_id) in [tuple(row) for row in actions]
