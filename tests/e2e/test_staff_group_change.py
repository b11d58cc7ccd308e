"""COUNSELLOR_CHAT_ID changed to another staff group: topic ids are small numbers per group, so
each case's topic is named by (group, topic). A case whose topic is in the old group gets a
new one in the new group when something is next posted for it, and an erasure deletes both."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.fakeapi import FakeUser
from tests.support.staff_steps import ANNA, case_row, open_contact_case
from tests.support.telegram_harness import STAFF_CHAT, Harness, push_parent_action, running_bot

NEW_GROUP = -1001000000002


def texts(h: Harness, chat: int, thread: int) -> list[str]:
    return [m.get("text") or "" for m in h.fake.messages_to(chat, thread)]


async def test_a_new_staff_group_never_mixes_cases(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    first, second = FakeUser(801, "Amal", language_code="ar"), FakeUser(802, "Sara")
    async with running_bot(tmp_path) as h:
        old_topic = await open_contact_case(h, first, "ar")

        h.fake.add_forum_chat(NEW_GROUP, "KI Beratung (neu)")
        h.fake.add_member(NEW_GROUP, ANNA, "member")
        h.extra_settings["counsellor_chat_id"] = NEW_GROUP
        await h.restart()
        assert "1 cases have their topic in another staff group" in caplog.text

        # The new group's first topic has the number case 1's topic had in the old one.
        second_topic = await open_contact_case(h, second, "de")
        assert second_topic == old_topic
        assert "Fall #2" in texts(h, NEW_GROUP, second_topic)[0]

        await h.say(first, "Hallo, ist jemand da?")
        # Not in case 2's topic (where it landed before), but in a topic of its own.
        assert not any("Hallo" in t for t in texts(h, NEW_GROUP, second_topic))
        case = await case_row(h, 1)
        assert case.staff_chat_id == NEW_GROUP and case.topic_id not in {None, old_topic}
        new_topic = case.topic_id
        assert new_topic is not None
        shown = texts(h, NEW_GROUP, new_topic)
        assert "Fall #1" in shown[0] and "anderen Beratungsgruppe" in shown[1]
        assert "Hallo, ist jemand da?" in shown[2]
        assert texts(h, STAFF_CHAT, old_topic)  # the old group keeps its history

        # The counsellor's answer there reaches family 1, and only family 1.
        before = len(h.texts_to(second.id))
        h.fake.push_text(ANNA, "Ja, wir sind da.", chat=NEW_GROUP, thread_id=new_topic)
        await h.settle()
        assert h.texts_to(first.id)[-1].endswith("Ja, wir sind da.")
        assert len(h.texts_to(second.id)) == before

        # A message in the old group's topic (a chat the bot no longer serves) reaches no one.
        mark = len(h.texts_to(first.id))
        h.fake.push_text(ANNA, "Noch im alten Thema", chat=STAFF_CHAT, thread_id=old_topic)
        await h.settle()
        assert (len(h.texts_to(first.id)), len(h.texts_to(second.id))) == (mark, before)

        # Erasure deletes both topics, each in its own group.
        await h.command(first, "/deletedata")
        push_parent_action(h.fake, first, "del.yes")
        await h.settle()
        deleted = {
            (c.params["chat_id"], c.params["message_thread_id"])
            for c in h.fake.calls_to("deleteForumTopic")
        }
        assert deleted == {(NEW_GROUP, new_topic), (STAFF_CHAT, old_topic)}
        assert h.fake.messages_to(STAFF_CHAT, old_topic) == []
        assert "Fall #2" in texts(h, NEW_GROUP, second_topic)[0]  # case 2 untouched
