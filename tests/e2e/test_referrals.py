"""Invitations from a volunteer group against the fake Bot API: /einladen → link and QR code →
a family opens it → the initiative on the case card → with the family's yes the group hears
only "received" and "closed"; revoked and unknown codes start normally."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from dialogs.parent.events import Referral
from dialogs.parent.referral import remember
from dialogs.parent.state import ParentState
from storage import reports
from storage.models import Case
from tests.fakeapi import FakeUser
from tests.support.staff_steps import ANNA, case_row, press_staff, staff_texts
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot

GROUP = -4002
HELGA = FakeUser(7201, "Helga", language_code="de")
_CODE = re.compile(r"\?start=ref-([A-Za-z0-9_-]+)")


async def approved_group(h: Harness) -> None:
    h.fake.add_member(STAFF_CHAT, ANNA, "member")
    h.fake.push_bot_added(HELGA, GROUP, "Café International", members=5)
    await h.settle()
    h.fake.push_button(ANNA, "Zulassen", chat=STAFF_CHAT)
    await h.settle()
    h.fake.push_text(ANNA, "/initiative 1 Café International; Dülmen", chat=STAFF_CHAT)
    await h.settle()


async def invitation(h: Harness) -> str:
    h.fake.push_command(HELGA, "/einladen", chat=GROUP)
    await h.settle()
    found = _CODE.search(" ".join(h.texts_to(GROUP)[-2:]))
    assert found is not None
    return found.group(1)


async def test_invitation_link_and_qr_code(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        await approved_group(h)
        code = await invitation(h)
        link = f"https://t.me/{h.fake.bot_user['username']}?start=ref-{code}"
        assert any(link in t for t in h.texts_to(GROUP))
        (sent,) = h.fake.calls_to("sendDocument")
        assert sent.params["chat_id"] == GROUP
        png = next(iter(h.fake.state.files.values())).content
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        # Another group's members cannot revoke it; the group itself can.
        h.fake.push_command(HELGA, "/einladen_widerrufen", args="nichtda", chat=GROUP)
        await h.settle()
        assert "gibt es in dieser Gruppe nicht" in h.last_text_to(GROUP)
        h.fake.push_command(HELGA, "/einladen_widerrufen", args=code, chat=GROUP)
        await h.settle()
        assert "widerrufen" in h.last_text_to(GROUP)


async def test_family_with_consent_tags_its_case_and_the_group_hears_only_dates(
    tmp_path: Path,
) -> None:
    parent = FakeUser(7301, "Mariam", language_code="ar")
    async with running_bot(tmp_path) as h:
        await approved_group(h)
        code = await invitation(h)
        group_before = len(h.texts_to(GROUP))
        await h.command(parent, "/start", args=f"ref-{code}")
        question = h.last_text_to(parent.id)
        assert "Café International" in question
        asked = remember(ParentState(), Referral(code, "Café International")).text
        assert question == h.app.render(asked, "ar")  # in the family's language
        await h.press_action(parent, "ref.yes")
        await h.press_action(parent, "lang.ar")
        await h.press_action(parent, "talk")
        await h.press_action(parent, "ok.yes")
        thread = int(h.fake.calls_to("createForumTopic")[-1].result["message_thread_id"])
        case = await case_row(h)
        assert (case.referral_code, case.referral_notify) == (code, True)
        async with h.app.db.transaction() as tx:  # the monthly report's source counts it
            counted = await reports.referrals(
                tx, since=case.created_at, before=case.created_at + timedelta(seconds=1)
            )
        assert [r.initiative for r in counted] == ["Café International"]
        card = staff_texts(h, thread)[0]
        assert "Eingeladen von der Initiative Café International (Dülmen)" in card
        told = h.texts_to(GROUP)[group_before:]
        assert told == [
            f"Einladung {code}: Die Anfrage der Familie ist beim Beratungsteam angekommen."
        ]
        await press_staff(h, ANNA, "close.1", thread)
        await press_staff(h, ANNA, "closeok.1", thread)
        assert h.texts_to(GROUP)[-1] == (
            f"Einladung {code}: Das Beratungsteam hat die Anfrage der Familie abgeschlossen."
        )
        # Nothing of the case reached the group: no name, no language, no case number.
        for text in h.texts_to(GROUP):
            assert "Mariam" not in text and "#1" not in text and "Fall" not in text


async def test_without_consent_the_case_is_tagged_but_the_group_hears_nothing(
    tmp_path: Path,
) -> None:
    parent = FakeUser(7302, "Oksana", language_code="uk")
    async with running_bot(tmp_path) as h:
        await approved_group(h)
        code = await invitation(h)
        group_before = len(h.texts_to(GROUP))
        await h.command(parent, "/start", args=f"ref-{code}")
        await h.press_action(parent, "ref.no")
        await h.press_action(parent, "lang.uk")
        await h.press_action(parent, "talk")
        await h.press_action(parent, "ok.yes")
        case = await case_row(h)
        assert (case.referral_code, case.referral_notify) == (code, False)
        assert len(h.texts_to(GROUP)) == group_before


async def test_revoked_and_unknown_codes_start_normally(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        await approved_group(h)
        code = await invitation(h)
        h.fake.push_command(HELGA, "/einladen_widerrufen", args=code, chat=GROUP)
        await h.settle()
        for n, payload in enumerate((f"ref-{code}", "ref-unknown1", "ref-!!", "other")):
            parent = FakeUser(7310 + n, "Family", language_code="tr")
            await h.command(parent, "/start", args=payload)
            texts = h.texts_to(parent.id)
            assert len(texts) == 2, payload  # greeting and language picker, no question
            assert not any("Café" in t for t in texts)
        async with h.app.db.transaction() as session:
            assert (await session.scalars(select(Case))).first() is None
