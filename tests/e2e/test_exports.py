"""/note, /export and /bericht in the staff group through Telegram: the real aiogram client
against the fake Bot API, which checks each sendDocument upload against the Bot API spec."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from dialogs.report.month import Month
from storage.models import AuditEntry, CaseNote
from tests.e2e.test_parents import answer_until_summary, open_intake_with_consent
from tests.e2e.test_staff import ANNA, open_contact_case, staff_says, staff_texts
from tests.fakeapi import FakeUser
from tests.support.telegram_harness import STAFF_CHAT, running_bot


async def test_case_sheet_and_monthly_report_reach_the_staff_group(tmp_path: Path) -> None:
    parent = FakeUser(801, "Amal", language_code="ar")
    asking = FakeUser(802, "Olena", language_code="uk")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await open_intake_with_consent(h, parent, "ar")
        await answer_until_summary(h, parent)  # the shared answers say yes to passing data on
        await h.press_action(parent, "send")
        thread = int(h.fake.calls_to("createForumTopic")[-1].result["message_thread_id"])

        # /note is kept (encrypted), never sent to the family.
        before = len(h.texts_to(parent.id))
        await staff_says(h, ANNA, "/note Vater bringt das Zeugnis am Montag", thread)
        assert len(h.texts_to(parent.id)) == before
        async with h.app.db.transaction() as session:
            stored = (await session.execute(select(CaseNote))).scalars().one()
            raw = await session.execute(select(CaseNote.__table__.c.body))
        assert stored.body["text"] == "Vater bringt das Zeugnis am Montag"
        assert "Zeugnis" not in raw.scalar_one()  # encrypted at rest

        # /export notizen: a PDF document in the case's topic.
        await staff_says(h, ANNA, "/export notizen", thread)
        await h.fake.wait_for("sendDocument")
        (sent,) = h.fake.calls_to("sendDocument")
        assert sent.params["message_thread_id"] == thread
        upload = sent.files["document"]
        assert upload.filename == "fallblatt-1.pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(upload.content)).pages)
        assert "Amira" in text and "Vater bringt das Zeugnis am Montag" in text

        # A case without a child's answers has nothing to export.
        other = await open_contact_case(h, asking, "uk")
        await staff_says(h, ANNA, "/export", other)
        assert "keine Angaben" in staff_texts(h, other)[-1]
        assert len(h.fake.calls_to("sendDocument")) == 1

        # /bericht for this month: Markdown, CSV and charts in the General topic.
        month = Month.of(h.app.clock())
        await staff_says(h, ANNA, f"/bericht {month.key}", None)
        # Case sheet, Markdown, CSV and at least one chart; then the rest of the charts.
        await h.fake.wait_for("sendDocument", count=4, timeout=60)
        await h.settle()
        names = [c.files["document"].filename for c in h.fake.calls_to("sendDocument")[1:]]
        assert f"bericht-{month.key}.md" in names and f"bericht-{month.key}.csv" in names
        assert f"bericht-{month.key}-children_language.png" in names
        general = [c for c in h.fake.calls_to("sendDocument")[1:]]
        assert all("message_thread_id" not in c.params for c in general)

        async with h.app.db.transaction() as session:
            actions = set(
                (
                    await session.execute(
                        select(AuditEntry.action).where(AuditEntry.actor_id == ANNA.id)
                    )
                )
                .scalars()
                .all()
            )
        assert {"note", "export_case_sheet", "report"} <= actions
