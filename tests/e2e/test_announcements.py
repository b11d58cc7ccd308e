"""KI announcements to the initiatives' groups against the limit-enforcing fake Bot API:
preview, confirmation, delivery within Telegram's limits, the progress message edited in place
to the final tally; groups that removed the bot are marked and skipped next time."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from storage import initiatives, reports
from storage.models import AnnouncementDelivery, Initiative
from storage.records import InitiativeRecord
from tests.fakeapi import FakeUser
from tests.support.staff_steps import ANNA
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot

GROUPS = 100
HELGA = FakeUser(7401, "Helga", language_code="de")


def chat_of(n: int) -> int:
    return -6000 - n


async def approved_groups(h: Harness, n: int) -> None:
    """`n` approved initiatives, half in Dülmen, half in Nottuln (registering each through
    Telegram is tested in test_volunteers.py; here it would only take the staff group's time)."""
    async with h.app.db.transaction() as tx:
        for i in range(n):
            h.fake.add_group(chat_of(i), f"Initiative {i}", chat_type="group", bot_status="member")
            place = "duelmen" if i % 2 == 0 else "nottuln"
            record = InitiativeRecord(
                i + 1, chat_of(i), f"Initiative {i}", "approved", None, f"Ini {i}", place, False
            )
            await initiatives.save(tx, record)


async def announce(h: Harness, text: str) -> dict:  # type: ignore[type-arg]
    h.fake.push_text(ANNA, f"/ankuendigung {text}", chat=STAFF_CHAT)
    await h.settle()
    return h.fake.last_message_to(STAFF_CHAT)


async def test_announcement_to_a_hundred_groups_within_telegrams_limits(tmp_path: Path) -> None:
    async with running_bot(tmp_path, telegram_limits=True) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await approved_groups(h, GROUPS)
        preview = await announce(h, "Sommerfest am Samstag, 15 Uhr, im Rathaus")
        assert f"{GROUPS} Gruppen" in preview["text"] and "Sommerfest" in preview["text"]
        assert not any(h.texts_to(chat_of(i)) for i in range(GROUPS))  # nothing before Senden
        started = time.monotonic()
        h.fake.push_button(ANNA, "Senden", chat=STAFF_CHAT)
        await h.settle(within=120)
        took = time.monotonic() - started
        for i in range(GROUPS):
            assert h.texts_to(chat_of(i)) == ["Sommerfest am Samstag, 15 Uhr, im Rathaus"]
        progress = h.fake.state.chats[STAFF_CHAT].messages[preview["message_id"]]
        assert f"fertig: {GROUPS}/{GROUPS} gesendet, 0 fehlgeschlagen" in progress["text"]
        assert "reply_markup" not in progress  # the buttons are gone
        assert h.fake.rate_limited == 0
        # The bot's 30 messages a second allow 100 groups in about 3.3 s; the tally's last edit
        # then waits for the staff group's pace (20 a minute: one message every 3 s).
        groups = {chat_of(i) for i in range(GROUPS)}
        reached = max(c.at for c in h.fake.calls_to("sendMessage") if c.params["chat_id"] in groups)
        print(
            f"\n{GROUPS}-group announcement: every group reached after {reached - started:.1f} s"
            f" (Telegram's 30/s allow {GROUPS / 30:.1f} s), final tally after {took:.1f} s"
        )


async def test_announcement_by_municipality_skips_groups_that_removed_the_bot(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await approved_groups(h, 6)
        # Group 2 (Dülmen) removed the bot without the bot noticing (no update came).
        h.fake.state.chats[chat_of(2)].members[h.fake.bot_user["id"]] = h.fake.state.member_dict(
            h.fake.bot_user, "left"
        )
        preview = await announce(h, "in Dülmen; Elterncafé am Montag")
        assert "3 Gruppen" in preview["text"] and "Dülmen" in preview["text"]
        h.fake.push_button(ANNA, "Senden", chat=STAFF_CHAT)
        await h.settle()
        assert h.texts_to(chat_of(0)) == ["Elterncafé am Montag"]
        assert h.texts_to(chat_of(4)) == ["Elterncafé am Montag"]
        assert not h.texts_to(chat_of(1)) and not h.texts_to(chat_of(2))
        progress = h.fake.state.chats[STAFF_CHAT].messages[preview["message_id"]]
        assert "fertig: 2/3 gesendet, 1 fehlgeschlagen" in progress["text"]
        async with h.app.db.transaction() as session:
            marked = await session.scalar(
                select(Initiative).where(Initiative.chat_id == chat_of(2))
            )
        assert marked is not None and marked.status == "removed"

        # The next announcement does not try it again.
        second = await announce(h, "Alle: Ferienprogramm")
        assert "5 Gruppen" in second["text"]
        h.fake.push_button(ANNA, "Senden", chat=STAFF_CHAT)
        await h.settle()
        async with h.app.db.transaction() as session:
            tried = (
                await session.scalars(
                    select(AnnouncementDelivery.chat_id).where(
                        AnnouncementDelivery.announcement_id == 2
                    )
                )
            ).all()
        assert chat_of(2) not in tried and len(tried) == 5
        async with h.app.db.transaction() as tx:  # the monthly report's source
            sent = await reports.announcements(
                tx, since=datetime(2000, 1, 1, tzinfo=UTC), before=datetime(3000, 1, 1, tzinfo=UTC)
            )
        assert sorted(groups for _at, groups in sent) == [3, 5]


async def test_only_counsellors_announce_and_a_dropped_draft_sends_nothing(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.add_member(STAFF_CHAT, HELGA, "left")
        await approved_groups(h, 2)
        h.fake.push_text(HELGA, "/ankuendigung Spam", chat=STAFF_CHAT)
        await h.settle()
        assert not any("Spam" in t for t in h.texts_to(STAFF_CHAT))
        # A volunteer typing it in their own group: nothing either.
        h.fake.push_command(HELGA, "/ankuendigung", args="Spam", chat=chat_of(0))
        await h.settle()
        assert not h.texts_to(chat_of(0))
        preview = await announce(h, "Probe")
        h.fake.push_button(HELGA, "Senden", chat=STAFF_CHAT)  # not a counsellor
        await h.settle()
        h.fake.push_button(ANNA, "Verwerfen", chat=STAFF_CHAT)
        await h.settle()
        assert (
            "verworfen von Anna"
            in h.fake.state.chats[STAFF_CHAT].messages[preview["message_id"]]["text"]
        )
        assert not h.texts_to(chat_of(0)) and not h.texts_to(chat_of(1))


async def test_announcement_with_a_photo_is_copied(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await approved_groups(h, 2)
        h.fake.push_photo(ANNA, caption="/ankuendigung Unser Plakat", chat=STAFF_CHAT)
        await h.settle()
        assert "(mit Foto)" in h.fake.last_message_to(STAFF_CHAT)["text"]
        h.fake.push_button(ANNA, "Senden", chat=STAFF_CHAT)
        await h.settle()
        copies = h.fake.calls_to("copyMessage")
        assert sorted(c.params["chat_id"] for c in copies) == sorted([chat_of(0), chat_of(1)])
        assert all(c.params["caption"] == "Unser Plakat" for c in copies)
