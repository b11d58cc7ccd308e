"""A parent's update written without a row lock (PostgreSQL): the family's row and the replies
in one statement, only at the version read; anything else that wrote the row meanwhile wins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, text

from storage import cases, families, optimistic, outbox
from storage.crypto import cipher
from storage.db import Database
from storage.direct import DirectPool
from storage.models import utcnow
from storage.records import FamilyRecord, OutboxRecord

pytestmark = pytest.mark.postgres


async def _family(db: Database, user_id: int = 7) -> FamilyRecord:
    async with db.transaction() as tx:
        await families.save(
            tx, user_id=user_id, chat_id=user_id, locale="fa", state={"n": 1}, now=utcnow()
        )
    family = await optimistic.peek(db, user_id)
    assert family is not None and family.version is not None
    return family


def _write(family: FamilyRecord, n: int, handled: int) -> optimistic.FamilyWrite:
    recent = families.with_handled(family.recent_updates, handled)
    return optimistic.FamilyWrite(family.user_id, family.chat_id, "fa", {"n": n}, utcnow(), recent)


async def _write_at(
    db: Database,
    tx: object,
    family: FamilyRecord,
    n: int,
    handled: int,
    replies: list[tuple[int, str, dict[str, object]]],
) -> list[OutboxRecord]:
    """Writes state {"n": n} at the version `family` was read at."""
    now = utcnow()
    return await optimistic.write_family_and_replies(
        db,
        tx,  # type: ignore[arg-type]
        _write(family, n, handled=handled),
        version=family.version or "",
        replies=replies,  # type: ignore[arg-type]
        now=now,
        lease_until=now + timedelta(seconds=15),
    )


def _case(tx: object) -> dict[str, object]:
    return {
        "tx": tx,
        "family_id": 7,
        "locale": "fa",
        "municipality": None,
        "age": 9,
        "children": [],
        "now": utcnow(),
    }


REPLIES = [(7, "message", {"text": "سلام"}), (7, "message", {"text": "دوم"}), (-100, "x", {})]


async def test_the_row_and_the_replies_are_written_together_in_order(
    postgres_database: Database,
) -> None:
    db = postgres_database
    family = await _family(db)
    now = utcnow()
    async with db.transaction() as tx:
        leased = await optimistic.write_family_and_replies(
            db,
            tx,
            _write(family, 2, handled=501),
            version=family.version or "",
            replies=REPLIES,
            now=now,
            lease_until=now + timedelta(seconds=15),
        )
        assert not Database.has_begun(tx)  # one statement on its own: no BEGIN, no COMMIT
    assert [(r.chat_id, r.kind, r.payload) for r in leased] == REPLIES
    assert [r.id for r in leased] == sorted(r.id for r in leased)
    again = await optimistic.peek(db, 7)
    assert again is not None
    assert (again.state, again.recent_updates) == ({"n": 2}, (501,))
    assert again.version != family.version
    async with db.transaction() as tx:
        # Leased to the writer: no worker takes them before the lease ends.
        assert await outbox.lease_due(tx, now=now, lease=timedelta(seconds=30)) == []
        due = await outbox.lease_due(tx, now=now + timedelta(seconds=16), lease=timedelta(1))
    # The oldest of each chat, as any reply written by `outbox.enqueue_leased`.
    assert sorted(r.id for r in due) == [leased[0].id, leased[2].id]


async def test_a_row_written_meanwhile_wins_and_nothing_is_written(
    postgres_database: Database,
) -> None:
    db = postgres_database
    family = await _family(db)
    async with db.transaction() as tx:  # a counsellor's action, housekeeping, another instance
        await families.replace_state(tx, 7, {"n": "theirs"})
    async with db.transaction() as tx:
        with pytest.raises(optimistic.Conflict):
            await _write_at(db, tx, family, 2, handled=502, replies=REPLIES)
    async with db.transaction() as tx:
        assert (await families.load(tx, 7)).state == {"n": "theirs"}  # type: ignore[union-attr]
        assert await outbox.pending_count(tx) == 0


async def test_an_erased_family_is_not_written_back(postgres_database: Database) -> None:
    db = postgres_database
    family = await _family(db)
    async with db.transaction() as tx:
        await families.erase(tx, 7)
    async with db.transaction() as tx:
        with pytest.raises(optimistic.Conflict):
            await _write_at(db, tx, family, 2, handled=503, replies=[])
    assert await optimistic.peek(db, 7) is None


async def test_a_unit_of_work_that_runs_statements_locks_the_row_first(
    postgres_database: Database,
) -> None:
    """Rows are locked family first everywhere, so the family's lock comes before the case's;
    and a row changed since it was read stops the unit of work at its first statement."""
    db = postgres_database
    family = await _family(db)
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement.split()[0] + (" FOR UPDATE" if "FOR UPDATE" in statement else ""))

    event.listen(db.engine.sync_engine, "before_cursor_execute", note)
    async with db.transaction() as tx:
        optimistic.expect(tx, family)
        case = await cases.create(**_case(tx))
        await _write_at(db, tx, family, 3, handled=504, replies=REPLIES[:1])
        # The write went to the driver on the transaction's own connection: part of it, so
        # nobody else sees it before the commit.
        async with db.transaction() as other:
            assert (await families.load(other, 7)).state == {"n": 1}  # type: ignore[union-attr]
    event.remove(db.engine.sync_engine, "before_cursor_execute", note)
    assert seen[0] == "SELECT FOR UPDATE"  # the family's row, before the case's insert
    async with db.transaction() as tx:
        assert (await families.load(tx, 7)).state == {"n": 3}  # type: ignore[union-attr]
        assert await cases.by_id(tx, case.id) is not None

    stale = family  # read before the write above
    async with db.transaction() as tx:
        optimistic.expect(tx, stale)
        with pytest.raises(optimistic.Conflict):
            await cases.create(**_case(tx))
    async with db.transaction() as tx:
        count = (await tx.execute(text("SELECT count(*) FROM cases"))).scalar_one()
    assert count == 1


class _Reads:
    """Counts the reads that go to the server."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = DirectPool.fetchrow

        async def counting(pool: DirectPool, sql: str, *args: object) -> object:
            self.count += sql.lstrip().upper().startswith("SELECT")
            return await original(pool, sql, *args)

        monkeypatch.setattr(DirectPool, "fetchrow", counting)


async def test_the_next_update_starts_from_the_row_this_process_wrote_without_reading_it(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = postgres_database
    family = await _family(db)
    reads = _Reads(monkeypatch)
    async with db.transaction() as tx:
        await _write_at(db, tx, family, 2, handled=510, replies=REPLIES[:1])
    kept = await optimistic.peek(db, 7)
    assert reads.count == 0
    assert kept is not None
    assert (kept.state, kept.recent_updates, kept.locale) == ({"n": 2}, (510,), "fa")
    # The version the write returned is the row's: the next write at it goes through.
    async with db.transaction() as tx:
        await _write_at(db, tx, kept, 3, handled=511, replies=[])
    async with db.transaction() as tx:
        assert (await families.load(tx, 7)).state == {"n": 3}  # type: ignore[union-attr]


async def test_a_kept_row_somebody_else_wrote_since_is_a_conflict_then_read_afresh(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = postgres_database
    family = await _family(db)
    async with db.transaction() as tx:
        await _write_at(db, tx, family, 2, handled=512, replies=[])
    async with db.transaction() as tx:  # a counsellor's action, another instance
        await families.replace_state(tx, 7, {"n": "theirs"})
    kept = await optimistic.peek(db, 7)
    assert kept is not None and kept.state == {"n": 2}  # this process cannot know yet
    async with db.transaction() as tx:
        with pytest.raises(optimistic.Conflict):
            await _write_at(db, tx, kept, 3, handled=513, replies=REPLIES[:1])
    reads = _Reads(monkeypatch)
    fresh = await optimistic.peek(db, 7)
    assert reads.count == 1
    assert fresh is not None and fresh.state == {"n": "theirs"}


async def test_only_an_optimistic_write_leaves_a_row_kept_and_only_as_stored(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taken when used: an update that ends otherwise (an erasure, a locked write, an error)
    leaves nothing; what is kept is the ciphertext, never the answers in the clear; a bounded
    number of families."""
    db = postgres_database
    monkeypatch.setattr(optimistic, "KEPT_ROWS", 2)
    for user_id in (7, 8, 9):
        family = await _family(db, user_id)
        async with db.transaction() as tx:
            await _write_at(db, tx, family, 2, handled=520 + user_id, replies=[])
    kept = optimistic._kept(db)
    assert len(kept) == 2  # the oldest, 7, went first
    row = kept.take(9)
    assert row is not None and isinstance(row[3], str)  # the state as stored: a token
    assert cipher().decrypt_json(row[3]) == {"n": 2}
    reads = _Reads(monkeypatch)
    await optimistic.peek(db, 8)  # taken, then the update ended without writing
    await optimistic.peek(db, 8)
    await optimistic.peek(db, 7)
    assert reads.count == 2


async def test_a_write_inside_a_transaction_that_then_fails_leaves_nothing_kept(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept, its update would count as handled when it is tried again after the failed
    commit (an outage), and the family's update would be lost."""
    db = postgres_database
    family = await _family(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            optimistic.expect(tx, family)
            await cases.create(**_case(tx))
            await _write_at(db, tx, family, 2, handled=530, replies=REPLIES[:1])
            raise RuntimeError("the commit failed")
    reads = _Reads(monkeypatch)
    again = await optimistic.peek(db, 7)
    assert reads.count == 1
    assert again is not None and 530 not in again.recent_updates and again.state == {"n": 1}


async def _write_new(db: Database, tx: object, user_id: int, handled: int) -> list[OutboxRecord]:
    """A new family's first write ({"first": True}), with one reply."""
    now = utcnow()
    return await optimistic.write_family_and_replies(
        db,
        tx,  # type: ignore[arg-type]
        optimistic.FamilyWrite(user_id, user_id, "ar", {"first": True}, now, (handled,)),
        version=optimistic.NO_ROW,
        replies=REPLIES[:1],  # type: ignore[arg-type]
        now=now,
        lease_until=now + timedelta(seconds=15),
    )


async def test_a_new_familys_row_and_replies_are_made_in_one_statement(
    postgres_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = postgres_database
    assert await optimistic.peek(db, 11) is None
    async with db.transaction() as tx:
        leased = await _write_new(db, tx, 11, handled=540)
        assert not Database.has_begun(tx)  # no ledger row, no BEGIN, no COMMIT
    assert [(r.chat_id, r.kind, r.payload) for r in leased] == REPLIES[:1]
    async with db.transaction() as tx:
        stored = await families.load(tx, 11)
        ledger_rows = (await tx.execute(text("SELECT count(*) FROM processed_updates"))).scalar()
    assert stored is not None
    assert (stored.state, stored.locale, stored.recent_updates) == ({"first": True}, "ar", (540,))
    assert ledger_rows == 0
    reads = _Reads(monkeypatch)
    kept = await optimistic.peek(db, 11)  # the next update starts from it
    assert reads.count == 0 and kept is not None and kept.recent_updates == (540,)


async def test_a_row_made_meanwhile_wins_over_a_new_familys_write(
    postgres_database: Database,
) -> None:
    """Another instance handled the family's first update (a webhook's retry) and made the
    row: this one writes nothing and runs again, locked, from that row."""
    db = postgres_database
    await _family(db, 12)
    async with db.transaction() as tx:
        with pytest.raises(optimistic.Conflict):
            await _write_new(db, tx, 12, handled=541)
    async with db.transaction() as tx:
        assert (await families.load(tx, 12)).state == {"n": 1}  # type: ignore[union-attr]
        assert await outbox.pending_count(tx) == 0
