"""What the retention period removes, on SQLite and PostgreSQL: the case's content and every
link to its topics in Telegram (which the caller deletes there), the family found for its own
copy; a family's state replaced without marking it active."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from storage import cases, families, retention
from storage.db import Database
from storage.models import Case, Family
from tests.support.samples import CHILD

NOW = datetime(2027, 12, 1, 10, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)
STAFF, OLD_STAFF = -1001, -1000


async def _closed_case(database: Database, family_id: int, closed_at: datetime) -> int:
    async with database.transaction() as tx:
        await families.save(
            tx, user_id=family_id, chat_id=family_id, locale="ar", state={}, now=LONG_AGO
        )
        case = await cases.create(
            tx,
            family_id=family_id,
            locale="ar",
            municipality="Dülmen",
            age=9,
            children=[CHILD],
            now=LONG_AGO,
        )
        await tx.execute(
            update(Case).where(Case.id == case.id).values(status="closed", closed_at=closed_at)
        )
    return case.id


async def test_anonymised_cases_hand_over_their_topics_and_lose_every_link(
    database: Database,
) -> None:
    moved = await _closed_case(database, 1, LONG_AGO)
    plain = await _closed_case(database, 2, LONG_AGO)
    recent = await _closed_case(database, 3, NOW - timedelta(days=30))
    async with database.transaction() as tx:
        await cases.set_topic(tx, moved, OLD_STAFF, 4)
        await cases.set_topic(tx, moved, STAFF, 9, former=(OLD_STAFF, 4))
        await cases.set_card_message(tx, moved, 10, chat_id=STAFF)
        # No topic: the card went to that group's General topic, which is remembered.
        await cases.set_card_message(tx, plain, 12, chat_id=OLD_STAFF)
        await cases.set_topic(tx, recent, STAFF, 11)
    cutoff = NOW - timedelta(days=365)
    async with database.transaction() as tx:
        assert await retention.families_due(tx, cutoff) == [1, 2]
        done = await retention.anonymise_closed_before(tx, cutoff)
    assert {c.case_id: c.topics for c in done.cases} == {
        moved: ((STAFF, 9), (OLD_STAFF, 4)),
        plain: (),
    }
    assert {c.case_id: c.family_id for c in done.cases} == {moved: 1, plain: 2}
    assert {c.case_id: c.general_card for c in done.cases} == {moved: None, plain: 12}
    assert {c.case_id: c.general_card_chat for c in done.cases} == {moved: None, plain: OLD_STAFF}
    assert all(c.closed_at == LONG_AGO for c in done.cases)
    async with database.transaction() as tx:
        gone = await cases.by_id(tx, moved)
        assert gone is not None and gone.topics == () and gone.card_message_id is None
        assert gone.children is None and gone.family_id is None
        kept = await cases.by_id(tx, recent)
        assert kept is not None and kept.topics == ((STAFF, 11),)
        # The topic number is free: a message in it finds no case.
        assert await cases.by_topic(tx, STAFF, 9) is None
        assert await retention.families_due(tx, cutoff) == []
        again = await retention.anonymise_closed_before(tx, cutoff)
    assert again.cases == []


async def test_a_case_anonymised_before_topics_were_deleted_gives_up_its_topic_once(
    database: Database,
) -> None:
    """Cases anonymised by an earlier version kept their topic ids: the next run hands them
    over for deletion."""
    case_id = await _closed_case(database, 1, LONG_AGO)
    async with database.transaction() as tx:
        await cases.set_topic(tx, case_id, STAFF, 6)
        await tx.execute(
            update(Case).where(Case.id == case_id).values(children=None, family_id=None)
        )
    cutoff = NOW - timedelta(days=365)
    async with database.transaction() as tx:
        (done,) = (await retention.anonymise_closed_before(tx, cutoff)).cases
        assert (done.case_id, done.family_id, done.topics) == (case_id, None, ((STAFF, 6),))
    async with database.transaction() as tx:
        assert (await retention.anonymise_closed_before(tx, cutoff)).cases == []


async def test_replacing_a_familys_state_does_not_mark_it_active(database: Database) -> None:
    async with database.transaction() as tx:
        await families.save(
            tx, user_id=5, chat_id=5, locale="uk", state={"children": [1]}, now=LONG_AGO
        )
        await tx.execute(update(Family).where(Family.user_id == 5).values(updated_at=LONG_AGO))
    async with database.transaction() as tx:
        await families.replace_state(tx, 5, {"children": []})
    async with database.transaction() as tx:
        family = await families.load(tx, 5)
    assert family is not None and family.state == {"children": []}
    assert family.updated_at == LONG_AGO
