"""Two staff groups (STAFF_GROUPS): Dülmen's cases go to the Dülmen team's group, the rest to
the default group (COUNSELLOR_CHAT_ID). Each group's counsellors claim and answer their own
cases, see only their own queue, and cannot reach the other group's cases, not even with a
forged button or command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.telegram.render import StaffAct
from storage.models import Initiative
from tests.fakeapi import FakeUser
from tests.support.journeys import ANSWERS
from tests.support.parent_steps import answer_until_summary, open_intake_with_consent
from tests.support.staff_steps import ANNA, case_row, open_contact_case
from tests.support.telegram_harness import STAFF_CHAT, Harness, running_bot

DUELMEN_GROUP = -1001000000005
BERND = FakeUser(9002, "Bernd", language_code="de")  # a counsellor of the Dülmen team


def topics_in(h: Harness, chat: int) -> list[int]:
    return [
        int(c.result["message_thread_id"])
        for c in h.fake.calls_to("createForumTopic")
        if c.params["chat_id"] == chat
    ]


def texts(h: Harness, chat: int, thread: int | None = None) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in h.fake.messages_to(chat, thread)]


async def send_child(h: Harness, parent: FakeUser, locale: str) -> None:
    await open_intake_with_consent(h, parent, locale)
    await answer_until_summary(h, parent)
    await h.press_action(parent, "send")


async def act(
    h: Harness, user: FakeUser, chat: int, thread: int | None, text: str = "", button: str = ""
) -> None:
    if button:
        data = StaffAct(v=button).pack()
        h.fake.push_button_data(user, data, chat=chat, thread_id=thread)
    else:
        h.fake.push_text(user, text, chat=chat, thread_id=thread)
    await h.settle()


async def forge(h: Harness, user: FakeUser, chat: int, thread: int | None, data: str) -> None:
    """A button with made-up data under the bot's newest message there."""
    message = h.fake.messages_to(chat, thread)[-1]
    h.fake.push_callback(user, message, StaffAct(v=data).pack(), chat=chat)
    await h.settle()


async def test_each_group_serves_its_municipalities_cases_and_no_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_duelmen = FakeUser(811, "Amal", language_code="ar")
    from_senden = FakeUser(812, "Sara", language_code="de")
    async with running_bot(tmp_path, staff_groups=f"{DUELMEN_GROUP}=Dülmen") as h:
        h.fake.add_forum_chat(DUELMEN_GROUP, "KI Beratung Dülmen")
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.add_member(DUELMEN_GROUP, BERND, "member")

        # The shared answers live in Dülmen; the second family in Senden.
        await send_child(h, from_duelmen, "ar")
        monkeypatch.setitem(ANSWERS, "municipality", "senden")
        await send_child(h, from_senden, "de")
        (duelmen_topic,) = topics_in(h, DUELMEN_GROUP)
        (senden_topic,) = topics_in(h, STAFF_CHAT)
        assert "Fall #1" in texts(h, DUELMEN_GROUP, duelmen_topic)[0]
        assert "Fall #2" in texts(h, STAFF_CHAT, senden_topic)[0]
        assert (await case_row(h, 1)).staff_chat_id == DUELMEN_GROUP
        assert (await case_row(h, 2)).staff_chat_id == STAFF_CHAT

        # /queue in each group lists only that group's cases.
        await act(h, BERND, DUELMEN_GROUP, None, "/queue")
        await act(h, ANNA, STAFF_CHAT, None, "/queue")
        duelmen_queue, default_queue = texts(h, DUELMEN_GROUP)[-1], texts(h, STAFF_CHAT)[-1]
        assert "#1 " in duelmen_queue and "#2 " not in duelmen_queue
        assert "#2 " in default_queue and "#1 " not in default_queue

        # Each group's counsellor claims and answers its own case.
        await act(h, BERND, DUELMEN_GROUP, duelmen_topic, button="claim.1")
        await act(h, ANNA, STAFF_CHAT, senden_topic, button="claim.2")
        assert (await case_row(h, 1)).claimed_by == BERND.id
        assert (await case_row(h, 2)).claimed_by == ANNA.id
        await act(h, BERND, DUELMEN_GROUP, duelmen_topic, "Wir melden uns am Montag.")
        await act(h, ANNA, STAFF_CHAT, senden_topic, "Termin am Dienstag?")
        assert h.texts_to(from_duelmen.id)[-1].endswith("Wir melden uns am Montag.")
        assert h.texts_to(from_senden.id)[-1].endswith("Termin am Dienstag?")
        await h.say(from_duelmen, "Danke")
        assert "Danke" in texts(h, DUELMEN_GROUP, duelmen_topic)[-1]
        assert not any("Danke" in t for t in texts(h, STAFF_CHAT))

        # Anna (default group only) cannot act on Dülmen's case: not in its group (a forged
        # update: Telegram delivers only members' messages), not with a forged button in her
        # own group, in a topic or in General.
        h.fake.add_member(DUELMEN_GROUP, ANNA, "left")
        to_families = (len(h.texts_to(from_duelmen.id)), len(h.texts_to(from_senden.id)))
        before = await case_row(h, 1)
        await act(h, ANNA, DUELMEN_GROUP, duelmen_topic, "Hallo von Anna")
        await act(h, ANNA, DUELMEN_GROUP, duelmen_topic, "/loeschen")
        await forge(h, ANNA, STAFF_CHAT, senden_topic, "closeok.1")
        await forge(h, ANNA, STAFF_CHAT, senden_topic, "erase.1")
        await forge(h, ANNA, STAFF_CHAT, None, "claim.1")
        after = await case_row(h, 1)
        assert (after.status, after.claimed_by) == (before.status, before.claimed_by)
        assert (len(h.texts_to(from_duelmen.id)), len(h.texts_to(from_senden.id))) == to_families
        assert not any("Anna" in t for t in texts(h, DUELMEN_GROUP))
        # …and Bernd none on the default group's case.
        await forge(h, BERND, DUELMEN_GROUP, duelmen_topic, "closeok.2")
        assert (await case_row(h, 2)).status == "claimed"

        # Kreis-wide work stays in the default group: elsewhere the bot says where it is.
        await act(h, BERND, DUELMEN_GROUP, None, "/ankuendigung Sommerfest am Samstag")
        assert "Hauptgruppe" in texts(h, DUELMEN_GROUP)[-1]

        # A staff group is never taken for a volunteers' initiative group (the bot removed
        # and added again: it is not introduced there, nor offered to the team for approval).
        said = len(texts(h, DUELMEN_GROUP))
        h.fake.push_bot_removed(BERND, DUELMEN_GROUP)
        h.fake.push_bot_added(BERND, DUELMEN_GROUP, "KI Beratung Dülmen")
        await h.settle()
        async with h.app.db.transaction() as session:
            known = await session.scalars(
                select(Initiative).where(Initiative.chat_id == DUELMEN_GROUP)
            )
            assert known.first() is None
        assert len(texts(h, DUELMEN_GROUP)) == said


async def test_a_case_whose_municipality_becomes_known_moves_to_its_group(
    tmp_path: Path,
) -> None:
    parent = FakeUser(821, "Amal", language_code="de")
    async with running_bot(tmp_path, staff_groups=f"{DUELMEN_GROUP}=Dülmen") as h:
        h.fake.add_forum_chat(DUELMEN_GROUP, "KI Beratung Dülmen")
        h.fake.add_member(DUELMEN_GROUP, BERND, "member")

        # Asked for a person only: no municipality, so the default group.
        old_topic = await open_contact_case(h, parent, "de")
        assert topics_in(h, STAFF_CHAT) == [old_topic]

        # Then sends the child's answers: the case belongs to Dülmen now and moves there.
        await h.command(parent, "/start")
        await h.press_action(parent, "in")
        await h.press_action(parent, "ok.yes")
        await answer_until_summary(h, parent)
        await h.press_action(parent, "send")
        (new_topic,) = topics_in(h, DUELMEN_GROUP)
        case = await case_row(h)
        assert (case.staff_chat_id, case.topic_id) == (DUELMEN_GROUP, new_topic)
        assert case.former_topics == [[STAFF_CHAT, old_topic]]
        shown = texts(h, DUELMEN_GROUP, new_topic)
        assert "Fall #1" in shown[0] and "anderen Beratungsgruppe" in shown[1]

        # Answered from there; the old topic no longer reaches the family.
        await act(h, BERND, DUELMEN_GROUP, new_topic, "Wir sind jetzt für Sie da.")
        assert h.texts_to(parent.id)[-1].endswith("Wir sind jetzt für Sie da.")
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        mark = len(h.texts_to(parent.id))
        await act(h, ANNA, STAFF_CHAT, old_topic, "Noch im alten Thema")
        assert len(h.texts_to(parent.id)) == mark
