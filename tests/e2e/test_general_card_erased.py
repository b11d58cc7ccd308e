"""A case card that had to go to the General topic (its topic could not be made) is deleted
when the family erases its data: no card outlives /deletedata in Telegram."""

from __future__ import annotations

from pathlib import Path

from tests.fakeapi import FakeUser
from tests.support.telegram_harness import STAFF_CHAT, running_bot


async def test_a_card_in_the_general_topic_goes_with_the_familys_data(tmp_path: Path) -> None:
    parent = FakeUser(521, "Parent", language_code="de")
    async with running_bot(tmp_path) as h:
        h.fake.inject(
            method="createForumTopic",
            status=400,
            times=1,
            description="Bad Request: not enough rights to create a topic",
        )
        await h.command(parent, "/start")
        for action in ("lang.de", "talk", "ok.yes"):
            await h.press_action(parent, action)
        await h.settle()
        cards = [
            c
            for c in h.fake.calls_to("sendMessage")
            if c.params["chat_id"] == STAFF_CHAT and "Fall #1" in c.params["text"] and c.ok
        ]
        assert cards and "message_thread_id" not in cards[0].params  # in General
        card_id = cards[0].result["message_id"]
        await h.command(parent, "/deletedata")
        await h.press_action(parent, "del.yes")
        await h.settle()
        deleted = [c.params["message_id"] for c in h.fake.calls_to("deleteMessage") if c.ok]
        assert deleted == [card_id]
