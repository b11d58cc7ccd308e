"""The counsellors' queue through Telegram: real aiogram client against the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.telegram.render import StaffAct
from dialogs.parent import handoff
from dialogs.staff.templates import fill, template
from dialogs.text import _
from storage.models import AuditEntry
from tests.fakeapi import FakeUser
from tests.support.staff_steps import (
    ANNA,
    case_row,
    open_contact_case,
    press_staff,
    staff_messages,
    staff_says,
    staff_texts,
)
from tests.support.telegram_harness import STAFF_CHAT, running_bot

MALLORY = FakeUser(6666, "Mallory", language_code="de")


async def test_claim_relay_template_close_and_reopen(tmp_path: Path) -> None:
    parent = FakeUser(701, "Amal", language_code="ar")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "ar")

        # The card is the first message in the topic, pinned, with the claim button.
        card = staff_messages(h, thread)[0]
        assert "Fall #1" in card["text"]
        assert h.fake.calls_to("pinChatMessage")[0].params["message_id"] == card["message_id"]

        await press_staff(h, ANNA, "claim.1", thread)
        assert (await case_row(h)).status == "claimed"
        assert "Übernommen von Anna" in staff_messages(h, thread)[0]["text"]  # the card, edited
        assert "bei Anna" in h.fake.calls_to("editForumTopic")[-1].params["name"]
        told = h.app.render(handoff.person_answers(None), "ar")
        assert told in h.texts_to(parent.id)

        # Parent → topic: text and a photo of a certificate.
        await h.say(parent, "متى الموعد؟")
        assert "متى الموعد؟" in staff_texts(h, thread)[-1]
        h.fake.push_photo(parent, caption="Zeugnis")
        await h.settle()
        copies = [c for c in h.fake.calls_to("copyMessage") if c.params["chat_id"] == STAFF_CHAT]
        assert copies and copies[-1].params["message_thread_id"] == thread
        assert "photo" in staff_messages(h, thread)[-1]

        # Topic → parent: text and a photo, under a header in the parent's language.
        await staff_says(h, ANNA, "Wir haben am Montag Zeit.", thread)
        header = h.app.render(handoff.from_counsellor(None), "ar")
        assert h.texts_to(parent.id)[-1] == f"{header}\nWir haben am Montag Zeit."
        h.fake.push_photo(ANNA, caption="Lageplan", chat=STAFF_CHAT, thread_id=thread)
        await h.settle()
        to_parent = h.fake.messages_to(parent.id)[-1]
        assert "photo" in to_parent and to_parent["caption"] == f"{header}\nLageplan"

        # /note stays internal.
        before = len(h.texts_to(parent.id))
        await staff_says(h, ANNA, "/note Vater spricht etwas Englisch", thread)
        assert len(h.texts_to(parent.id)) == before
        assert "Interne Notiz" in staff_texts(h, thread)[-1]

        # A ready reply, previewed in German and Arabic, read by the parent in Arabic.
        await staff_says(h, ANNA, "/vorlage appt 14.01.2027; 9:30; Rathaus Dülmen, Raum 3", thread)
        preview = staff_texts(h, thread)[-1]
        assert "14. Januar 2027" in preview and "Rathaus Dülmen" in preview
        await press_staff(h, ANNA, "send.*", thread)
        expected = h.app.render(
            fill(
                template("appt"),
                {"date": "14.01.2027", "time": "9:30", "place": "Rathaus Dülmen, Raum 3"},
                today=h.app.clock().date(),
            ),
            "ar",
        )
        assert h.texts_to(parent.id)[-1].endswith(expected)
        assert expected != h.app.render(template("appt").body, "de")

        # Override of the estimate shows on the card with who and why.
        await staff_says(h, ANNA, "/einschaetzung sek1 Zeugnis zeigt Klasse 6", thread)
        assert "Grund: Zeugnis zeigt Klasse 6" in staff_messages(h, thread)[0]["text"]

        # Closing asks first, then tells the parent and closes the topic; writing again (as
        # the closing message invites, with no command) reopens it.
        await press_staff(h, ANNA, "close.1", thread)
        assert (await case_row(h)).status == "claimed"
        assert "abschließen?" in staff_texts(h, thread)[-1]
        await press_staff(h, ANNA, "closeok.1", thread)
        assert h.app.render(handoff.case_closed(), "ar") in h.texts_to(parent.id)
        assert h.fake.calls_to("closeForumTopic")
        assert (await case_row(h)).status == "closed"
        await h.say(parent, "سؤال آخر")
        assert (await case_row(h)).status == "claimed"
        assert h.fake.calls_to("reopenForumTopic")
        assert "سؤال آخر" in staff_texts(h, thread)[-1]
        assert h.texts_to(parent.id)[-1] == h.app.render(handoff.case_reopened(), "ar")

        # Closed again and reopened by the counsellor: the family is told it can write.
        await press_staff(h, ANNA, "close.1", thread)
        await press_staff(h, ANNA, "closeok.1", thread)
        await press_staff(h, ANNA, "reopen.1", thread)
        assert h.texts_to(parent.id)[-1] == h.app.render(handoff.reopened_by_team(), "ar")

        async with h.app.db.transaction() as session:
            actions = [
                a
                for (a,) in (
                    await session.execute(
                        select(AuditEntry.action).where(AuditEntry.actor_id == ANNA.id)
                    )
                )
            ]
        assert {"claim", "reply", "reply_media", "note", "template", "override", "close"} <= set(
            actions
        )


async def test_strangers_and_forged_buttons_are_refused(tmp_path: Path) -> None:
    parent = FakeUser(702, "Olena", language_code="uk")
    other = FakeUser(703, "Omar", language_code="ar")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "uk")
        other_thread = await open_contact_case(h, other, "ar")

        # Mallory was removed from the group (or never in it): pressing "claim" is refused,
        # nothing changes, no case data is shown.
        h.fake.add_member(STAFF_CHAT, MALLORY, "kicked")
        await press_staff(h, MALLORY, "claim.1", thread)
        answer = h.fake.calls_to("answerCallbackQuery")[-1].params
        assert answer["text"] == "Nur für das Beratungsteam."
        assert (await case_row(h)).status == "open"
        before = len(h.texts_to(parent.id))
        await staff_says(h, MALLORY, "Hallo, ich bin vom Amt", thread)
        assert len(h.texts_to(parent.id)) == before  # nothing relayed

        # A member's button for case 2 pressed inside case 1's topic does nothing.
        card = staff_messages(h, thread)[0]
        h.fake.push_callback(ANNA, card, StaffAct(v="claim.2").pack(), chat=STAFF_CHAT)
        await h.settle()
        assert (await case_row(h, 2)).status == "open"
        assert "keinem Fall" in h.fake.calls_to("answerCallbackQuery")[-1].params["text"]
        # Garbage callback data in the staff chat is answered, never crashes.
        h.fake.push_callback(ANNA, card, "s:claim.x", chat=STAFF_CHAT)
        h.fake.push_callback(ANNA, card, "zzz", chat=STAFF_CHAT)
        await h.settle()
        assert other_thread != thread


async def test_a_restricted_member_cannot_act_on_cases(tmp_path: Path) -> None:
    parent = FakeUser(705, "Hana", language_code="de")
    async with running_bot(tmp_path) as h:
        thread = await open_contact_case(h, parent, "de")
        # Muted by an admin: still in the group, but no longer trusted with cases.
        h.fake.add_member(STAFF_CHAT, MALLORY, "restricted")
        await press_staff(h, MALLORY, "claim.1", thread)
        assert h.fake.calls_to("answerCallbackQuery")[-1].params["text"] == (
            "Nur für das Beratungsteam."
        )
        assert (await case_row(h)).status == "open"
        before = len(h.texts_to(parent.id))
        await staff_says(h, MALLORY, "Hallo, ich bin vom Amt", thread)
        assert len(h.texts_to(parent.id)) == before  # nothing relayed


async def test_invisible_characters_reach_neither_the_team_nor_the_family(tmp_path: Path) -> None:
    parent = FakeUser(706, "Amal", language_code="ar")
    # A counsellor's own Telegram name with an override and a zero-width space in it.
    tricky = FakeUser(9002, "\u202eBe\u200brnd", language_code="de")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, tricky, "member")
        thread = await open_contact_case(h, parent, "ar")
        hidden = "".join(chr(0xE0000 + ord(c)) for c in "close it") + "\U000e007f"
        h.fake.push_text(parent, f"\u202eالموعد\u202c \u2066Montag\u2069 10:00\u200b{hidden}")
        await h.settle()
        relayed = staff_texts(h, thread)[-1]
        assert relayed.endswith("\nالموعد Montag 10:00")
        assert not {"\u202e", "\u202c", "\u2066", "\u200b", "\U000e0063"} & set(relayed)
        h.fake.push_photo(parent, caption=f"\u202eشهادة\u202c 2023{hidden}")
        await h.settle()
        copied = h.fake.calls_to("copyMessage")[-1].params
        assert copied["caption"] == "شهادة 2023"
        assert staff_messages(h, thread)[-1]["caption"] == "شهادة 2023"

        await press_staff(h, tricky, "claim.1", thread)
        assert "bei Bernd" in h.fake.calls_to("editForumTopic")[-1].params["name"]
        assert "Übernommen von Bernd" in staff_messages(h, thread)[0]["text"]


async def test_limits_count_utf16_code_units_as_telegram_does(tmp_path: Path) -> None:
    """Emoji are two UTF-16 code units each; the fake Bot API refuses what Telegram would."""
    parent = FakeUser(707, "Lina", language_code="uk")
    smiley = FakeUser(9003, "😀" * 64, language_code="de")  # Telegram allows 64 characters
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, smiley, "member")
        thread = await open_contact_case(h, parent, "uk")
        # Topic name "#1 · uk · offen · bei 😀…": cut to 128 code units, not code points.
        await press_staff(h, smiley, "claim.1", thread)
        assert (await case_row(h)).status == "claimed"
        name = h.fake.calls_to("editForumTopic")[-1].params["name"]
        assert len(name.encode("utf-16-le")) // 2 <= 128 and name.endswith("😀")

        # 3000 emoji are 3000 code points but 6000 units: too long to relay as one message.
        before = len(staff_messages(h, thread))
        h.fake.push_text(parent, "😀" * 3000)
        await h.settle()
        assert len(staff_messages(h, thread)) == before
        too_long = _("Diese Nachricht ist zu lang. Bitte schreiben Sie mehrere kurze.")
        assert h.texts_to(parent.id)[-1] == h.app.renderer.render(too_long, "uk")
        h.fake.push_text(parent, "😀" * 1800)
        await h.settle()
        assert staff_texts(h, thread)[-1].endswith("\n" + "😀" * 1800)

        # A counsellor's long message reaches the family in pieces Telegram accepts.
        mark = len(h.texts_to(parent.id))
        await staff_says(h, smiley, "😀" * 3000, thread)
        received = h.texts_to(parent.id)[mark:]
        assert len(received) >= 2
        assert "".join(received).count("😀") == 3000


async def test_queue_lists_open_cases_and_leaving_stops_the_relay(tmp_path: Path) -> None:
    parent = FakeUser(704, "Sara", language_code="de")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "de")
        await staff_says(h, ANNA, "/queue", None)
        general = [
            m.get("text", "")
            for m in h.fake.messages_to(STAFF_CHAT)
            if not m.get("message_thread_id")
        ]
        assert "#1" in general[-1] and "frei" in general[-1]

        await press_staff(h, ANNA, "claim.1", thread)
        await h.press_action(parent, "leave")  # the button under "a person answers you"
        relayed = len(staff_messages(h, thread))
        await h.say(parent, "Hallo?")
        assert len(staff_messages(h, thread)) == relayed  # back with the bot, not relayed
        await h.command(parent, "/contact")
        await h.say(parent, "Jetzt wieder an das Team")
        assert "Jetzt wieder an das Team" in staff_texts(h, thread)[-1]


async def test_a_counsellor_answering_quickly_in_several_topics_loses_nothing(
    tmp_path: Path,
) -> None:
    # Production's flood control (20 updates in 10 s per user): it must not count the team.
    parents = [FakeUser(720 + i, f"Eltern {i}", language_code="de") for i in range(3)]
    async with running_bot(tmp_path, flood_rate=20, flood_period=10.0) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        threads = [await open_contact_case(h, parent, "de") for parent in parents]
        before = {parent.id: len(h.texts_to(parent.id)) for parent in parents}
        # 30 answers, one after the other, without waiting for the bot in between.
        for n in range(30):
            h.fake.push_text(ANNA, f"Antwort {n}", chat=STAFF_CHAT, thread_id=threads[n % 3])
        await h.settle()
        for i, parent in enumerate(parents):
            answers = [t for t in h.texts_to(parent.id)[before[parent.id] :] if "Antwort" in t]
            assert [a.rsplit(" ", 1)[-1] for a in answers] == [str(n) for n in range(i, 30, 3)]


async def test_a_topic_deleted_by_hand_is_made_again_with_its_card_and_what_was_waiting(
    tmp_path: Path,
) -> None:
    parent = FakeUser(730, "Amal", language_code="ar")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        old = await open_contact_case(h, parent, "ar")
        await press_staff(h, ANNA, "claim.1", old)
        # Somebody in the group deletes the topic; Telegram tells the bot nothing.
        h.fake.state.resolve_chat(STAFF_CHAT).topics.pop(old)

        await h.say(parent, "هل وصلت رسالتي؟")
        await h.say(parent, "Zweite Nachricht")

        new = (await case_row(h)).topic_id
        assert new is not None and new != old
        texts = staff_texts(h, new)
        # The card first (with the claim it had), then a word on what happened, then the
        # family's messages in their order: nothing was dropped.
        assert "Fall #1" in texts[0] and "Übernommen von Anna" in texts[0]
        assert "neu angelegt" in texts[1]
        assert "هل وصلت رسالتي؟" in texts[2] and "Zweite Nachricht" in texts[3]
        card = staff_messages(h, new)[0]
        assert h.fake.calls_to("pinChatMessage")[-1].params["message_id"] == card["message_id"]
        assert (await case_row(h)).card_message_id == card["message_id"]
        # The counsellor's answer goes into the new topic's family as before.
        await staff_says(h, ANNA, "Ja, angekommen.", new)
        assert h.texts_to(parent.id)[-1].endswith("Ja, angekommen.")


async def test_a_topic_closed_by_hand_still_gets_the_familys_messages(tmp_path: Path) -> None:
    parent = FakeUser(731, "Sara", language_code="de")
    async with running_bot(tmp_path) as h:
        thread = await open_contact_case(h, parent, "de")
        # Closed by a member: the bot manages topics, so Telegram still lets it post there.
        h.fake.state.resolve_chat(STAFF_CHAT).topics[thread]["is_closed"] = True
        await h.say(parent, "Noch eine Frage")
        assert "Noch eine Frage" in staff_texts(h, thread)[-1]


async def test_a_counsellor_is_told_when_the_family_cannot_be_reached(tmp_path: Path) -> None:
    parent = FakeUser(732, "Omar", language_code="de")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "de")
        h.fake.block_bot(parent)
        await staff_says(h, ANNA, "Wann passt Ihnen Montag?", thread)
        told = staff_texts(h, thread)[-1]
        assert "nicht zugestellt" in told.lower() and "blockiert" in told
        assert "Wann passt Ihnen Montag?" in told  # which of the answers it was


async def test_service_messages_in_a_topic_are_not_relayed_to_the_family(tmp_path: Path) -> None:
    """Issue 9.18: a pin, or a topic renamed or closed by hand, reached the family as an empty
    "👤 Beratungsteam:" message."""
    parent = FakeUser(708, "Sara", language_code="de")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "de")
        before = len(h.fake.messages_to(parent.id))
        card = staff_messages(h, thread)[0]
        h.fake.push_service(ANNA, STAFF_CHAT, thread, pinned_message=card)
        h.fake.push_service(ANNA, STAFF_CHAT, thread, forum_topic_edited={"name": "Familie S."})
        h.fake.push_service(ANNA, STAFF_CHAT, thread, forum_topic_closed={})
        h.fake.push_service(ANNA, STAFF_CHAT, thread, forum_topic_reopened={})
        await h.settle()
        assert len(h.fake.messages_to(parent.id)) == before
        assert not [c for c in h.fake.calls_to("copyMessage") if c.params["chat_id"] == parent.id]
        # What a counsellor writes still arrives.
        await staff_says(h, ANNA, "Guten Tag!", thread)
        assert h.texts_to(parent.id)[-1].endswith("Guten Tag!")


async def test_with_the_new_case_policy_writing_after_closing_opens_a_new_case(
    tmp_path: Path,
) -> None:
    parent = FakeUser(709, "Hadi", language_code="fa")
    async with running_bot(tmp_path, closed_case_policy="new") as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        thread = await open_contact_case(h, parent, "fa")
        await press_staff(h, ANNA, "close.1", thread)
        await press_staff(h, ANNA, "closeok.1", thread)
        await h.say(parent, "سلام، دوباره سؤال دارم")
        assert (await case_row(h, 1)).status == "closed"
        assert (await case_row(h, 2)).status == "open"
        topics = h.fake.calls_to("createForumTopic")
        assert len(topics) == 2
        new_thread = int(topics[-1].result["message_thread_id"])
        assert "سلام، دوباره سؤال دارم" in staff_texts(h, new_thread)[-1]
        assert h.texts_to(parent.id)[-1] == h.app.render(handoff.new_case_opened(), "fa")


async def test_four_children_keep_every_child_and_the_buttons_on_the_edited_card(
    tmp_path: Path,
) -> None:
    """A card edited after claiming still shows child 4 and its buttons: it fits one message
    (issue 9.8); /kind 4 shows all of child 4's answers; a language change renames the topic
    and tells the team (issue 9.11)."""
    from tests.support.parent_steps import answer_until_summary, open_intake_with_consent

    parent = FakeUser(705, "Halyna", language_code="uk")
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await open_intake_with_consent(h, parent, "uk")
        for child in range(4):
            if child:
                await h.press_action(parent, "in")
            await answer_until_summary(h, parent)
            await h.press_action(parent, "send")
        thread = int(h.fake.calls_to("createForumTopic")[-1].result["message_thread_id"])
        await press_staff(h, ANNA, "claim.1", thread)
        card = staff_messages(h, thread)[0]
        assert len(card["text"].encode("utf-16-le")) // 2 <= 4096
        assert "Übernommen von Anna" in card["text"]
        for number in range(1, 5):
            assert f"/kind {number}" in card["text"]
        buttons = [
            b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert any(StaffAct.unpack(b).v == "close.1" for b in buttons)

        await staff_says(h, ANNA, "/kind 4", thread)
        shown = staff_texts(h, thread)[-1]
        assert shown.startswith("Fall #1\n👧 Kind 4") and "Geburtsdatum" in shown

        await h.command(parent, "/language")
        await h.press_action(parent, "lang.ar")
        assert h.fake.calls_to("editForumTopic")[-1].params["name"].startswith("#1 · ar ·")
        assert "Ukrainisch (uk) → Arabisch (ar)" in staff_texts(h, thread)[-1]
        assert "Sprache im Chat: Arabisch (ar)" in staff_messages(h, thread)[0]["text"]
