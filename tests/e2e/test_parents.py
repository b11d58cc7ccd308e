"""Whole journeys through Telegram: the real aiogram client against the fake Bot API server.

Every request the bot sends is checked by the fake against the Bot API spec and Telegram's
limits (`fake.assert_no_violations()` runs when each harness stops).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dialogs import locales
from dialogs.parent.consent import consent_request, contact_consent_request
from dialogs.staff.family import CONTACT_ONLY
from dialogs.text import _
from storage.models import Case, Family, OutboxMessage
from tests.fakeapi import FakeUser
from tests.fakeapi.limits import RateLimits
from tests.support.parent_steps import (
    answer_until_summary,
    open_intake_with_consent,
    stored_state,
)
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot


def rendered(h: Harness, msgid_text: object, locale: str) -> str:
    return h.app.render(msgid_text, locale)


@pytest.mark.slow  # 16 languages, each a whole journey
@pytest.mark.parametrize("locale", locales.SUPPORTED)
async def test_whole_journey_in_the_parents_language(tmp_path: Path, locale: str) -> None:
    parent = FakeUser(501, "Parent", language_code=locale)
    async with running_bot(tmp_path) as h:
        await h.command(parent, "/start")
        greeting = h.texts_to(parent.id)[0]
        welcome = rendered(h, _("Willkommen bei Schullotse! 👋"), locale)
        assert greeting.startswith(welcome)
        if locale != "de":
            assert welcome != rendered(h, _("Willkommen bei Schullotse! 👋"), "de"), "translated"
        await h.press_action(parent, f"lang.{locale}")
        await h.press_action(parent, "in")
        consent = h.last_text_to(parent.id)
        ki = h.app.kreis.ki
        expected_consent = consent_request(
            ki_name=ki.name,
            retention_months=12,
            controller=h.app.kreis.name,
            contact=f"{ki.email}, {ki.phone}",
        )
        assert consent == rendered(h, expected_consent, locale)
        await h.press_action(parent, "ok.yes")
        await answer_until_summary(h, parent)
        summary = h.last_text_to(parent.id)
        assert "Amira" in summary and "Dülmen" in summary
        await h.press_action(parent, "send")

        # The parent reads the estimate in their language, with who decides.
        texts = "\n".join(h.texts_to(parent.id)[-3:])
        assert rendered(h, _("📋 Eine erste Einschätzung"), locale) in texts
        decides = _("Die Beratung hilft Ihnen. Über den Schulplatz entscheidet das Schulamt.")
        assert rendered(h, decides, locale) in texts

        # The counsellors get a topic and a German case card in it.
        topics = h.fake.calls_to("createForumTopic")
        assert len(topics) == 1
        name = topics[0].params["name"]
        assert name.startswith("#1 · ") and locale in name and "Dülmen" in name and len(name) <= 128
        thread = topics[0].result["message_thread_id"]
        card = "\n".join(h.texts_to(STAFF_CHAT, thread))
        assert "Fall #1" in card and "Amira" in card and "Sekundarstufe I" in card
        assert "sp.start" in card  # the estimate's reasons are shown with their facts

        # A question after the handoff reaches the counsellors in the case topic.
        await h.say(parent, "Wann ist der Termin? 🙂")
        assert "Wann ist der Termin? 🙂" in h.texts_to(STAFF_CHAT, thread)[-1]


async def test_restart_in_the_middle_of_the_intake_continues(tmp_path: Path) -> None:
    parent = FakeUser(502, "Olena", language_code="uk")
    async with running_bot(tmp_path) as h:
        await open_intake_with_consent(h, parent, "uk")
        await answer_until_summary(h, parent, stop_after=3)
        before = await stored_state(h, parent)
        assert before["question"] == "arrival_date"

        await h.restart()  # a new process: aiogram, app and caches are new

        await h.command(parent, "/intake")
        after = await stored_state(h, parent)
        assert after["question"] == "arrival_date"
        assert after["children"][0]["answers"]["first_name"] == "Amira"
        assert rendered(
            h, _("Willkommen zurück! Wir machen dort weiter, wo Sie aufgehört haben."), "uk"
        ) in h.texts_to(parent.id)
        await answer_until_summary(h, parent)
        await h.press_action(parent, "send")
        assert len(h.fake.calls_to("createForumTopic")) == 1


async def test_command_menus_are_set_per_language(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        calls = h.fake.calls_to("setMyCommands")
        languages = {c.params.get("language_code") for c in calls}
        assert {"de", "ar", "uk", "fa", "tr", "ru", "en", None} <= languages
        arabic = next(c for c in calls if c.params.get("language_code") == "ar")
        assert [c["command"] for c in arabic.params["commands"]][:3] == ["start", "info", "intake"]


async def test_bad_input_is_answered_politely_and_never_crashes(tmp_path: Path) -> None:
    parent = FakeUser(503, "Sara", language_code="de")
    async with running_bot(tmp_path) as h:
        await open_intake_with_consent(h, parent, "de")
        amira = h.fake.push_text(parent, "Amira")
        await h.settle()
        for send in (
            lambda: h.fake.push_text(parent, "x" * 10_000),
            lambda: h.fake.push_text(parent, "🙂🙂🙂"),
            lambda: h.fake.push_text(parent, "   "),
            lambda: h.fake.push_sticker(parent),
            lambda: h.fake.push_photo(parent),
            lambda: h.fake.push_voice(parent),
            lambda: h.fake.push_command(parent, "/frobnicate"),
        ):
            before = len(h.texts_to(parent.id))
            send()
            await h.settle()
            assert len(h.texts_to(parent.id)) > before, "every bad input gets an answer"
        # Forged and stale callback data: answered, nothing changes.
        last = h.fake.messages_to(parent.id)[-1]
        for data in ("zzz", "a:a.999.0", "a:del.yes", "a:" + "x" * 60):
            h.fake.push_callback(parent, last, data)
        h.fake.push_edited_text(parent, amira["message"]["message_id"], "Omar")
        await h.settle()
        state = await stored_state(h, parent)
        assert state["question"] == "birth_date"
        assert state["children"][0]["answers"] == {"first_name": "Amira"}
        assert len(h.fake.calls_to("answerCallbackQuery")) >= 4  # no button left spinning


async def test_strangers_and_unknown_groups_see_no_case_data(tmp_path: Path) -> None:
    parent = FakeUser(504, "Amal", language_code="ar")
    stranger = FakeUser(666, "Mallory", language_code="de")
    other_group = -1002000000002
    async with running_bot(tmp_path) as h:
        h.fake.add_group(other_group, "Some group")
        await open_intake_with_consent(h, parent, "ar")
        await h.say(parent, "Amira")
        # A stranger asks for "their" data and tries the parent's buttons on their own chat.
        await h.command(stranger, "/start")
        await h.command(stranger, "/mydata")
        assert all("Amira" not in t for t in h.texts_to(stranger.id))
        h.fake.push_text(stranger, "/start", chat=other_group)
        h.fake.push_text(stranger, "hello everyone", chat=other_group)
        h.fake.push_text(stranger, "/mydata", chat=other_group)
        await h.settle()
        group_texts = h.texts_to(other_group)
        assert len(group_texts) == 1 and "Amira" not in group_texts[0]
        assert "@" in group_texts[0]  # a pointer to the private chat, nothing else


async def test_delete_data_removes_the_family_and_the_case_topic(tmp_path: Path) -> None:
    parent = FakeUser(505, "Rami", language_code="de")
    async with running_bot(tmp_path) as h:
        await h.command(parent, "/start")
        await h.press_action(parent, "lang.de")
        await h.press_action(parent, "talk")
        await h.press_action(parent, "ok.yes")
        assert len(h.fake.calls_to("createForumTopic")) == 1
        await h.command(parent, "/deletedata")
        await h.press_action(parent, "del.yes")
        assert len(h.fake.calls_to("deleteForumTopic")) == 1
        async with h.app.db.transaction() as session:
            assert await session.get(Family, parent.id) is None
            assert (await session.execute(select(func.count()).select_from(Case))).scalar_one() == 0
            pending = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.delivered_at.is_(None))
            )
            assert (await session.execute(pending)).scalar_one() == 0


async def test_a_quick_tapper_is_paced_not_refused(tmp_path: Path) -> None:
    """Telegram allows a private chat a short burst, then about one message a second. A parent
    who taps and types faster gets every answer, in order, and the bot never earns a 429."""
    parent = FakeUser(531, "Parent", language_code="de")
    # The staff group's 20 a minute, ten times faster on both sides: its pacing is not what
    # this test is about, and the case's topic, card and relays would take half a minute.
    async with running_bot(
        tmp_path,
        telegram_limits=True,
        rate_limits=RateLimits(group_per_minute=200),
        send_interval_group=0.32,
    ) as h:
        await h.command(parent, "/start")
        await h.press_action(parent, "lang.de")
        await h.press_action(parent, "talk")
        await h.press_action(parent, "ok.yes")
        before = len(h.texts_to(parent.id))
        for n in range(6):  # six messages at once: each is relayed and acknowledged
            h.fake.push_text(parent, f"Frage {n}")
        await h.settle()
        assert h.fake.rate_limited == 0
        assert len(h.texts_to(parent.id)) > before
        # In the case's topic in the order sent (one message each, or bundled).
        relayed = re.findall(r"Frage (\d)", "\n".join(h.texts_to(STAFF_CHAT)))
        assert relayed == [str(n) for n in range(6)]


async def test_a_family_that_declines_the_questions_still_reaches_a_person(
    tmp_path: Path,
) -> None:
    """Issue 9.2: *Nein* → *Menü* → *Mit einer Person sprechen* looped back to the consent."""
    parent = FakeUser(510, "Olena", language_code="uk")
    async with running_bot(tmp_path) as h:
        await h.command(parent, "/start")
        await h.press_action(parent, "lang.uk")
        await h.press_action(parent, "in")
        await h.press_action(parent, "ok.no")
        await h.press_action(parent, "m")
        await h.press_action(parent, "talk")
        ki = h.app.kreis.ki
        asked = contact_consent_request(
            ki_name=ki.name,
            retention_months=12,
            controller=h.app.kreis.name,
            contact=f"{ki.email}, {ki.phone}",
        )
        assert h.last_text_to(parent.id) == rendered(h, asked, "uk")
        await h.press_action(parent, "ok.yes")
        (topic,) = h.fake.calls_to("createForumTopic")
        thread = topic.result["message_thread_id"]
        assert CONTACT_ONLY in h.texts_to(STAFF_CHAT, thread)
        async with h.app.db.transaction() as session:
            case = await session.get(Case, 1)
        assert case is not None and not case.children

        # The KI's own contact data, in Ukrainian, without asking anyone.
        await h.command(parent, "/help")
        helped = h.last_text_to(parent.id)
        assert h.app.kreis.ki.phone in helped and "Вівторок: 09:00–12:00, 14:00–16:00" in helped
        assert "Години прийому" in helped  # translated
