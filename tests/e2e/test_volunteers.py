"""Volunteer initiative groups against the fake Bot API: added → approval in the staff group →
named; unapproved, rejected, removed and migrated groups; nobody but counsellors decides."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.telegram.render import VolunteerAct
from dialogs.info.cards import CARDS, card
from dialogs.report.month import Month
from dialogs.volunteers import info
from storage import reports
from storage.models import Initiative
from tests.fakeapi import FakeUser
from tests.support.staff_steps import ANNA
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot

GROUP = -4001
HELGA = FakeUser(7101, "Helga", language_code="de")  # a volunteer who adds the bot
STRANGER = FakeUser(7102, "Stefan", language_code="de")


async def initiative(h: Harness, chat_id: int) -> Initiative | None:
    async with h.app.db.transaction() as session:
        return (
            await session.scalars(select(Initiative).where(Initiative.chat_id == chat_id))
        ).first()


async def press_in_staff(h: Harness, user: FakeUser, label: str) -> None:
    h.fake.push_button(user, label, chat=STAFF_CHAT)
    await h.settle()


async def added_and_approved(h: Harness, chat_id: int = GROUP) -> None:
    h.fake.push_bot_added(HELGA, chat_id, "Willkommen in Dülmen", members=11)
    await h.settle()
    await press_in_staff(h, ANNA, "Zulassen")


async def test_added_group_is_introduced_approved_and_named(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.push_bot_added(HELGA, GROUP, "Willkommen in Dülmen", members=11)
        await h.settle()
        intro = h.texts_to(GROUP)
        assert len(intro) == 1 and "Beratungsteam" in intro[0]
        request = h.fake.last_message_to(STAFF_CHAT)
        assert "message_thread_id" not in request  # General, not a case topic
        assert "Willkommen in Dülmen" in request["text"]
        # Telegram counts everyone, the bot included: 11 + Helga + the bot.
        assert "Helga" in request["text"] and "13 Mitglieder" in request["text"]
        assert h.fake.calls_to("getChatMemberCount")
        assert (await initiative(h, GROUP)).status == "pending"  # type: ignore[union-attr]

        await press_in_staff(h, ANNA, "Zulassen")
        assert (await initiative(h, GROUP)).status == "approved"  # type: ignore[union-attr]
        assert "freigeschaltet" in h.last_text_to(GROUP)
        edited = h.fake.last_message_to(STAFF_CHAT)
        assert "zugelassen von Anna" in edited["text"] and "reply_markup" not in edited

        # Named by replying to the (edited) request, municipality matched on the Kreis file.
        h.fake.push_text(
            ANNA,
            "/initiative Willkommen Dülmen e.V.; duelmen",
            chat=STAFF_CHAT,
            reply_to=edited["message_id"],
        )
        await h.settle()
        row = await initiative(h, GROUP)
        assert row is not None and row.name == "Willkommen Dülmen e.V."
        assert row.municipality == "duelmen"
        assert "gespeichert" in h.last_text_to(STAFF_CHAT)
        h.fake.push_text(ANNA, "/initiative 1 Neu; Nirgendwo", chat=STAFF_CHAT)
        await h.settle()
        assert "Gemeinden:" in h.last_text_to(STAFF_CHAT)  # unknown municipality: the list


async def test_unapproved_group_gets_one_note_and_strangers_cannot_decide(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.push_bot_added(HELGA, GROUP, "Treffpunkt", members=3)
        await h.settle()
        for _ in range(3):
            h.fake.push_command(STRANGER, "/info", chat=GROUP)
            await h.settle()
        texts = h.texts_to(GROUP)
        assert len(texts) == 2 and "noch nicht freigeschaltet" in texts[1]
        # Someone not (or no longer) in the staff group presses the button and types
        # /initiative there (a forged update, or a member removed a moment ago).
        h.fake.add_member(STAFF_CHAT, STRANGER, "left")
        staff_before = len(h.texts_to(STAFF_CHAT))
        await press_in_staff(h, STRANGER, "Zulassen")
        h.fake.push_text(STRANGER, "/initiative 1 X; Dülmen", chat=STAFF_CHAT)
        await h.settle()
        assert (await initiative(h, GROUP)).status == "pending"  # type: ignore[union-attr]
        assert len(h.texts_to(STAFF_CHAT)) == staff_before


async def test_volunteers_cannot_run_staff_commands(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await added_and_approved(h)
        before = len(h.texts_to(GROUP))
        for command in ("/queue", "/termine", "/bericht", "/initiative 1 X; Dülmen", "/note x"):
            h.fake.push_command(HELGA, command, chat=GROUP)
            await h.settle()
        assert len(h.texts_to(GROUP)) == before
        row = await initiative(h, GROUP)
        assert row is not None and row.name is None


async def test_rejected_group_is_left_and_left_again(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.push_bot_added(HELGA, GROUP, "Spam", members=2)
        await h.settle()
        await press_in_staff(h, ANNA, "Ablehnen")
        assert [c.params["chat_id"] for c in h.fake.calls_to("leaveChat")] == [GROUP]
        assert "nicht freigeschaltet" in h.last_text_to(GROUP)
        assert "abgelehnt von Anna" in h.fake.last_message_to(STAFF_CHAT)["text"]
        requests = len(h.texts_to(STAFF_CHAT))
        h.fake.push_bot_added(HELGA, GROUP, "Spam", members=2)
        await h.settle()
        assert len(h.fake.calls_to("leaveChat")) == 2
        assert len(h.texts_to(STAFF_CHAT)) == requests  # no second request


async def test_removed_bot_and_migrated_group_are_followed(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await added_and_approved(h)
        h.fake.push_bot_removed(HELGA, GROUP)
        await h.settle()
        assert (await initiative(h, GROUP)).status == "removed"  # type: ignore[union-attr]
        h.fake.push_bot_added(HELGA, GROUP, "Willkommen in Dülmen")
        await h.settle()
        assert (await initiative(h, GROUP)).status == "approved"  # type: ignore[union-attr]

        new_id = -1004001
        h.fake.push_migration(HELGA, GROUP, new_id)
        await h.settle()
        assert await initiative(h, GROUP) is None
        moved = await initiative(h, new_id)
        assert moved is not None and moved.status == "approved"
        old_count = len(h.texts_to(GROUP))
        h.fake.push_command(HELGA, "/info", chat=new_id)
        await h.settle()
        assert h.last_text_to(new_id) == info.PICK_CARD  # answered in the new chat
        assert len(h.texts_to(GROUP)) == old_count


async def test_info_card_in_the_language_picked_for_a_family(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await added_and_approved(h)
        # Group privacy mode: the command arrives addressed to the bot.
        h.fake.push_command(HELGA, f"/info@{h.fake.bot_user['username']}", chat=GROUP)
        await h.settle()
        menu = h.fake.last_message_to(GROUP)
        assert menu["text"] == info.PICK_CARD
        h.fake.push_button(HELGA, "Wer muss zur Schule", chat=GROUP)
        await h.settle()
        picker = h.fake.last_message_to(GROUP)
        assert picker["message_id"] == menu["message_id"]  # edited in place
        labels = [b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
        assert "العربية" in labels and "ትግርኛ" in labels and "Deutsch" in labels
        h.fake.push_button(HELGA, "العربية", chat=GROUP)
        await h.settle()
        shown = h.last_text_to(GROUP)
        assert shown == h.app.render(info.card_text(card("who")), "ar")
        assert "مدرسة" in shown or "المدرسة" in shown  # Arabic, not the German msgid
        h.fake.push_button(HELGA, "Deutsch", chat=GROUP)  # the picker stays for the next
        await h.settle()
        assert h.last_text_to(GROUP).startswith("👧 Wer muss zur Schule?")


async def test_card_buttons_are_dead_once_the_group_is_no_longer_approved(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.push_bot_added(HELGA, GROUP, "Treffpunkt")
        await h.settle()
        # A pending group's /info gets the note, not the cards, nor a forged card button.
        h.fake.push_command(HELGA, "/info", chat=GROUP)
        await h.settle()
        assert "noch nicht freigeschaltet" in h.last_text_to(GROUP)
        before = len(h.texts_to(GROUP))
        intro = h.fake.messages_to(GROUP)[0]
        h.fake.push_callback(HELGA, intro, VolunteerAct(v="l.who.ar").pack(), chat=GROUP)
        await h.settle()
        assert len(h.texts_to(GROUP)) == before


async def test_inline_mode_lists_cards_in_the_named_languages(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.push_inline_query(HELGA, "Schulpflicht arabisch Tigrinya")
        await h.settle()
        answer = h.fake.state.inline_answers[-1]
        ids = [r["id"] for r in answer["results"]]
        assert len(ids) == 2 * len(CARDS) and "who.ar" in ids and "who.ti" in ids
        assert answer["cache_time"] > 0 and not answer.get("is_personal")
        arabic = next(r for r in answer["results"] if r["id"] == "who.ar")
        assert arabic["input_message_content"]["message_text"] == h.app.render(
            info.card_text(card("who")), "ar"
        )

        # No language named: the asker's own (and German), so the answer is personal.
        h.fake.push_inline_query(FakeUser(7103, "Olena", language_code="uk"), "Kosten")
        await h.settle()
        answer = h.fake.state.inline_answers[-1]
        assert [r["id"] for r in answer["results"]] == ["costs.uk", "costs.de"]
        assert answer["is_personal"] is True


async def test_offers_directory_in_a_group_and_inline(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await added_and_approved(h)
        h.fake.push_command(HELGA, "/angebote", chat=GROUP)
        await h.settle()
        first = h.fake.last_message_to(GROUP)
        assert "Seite 1/2" in first["text"]
        h.fake.push_button(HELGA, "Weiter", chat=GROUP)
        await h.settle()
        second = h.fake.last_message_to(GROUP)
        assert second["message_id"] == first["message_id"] and "Seite 2/2" in second["text"]

        h.fake.push_command(HELGA, "/angebote", args="Hausaufgaben Dülmen arabisch", chat=GROUP)
        await h.settle()
        assert "Beispiel-Hausaufgabenhilfe Dülmen" in h.last_text_to(GROUP)
        h.fake.push_command(HELGA, "/angebote", args="Hausaufgaben Senden tigrinya", chat=GROUP)
        await h.settle()
        assert "Nichts gefunden" in h.last_text_to(GROUP)
        async with h.app.db.transaction() as tx:
            demand = await reports.offer_searches(tx, month=Month.of(h.app.clock()).key)
        assert demand == [("homework_help", "senden", "ti")]  # what, not who

        h.fake.push_inline_query(HELGA, "Angebote Lüdinghausen")
        await h.settle()
        answer = h.fake.state.inline_answers[-1]
        ids = [r["id"] for r in answer["results"]]
        assert "o.hausaufgaben-luedinghausen" in ids and "o.hausaufgaben-duelmen" not in ids
        assert answer["is_personal"] is False


async def test_counsellors_add_edit_and_retire_offers(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        await added_and_approved(h)
        form = "Elterncafé; Sonstiges; Dülmen; de ar ti; 02594 123456; Di 10-12 Uhr; Eltern"
        h.fake.push_text(ANNA, f"/angebot_neu {form}", chat=STAFF_CHAT)
        await h.settle()
        assert "Angebot k1 gespeichert" in h.last_text_to(STAFF_CHAT)
        h.fake.push_text(ANNA, "/angebot_neu Nur Titel", chat=STAFF_CHAT)
        await h.settle()
        assert "Bitte so" in h.last_text_to(STAFF_CHAT)
        # A volunteer cannot add one, neither in the staff group nor in their own.
        h.fake.add_member(STAFF_CHAT, HELGA, "left")
        h.fake.push_text(HELGA, f"/angebot_neu {form}", chat=STAFF_CHAT)
        h.fake.push_command(HELGA, "/angebot_neu", args=form, chat=GROUP)
        await h.settle()

        h.fake.push_command(HELGA, "/angebote", args="Dülmen tigrinya", chat=GROUP)
        await h.settle()
        found = h.last_text_to(GROUP)
        assert "Elterncafé" in found and "Zeiten: Di 10-12 Uhr" in found and ": 1" in found

        h.fake.push_text(
            ANNA, f"/angebot_aendern 1; Elterncafé neu; {form.split('; ', 1)[1]}", chat=STAFF_CHAT
        )
        await h.settle()
        assert "Angebot k1 geändert" in h.last_text_to(STAFF_CHAT)
        h.fake.push_inline_query(HELGA, "Angebote Dülmen tigrinya")
        await h.settle()
        titles = [r["title"] for r in h.fake.state.inline_answers[-1]["results"]]
        assert titles == ["Elterncafé neu"]

        h.fake.push_text(ANNA, "/angebot_weg k1", chat=STAFF_CHAT)
        await h.settle()
        assert "zurückgezogen" in h.last_text_to(STAFF_CHAT)
        h.fake.push_command(HELGA, "/angebote", args="Dülmen tigrinya", chat=GROUP)
        await h.settle()
        assert "Nichts gefunden" in h.last_text_to(GROUP)


async def test_a_family_finds_offers_in_its_language(tmp_path: Path) -> None:
    parent = FakeUser(7501, "Amina", language_code="ar")
    async with running_bot(tmp_path) as h:
        await h.command(parent, "/start")
        await h.press_action(parent, "lang.ar")
        await h.press_action(parent, "of")
        await h.press_action(parent, "of.duelmen")
        await h.press_action(parent, "of.duelmen.homework_help.0")
        shown = h.last_text_to(parent.id)
        assert "Beispiel-Hausaufgabenhilfe Dülmen" in shown
        assert "الأوقات" in shown and "اللغات" in shown  # the fixed fields in Arabic
        # Back to the municipalities (the menu's button), then Senden, where there is none.
        await h.command(parent, "/angebote")
        await h.press_action(parent, "of.senden")
        await h.press_action(parent, "of.senden.homework_help.0")
        async with h.app.db.transaction() as tx:
            demand = await reports.offer_searches(tx, month=Month.of(h.app.clock()).key)
        assert demand == [("homework_help", "senden", "ar")]
