"""MINIMAL_CARD through Telegram: what reaches the staff group (Telegram's cloud) holds no
name, birth date or answer; the family is told once that the team reads it there."""

from __future__ import annotations

from pathlib import Path

from dialogs.parent.consent import telegram_notice
from tests.fakeapi import FakeUser
from tests.support.parent_steps import answer_until_summary, open_intake_with_consent
from tests.support.telegram_harness import STAFF_CHAT, running_bot


async def test_the_minimal_card_keeps_the_childs_details_out_of_telegram(tmp_path: Path) -> None:
    parent = FakeUser(511, "Parent", language_code="ar")
    async with running_bot(tmp_path, minimal_card=True) as h:
        await open_intake_with_consent(h, parent, "ar")
        await answer_until_summary(h, parent)
        await h.press_action(parent, "send")
        (topic,) = h.fake.calls_to("createForumTopic")
        assert topic.params["name"] == "#1 · ar · 10–15 J. · Dülmen · offen"
        thread = topic.result["message_thread_id"]
        staff = "\n".join(h.texts_to(STAFF_CHAT, thread))
        assert "Kind 1: A. · 10–15 J. · Dülmen" in staff and "/export" in staff
        for detail in ("Amira", "12.03.2016", "Geburtsdatum:", "Herkunftsland:", "Syrien"):
            assert detail not in staff, detail
        notice = h.app.render(telegram_notice(), "ar")
        assert h.texts_to(parent.id).count(notice) == 1
        await h.say(parent, "سؤال")
        assert "سؤال" in h.texts_to(STAFF_CHAT, thread)[-1]
        assert h.texts_to(parent.id).count(notice) == 1
