"""Exactly once through the real bot: a duplicate update from Telegram is answered once."""

from __future__ import annotations

from pathlib import Path

from storage import outbox
from storage.models import OutboxMessage
from tests.fakeapi import FakeUser
from tests.support.telegram_harness import running_bot


async def test_a_duplicate_update_from_telegram_is_answered_once(tmp_path: Path) -> None:
    parent = FakeUser(601, "Rana", language_code="de")
    async with running_bot(tmp_path) as h:
        update = h.fake.push_command(parent, "/help")
        await h.settle()
        answered = len(h.texts_to(parent.id))
        h.fake.push_raw(update)  # the same update_id again (e.g. after a webhook retry)
        await h.settle()
        assert len(h.texts_to(parent.id)) == answered
        async with h.app.db.transaction() as session:
            assert await outbox.pending_count(session) == 0
            rows = (await session.execute(OutboxMessage.__table__.select())).all()
        assert len(rows) == answered  # each reply was written (and sent) once, not twice
