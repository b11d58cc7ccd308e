"""Retention: old closed cases anonymised, stale families deleted, delivered messages pruned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.jobs.housekeeping import Housekeeping, months_before
from bot.outbox import items
from dialogs.parent.state import ChildDraft, ParentState
from storage import cases, families, outbox
from storage.db import Database
from storage.models import Case, Family, OutboxMessage, utcnow
from tests.support.apps import app_on
from tests.support.samples import CHILD

NOW = datetime(2027, 12, 1, 10, 0, tzinfo=UTC)


def test_months_before_handles_month_ends() -> None:
    assert months_before(datetime(2027, 3, 31, tzinfo=UTC), 1) == datetime(2027, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2027, 12, 1, tzinfo=UTC), 12) == datetime(2026, 12, 1, tzinfo=UTC)


async def test_retention_anonymises_old_closed_cases_and_deletes_stale_families(
    database: Database,
) -> None:
    async with database.transaction() as session:
        for user_id in (1, 2, 3):
            await families.save(
                session,
                user_id=user_id,
                chat_id=user_id,
                locale="ar",
                state={"n": "x"},
                now=utcnow(),
            )
            await cases.create(
                session,
                family_id=user_id,
                locale="ar",
                municipality="Dülmen",
                age=9,
                children=[CHILD],
                now=utcnow(),
            )
        long_ago = NOW - timedelta(days=400)
        # 1: closed 13 months ago, family silent since → anonymised, family deleted.
        await session.execute(
            update(Case).where(Case.id == 1).values(status="closed", closed_at=long_ago)
        )
        await session.execute(update(Family).where(Family.user_id == 1).values(updated_at=long_ago))
        # 2: closed last month → kept.  3: open → kept.
        await session.execute(
            update(Case)
            .where(Case.id == 2)
            .values(status="closed", closed_at=NOW - timedelta(days=30))
        )
        await session.execute(
            update(Family).where(Family.user_id.in_([2, 3])).values(updated_at=long_ago)
        )
        old = await outbox.enqueue(
            session, chat_id=3, kind="message", payload={"text": "Amira"}, due=utcnow()
        )
        await outbox.mark_delivered(session, old, now=utcnow())
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == old)
            .values(delivered_at=NOW - timedelta(days=8))
        )
    report = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert (report.cases_anonymised, report.families_deleted, report.messages_deleted) == (1, 1, 1)
    async with database.transaction() as session:
        case = await session.get(Case, 1)
        assert (
            case is not None
            and case.children is None
            and case.family_id is None
            and case.age is None
        )
        assert await session.get(Family, 1) is None
        assert await session.get(Family, 2) is not None and await session.get(Family, 3) is not None
        kept = await session.get(Case, 2)
        assert kept is not None and kept.children == [CHILD]
        staff = (
            (await session.execute(select(OutboxMessage).where(OutboxMessage.chat_id == 0)))
            .scalars()
            .all()
        )
    assert "1 abgeschlossene Fälle anonymisiert" in staff[-1].payload["text"]
    again = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert not again.anything


async def test_retention_deletes_the_topics_and_the_familys_own_copy(database: Database) -> None:
    """A family that still opens an info card now and then is never deleted as inactive: its
    state kept every child's answers, and the case's topic (card, relays, files) stayed in
    the staff group for ever."""
    staff, old_staff = -1001, -1000
    long_ago = NOW - timedelta(days=400)
    sent = (long_ago - timedelta(days=10)).isoformat()
    state = ParentState(
        locale="ar",
        screen="menu",
        consent_at=sent,
        children=[
            ChildDraft(answers={"first_name": "Amira"}, submitted_at=sent, assessment={}),
            ChildDraft(answers={"first_name": "Entwurf"}),
        ],
    ).model_dump(mode="json")
    async with database.transaction() as tx:
        await families.save(tx, user_id=1, chat_id=1, locale="ar", state=state, now=NOW)
        case = await cases.create(
            tx,
            family_id=1,
            locale="ar",
            municipality="Dülmen",
            age=9,
            children=[CHILD],
            now=long_ago,
        )
        await cases.set_topic(tx, case.id, old_staff, 4)
        await cases.set_topic(tx, case.id, staff, 9, former=(old_staff, 4))
        await tx.execute(
            update(Case).where(Case.id == case.id).values(status="closed", closed_at=long_ago)
        )
    report = await Housekeeping(app_on(database, clock=lambda: NOW)).run_once()
    assert (report.cases_anonymised, report.families_deleted, report.topics_to_delete) == (1, 0, 2)
    async with database.transaction() as tx:
        queued = [
            (r.chat_id, items.decode(r.kind, r.payload)) for r in await outbox.pending_rows(tx)
        ]
        family = await families.load(tx, 1)
    assert queued[:2] == [
        (items.TOPIC_DELETIONS, items.DeleteTopic(9, chat_id=staff, case_id=case.id)),
        (items.TOPIC_DELETIONS, items.DeleteTopic(4, chat_id=old_staff, case_id=case.id)),
    ]
    assert "(2 Themen werden gelöscht)" in queued[2][1].text  # type: ignore[union-attr]
    assert family is not None and family.state is not None
    kept = ParentState.model_validate(family.state)
    assert [c.answers["first_name"] for c in kept.children] == ["Entwurf"]
    assert family.updated_at == NOW  # still the family's own last activity
