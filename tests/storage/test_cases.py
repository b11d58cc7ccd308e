"""Cases on SQLite and PostgreSQL: topics per staff group, lookups, field updates, drafts."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from storage import cases, counsellors, drafts
from storage.db import Database
from tests.support.records import family_with_case
from tests.support.samples import CHILD

STAFF = -1001


async def _case(database: Database, family_id: int = 9) -> int:
    async with database.transaction() as tx:
        case_id = await family_with_case(tx, family_id)
    return case_id


async def test_a_topic_is_found_in_its_own_staff_group_only(database: Database) -> None:
    case_id = await _case(database)
    async with database.transaction() as tx:
        await cases.set_topic(tx, case_id, STAFF, 555)
    async with database.transaction() as tx:
        found = await cases.by_topic(tx, STAFF, 555, lock=True)
        assert found is not None and found.id == case_id and found.staff_chat_id == STAFF
        # Topic ids are small numbers per group: the same number elsewhere is another topic.
        assert await cases.by_topic(tx, -1002, 555) is None
        latest = await cases.latest_of_family(tx, 9)
        assert latest is not None and latest.children == [CHILD]
        assert await cases.latest_of_family(tx, 10) is None


async def test_one_topic_belongs_to_one_case(database: Database) -> None:
    first, second = await _case(database, 1), await _case(database, 2)
    async with database.transaction() as tx:
        await cases.set_topic(tx, first, STAFF, 7)
        await cases.set_topic(tx, second, -1002, 7)  # the same number in another group is fine
    with pytest.raises(IntegrityError):
        async with database.transaction() as tx:
            await cases.set_topic(tx, second, STAFF, 7)


async def test_fields_and_counsellor_names(database: Database) -> None:
    case_id = await _case(database)
    async with database.transaction() as tx:
        await counsellors.save(tx, user_id=77, first_name="Anna", show_name=False)
        await counsellors.save(tx, user_id=77, first_name="Anna", show_name=True)
        await cases.update_fields(tx, case_id, status="claimed", claimed_by=77)
    async with database.transaction() as tx:
        record = await cases.by_id(tx, case_id)
        assert record is not None and (record.status, record.claimed_by) == ("claimed", 77)
        assert await cases.counsellor_names(tx, [77]) == {77: "Anna"}
        known = await counsellors.get(tx, 77)
        assert known is not None and known.show_name and known.first_name == "Anna"
        assert [c.id for c in await cases.not_closed(tx)] == [case_id]


async def test_drafts_by_token(database: Database) -> None:
    case_id = await _case(database)
    async with database.transaction() as tx:
        await drafts.save(
            tx,
            token="abc123",
            case_id=case_id,
            counsellor_id=5,
            kind="template",
            payload={"key": "docs", "values": []},
        )
    async with database.transaction() as tx:
        draft = await drafts.by_token(tx, "abc123", lock=True)
        assert draft is not None and draft.case_id == case_id and draft.payload["key"] == "docs"
        await drafts.remove(tx, "abc123")
    async with database.transaction() as tx:
        assert await drafts.by_token(tx, "abc123") is None


async def test_a_topic_from_before_groups_were_stored_never_matches_another_group(
    database: Database,
) -> None:
    """Migration 0004 marked old topics with group 0. Matched in any group, family 1's topic
    5 answered for topic 5 of a new staff group: another case's."""
    case_id = await _case(database)
    async with database.transaction() as tx:
        await cases.set_topic(tx, case_id, 0, 5)
    async with database.transaction() as tx:
        assert await cases.by_topic(tx, -1002, 5) is None
        assert await cases.adopt_unplaced_topics(tx, STAFF) == 1
    async with database.transaction() as tx:
        found = await cases.by_topic(tx, STAFF, 5)
        assert found is not None and found.id == case_id
        assert await cases.by_topic(tx, -1002, 5) is None
        # Moved to the new group -1002: the case's topic is elsewhere until it gets one there.
        assert await cases.count_in_other_groups(tx, [-1002]) == 1
        assert await cases.count_in_other_groups(tx, [STAFF]) == 0
        assert await cases.count_in_other_groups(tx, [-1002, STAFF]) == 0


async def test_a_case_given_a_topic_in_a_new_group_remembers_the_old_one(
    database: Database,
) -> None:
    case_id = await _case(database)
    async with database.transaction() as tx:
        await cases.set_topic(tx, case_id, STAFF, 7)
        await cases.set_card_message(tx, case_id, 8)
    async with database.transaction() as tx:
        await cases.set_topic(tx, case_id, -1002, 3, former=(STAFF, 7))
    async with database.transaction() as tx:
        moved = await cases.by_id(tx, case_id)
        assert moved is not None
        assert moved.topics == ((-1002, 3), (STAFF, 7))
        assert moved.card_message_id is None  # the old card is a message of the old group
        (family,) = await cases.topics_of_family(tx, 9)
        assert family.case_id == case_id and family.topics == ((-1002, 3), (STAFF, 7))
        # The old number is free for a topic of the old group's own.
        assert await cases.by_topic(tx, STAFF, 7) is None
