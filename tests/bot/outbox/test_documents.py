"""Documents through the outbox: report files carried as bytes, case sheets made at delivery
(and not at all once the family has erased its data)."""

from __future__ import annotations

import pytest

from bot.outbox import items
from bot.outbox.queue import put
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from storage import cases, families, outbox
from storage.db import Database
from storage.models import utcnow
from tests.bot.outbox.conftest import FORUM
from tests.fakeapi import FakeBotAPI
from tests.support.limits import NoLimits


class Sheets:
    def __init__(self) -> None:
        self.made: list[int] = []

    async def case_sheet(self, case_id: int, *, with_notes: bool) -> tuple[str, bytes, str]:
        self.made.append(case_id)
        return f"fallblatt-{case_id}.pdf", b"%PDF-1.7 sheet", f"Fallblatt Fall #{case_id}"


def test_items_round_trip() -> None:
    doc = items.document("bericht.csv", b"a;b\n1;2\n", "CSV")
    assert items.decode(*items.encode(doc)) == doc
    assert items.document_bytes(doc) == b"a;b\n1;2\n"
    sheet = items.CaseSheet(7, True)
    assert items.decode(*items.encode(sheet)) == sheet
    with pytest.raises(items.ItemError):
        items.document_bytes(items.Document("x", "not base64!"))


async def test_report_files_and_case_sheets_are_delivered(fake: FakeBotAPI, db: Database) -> None:
    async with db.transaction() as tx:
        await families.save(tx, user_id=1, chat_id=1, locale="de", state={}, now=utcnow())
        case = await cases.create(
            tx, family_id=1, locale="de", municipality=None, age=None, children=[], now=utcnow()
        )
        await put(
            tx, items.CreateTopic("#1"), chat_id=items.STAFF_CHAT, case_id=case.id, due=utcnow()
        )
        await put(
            tx, items.CaseSheet(case.id), chat_id=items.STAFF_CHAT, case_id=case.id, due=utcnow()
        )
        await put(
            tx, items.document("bericht.md", b"# Bericht\n"), chat_id=items.STAFF_CHAT, due=utcnow()
        )
    sheets = Sheets()
    worker = OutboxWorker(
        db,
        TelegramSender(fake.create_bot()),
        staff_chat_id=FORUM,
        limits=NoLimits(),
        documents=sheets,  # type: ignore[arg-type]
    )
    await worker.drain()
    topic = fake.calls_to("createForumTopic")[0].result["message_thread_id"]
    sheet, report = fake.calls_to("sendDocument")
    assert sheet.params["message_thread_id"] == topic
    assert sheet.files["document"].content == b"%PDF-1.7 sheet"
    assert "message_thread_id" not in report.params
    assert report.files["document"].filename == "bericht.md"
    assert sheets.made == [case.id]


async def test_a_refused_sheet_is_not_retried_forever(fake: FakeBotAPI, db: Database) -> None:
    async with db.transaction() as tx:
        await families.save(tx, user_id=1, chat_id=1, locale="de", state={}, now=utcnow())
        case = await cases.create(
            tx, family_id=1, locale="de", municipality=None, age=None, children=[], now=utcnow()
        )
        await cases.set_topic(tx, case.id, FORUM, 5)
        await put(
            tx, items.CaseSheet(case.id), chat_id=items.STAFF_CHAT, case_id=case.id, due=utcnow()
        )
    without = OutboxWorker(
        db, TelegramSender(fake.create_bot()), staff_chat_id=FORUM, limits=NoLimits()
    )  # type: ignore[arg-type]
    await without.drain()
    async with db.transaction() as tx:
        assert await outbox.pending_count(tx) == 0  # marked undeliverable, not stuck
    assert fake.calls_to("sendDocument") == []
