"""The outbox table: order within a chat, leases between workers, on both databases."""

from __future__ import annotations

from datetime import timedelta

from storage import outbox
from storage.db import Database
from storage.models import utcnow
from tests.support.records import family_with_case


async def test_only_the_head_of_each_chat_is_due_and_a_failure_holds_its_chat(
    database: Database,
) -> None:
    async with database.transaction() as tx:
        first = await outbox.enqueue(
            tx, chat_id=100, kind="message", payload={"text": "1"}, due=utcnow()
        )
        await outbox.enqueue(tx, chat_id=100, kind="message", payload={"text": "2"}, due=utcnow())
        other = await outbox.enqueue(
            tx, chat_id=200, kind="message", payload={"text": "a"}, due=utcnow()
        )
    now = utcnow() + timedelta(seconds=1)
    lease = timedelta(seconds=30)
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=now, lease=lease)
    assert [row.id for row in due] == [first, other]  # only the head of each chat
    async with database.transaction() as tx:
        await outbox.mark_failed(tx, first, retry_in=60, error="429", now=utcnow())
        await outbox.release(tx, other)
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=now, lease=lease)
    # The failed head holds back its chat; the other chat goes on.
    assert [row.id for row in due] == [other]
    async with database.transaction() as tx:
        await outbox.mark_delivered(tx, other, now=utcnow())
        assert await outbox.pending_count(tx) == 2
        assert (await outbox.pending_rows(tx))[0].id == first


async def test_two_workers_never_take_the_same_row_or_break_a_chats_order(
    database: Database,
) -> None:
    async with database.transaction() as tx:
        for chat in (100, 100, 200, 300):
            await outbox.enqueue(
                tx, chat_id=chat, kind="message", payload={"t": chat}, due=utcnow()
            )
    now = utcnow() + timedelta(seconds=1)
    lease = timedelta(seconds=60)
    if database.is_sqlite:
        # One writer at a time: the second worker runs after the first has committed.
        async with database.transaction() as first:
            a = await outbox.lease_due(first, now=now, lease=lease, limit=2)
        async with database.transaction() as second:
            b = await outbox.lease_due(second, now=now, lease=lease)
    else:
        # Truly at once: SKIP LOCKED hands the second worker the rows the first did not lock.
        async with database.transaction() as first, database.transaction() as second:
            a = await outbox.lease_due(first, now=now, lease=lease, limit=2)
            b = await outbox.lease_due(second, now=now, lease=lease)
    taken = [r.id for r in a] + [r.id for r in b]
    assert len(taken) == len(set(taken)) == 3  # the heads of chats 100, 200, 300, once each
    async with database.transaction() as tx:
        # While chat 100's head is leased, its second row is not handed out to anyone.
        assert await outbox.lease_due(tx, now=now, lease=lease) == []
        # A worker that died: its lease runs out and the row is taken again.
        later = now + lease + timedelta(seconds=1)
        again = await outbox.lease_due(tx, now=later, lease=lease)
        assert sorted(r.id for r in again) == sorted(taken)


async def test_delivered_rows_are_deleted_after_a_while(database: Database) -> None:
    async with database.transaction() as tx:
        done = await outbox.enqueue(
            tx, chat_id=1, kind="message", payload={"text": "x"}, due=utcnow()
        )
        await outbox.enqueue(tx, chat_id=2, kind="message", payload={"text": "y"}, due=utcnow())
        await outbox.mark_delivered(tx, done, now=utcnow())
    async with database.transaction() as tx:
        assert await outbox.delete_delivered_before(tx, utcnow() - timedelta(days=1)) == 0
        assert await outbox.delete_delivered_before(tx, utcnow() + timedelta(seconds=1)) == 1
        assert await outbox.pending_count(tx) == 1


async def test_an_updates_replies_are_inserted_leased_and_numbered_in_their_order(
    database: Database,
) -> None:
    now = utcnow()
    replies = [(100 + i % 3, "message", {"text": str(i)}) for i in range(7)]
    async with database.transaction() as tx:
        records = await outbox.enqueue_leased(
            tx, replies, now=now, lease_until=now + timedelta(seconds=30)
        )
    # Each record names its own row: the ids come back in the order of the replies.
    assert [r.id for r in records] == sorted(r.id for r in records)
    async with database.transaction() as tx:
        stored = {row.id: row for row in await outbox.pending_rows(tx)}
        # Leased: no worker takes them while this process sends them itself.
        assert await outbox.lease_due(tx, now=now, lease=timedelta(seconds=30)) == []
    assert [(stored[r.id].chat_id, stored[r.id].payload) for r in records] == [
        (chat_id, payload) for chat_id, _kind, payload in replies
    ]


async def test_a_deleted_rows_id_is_never_given_to_a_new_row(database: Database) -> None:
    """Deliveries are acknowledged by id a moment after the send (bot/outbox/acks.py). If an
    erasure deleted the newest row meanwhile and SQLite handed its id to the next message,
    the late acknowledgement would mark a message delivered that was never sent."""
    async with database.transaction() as tx:
        gone = await outbox.enqueue(
            tx, chat_id=1, kind="message", payload={"text": "x"}, due=utcnow()
        )
    async with database.transaction() as tx:  # gone, as an erasure or the pruning does
        await outbox.mark_delivered(tx, gone, now=utcnow())
        assert await outbox.delete_delivered_before(tx, utcnow() + timedelta(seconds=1)) == 1
    async with database.transaction() as tx:
        new = await outbox.enqueue(
            tx, chat_id=2, kind="message", payload={"text": "y"}, due=utcnow()
        )
        await outbox.mark_delivered_many(tx, [gone], now=utcnow())  # the late acknowledgement
        assert [row.id for row in await outbox.pending_rows(tx)] == [new]
    assert new > gone


async def test_in_the_staff_group_each_case_keeps_its_own_order_and_does_not_wait_for_others(
    database: Database,
) -> None:
    """One family writing a lot must not hold up another family's card: in the staff group
    order matters within a case's topic, not across topics. In a family's chat it stays
    one order for the whole chat."""
    now = utcnow()
    async with database.transaction() as tx:
        ids = [await family_with_case(tx, user, locale="de", children=[]) for user in (1, 2)]
        chatty, quiet = ids
        first = await outbox.enqueue(
            tx, chat_id=0, case_id=chatty, kind="message", payload={"text": "1"}, due=now
        )
        await outbox.enqueue(
            tx, chat_id=0, case_id=chatty, kind="message", payload={"text": "2"}, due=now
        )
        card = await outbox.enqueue(
            tx, chat_id=0, case_id=quiet, kind="create_topic", payload={"name": "#2"}, due=now
        )
        general = await outbox.enqueue(
            tx, chat_id=0, kind="message", payload={"text": "queue"}, due=now
        )
        reply = await outbox.enqueue(tx, chat_id=1, kind="message", payload={"t": "a"}, due=now)
        await outbox.enqueue(
            tx, chat_id=1, case_id=chatty, kind="message", payload={"t": "b"}, due=now
        )
    later, lease = now + timedelta(seconds=1), timedelta(seconds=30)
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=later, lease=lease)
    # A new topic first; then the oldest head of each case, of the General topic, of the
    # family's chat (its relay waits behind the earlier reply).
    assert [row.id for row in due] == [card, first, general, reply]


async def test_the_staff_groups_queue_counts_a_case_as_about_one_message(
    database: Database,
) -> None:
    now = utcnow()
    async with database.transaction() as tx:
        case_id = await family_with_case(tx, 1, locale="de", children=[])
        for n in range(5):  # a family's texts: bundled, about one message
            await outbox.enqueue(
                tx, chat_id=0, case_id=case_id, kind="message", payload={"n": n}, due=now
            )
        for n in range(2):  # the queue, a report: one each
            await outbox.enqueue(tx, chat_id=0, kind="message", payload={"n": n}, due=now)
        await outbox.enqueue(tx, chat_id=1, kind="message", payload={}, due=now)  # elsewhere
        assert await outbox.messages_waiting_in(tx, [0]) == 3


async def test_a_cases_rows_are_one_line_across_staff_groups_and_a_busy_group_is_skipped(
    database: Database,
) -> None:
    """A case's group can change (its municipality became known): its rows addressed to the
    old and the new group stay one line in order. A group the worker is sending to already
    is skipped, so another group's rows go meanwhile."""
    first_group, second_group = -1001, -1002
    now = utcnow()
    async with database.transaction() as tx:
        ids = [await family_with_case(tx, user, locale="de", children=[]) for user in (1, 2)]
        moving, other = ids
        old = await outbox.enqueue(
            tx, chat_id=first_group, case_id=moving, kind="message", payload={}, due=now
        )
        new = await outbox.enqueue(
            tx, chat_id=second_group, case_id=moving, kind="message", payload={}, due=now
        )
        elsewhere = await outbox.enqueue(
            tx, chat_id=second_group, case_id=other, kind="message", payload={}, due=now
        )
        assert await outbox.messages_waiting_in(tx, [second_group]) == 2
    later, lease = now + timedelta(seconds=1), timedelta(seconds=30)
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=later, lease=lease, skip_chats=[first_group])
        # The moving case's head is for the busy group: its second row waits behind it.
        assert [row.id for row in due] == [elsewhere]
        await outbox.release_many(tx, [elsewhere])
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=later, lease=lease)
        assert [row.id for row in due] == [old, elsewhere]
        await outbox.mark_delivered_many(tx, [old], now=later)
        await outbox.release_many(tx, [elsewhere])
    async with database.transaction() as tx:
        due = await outbox.lease_due(tx, now=later, lease=lease)
        assert [row.id for row in due] == [new, elsewhere]
