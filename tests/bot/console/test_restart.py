"""After a restart the console still names each case's topic (issue 9 item 19): the names come
from the stored cases, and new topics are numbered after the stored ones."""

from __future__ import annotations

from io import StringIO

from bot.console.channel import Console
from bot.console.sender import ConsoleSender
from storage.db import Database
from tests.support.apps import app_on


async def session(database: Database, script: str) -> str:
    out = StringIO()
    await Console(app_on(database), out).run(StringIO(script))
    return out.getvalue()


async def test_a_new_session_labels_the_topics_of_the_stored_cases(database: Database) -> None:
    # Deutsch (the eighth choice of the greeting), talk to a person, consent: case #1.
    first = await session(database, "8\n3\n1\n")
    assert "Beratungsteam: neues Thema „#1 · de" in first
    second = await session(database, "/as counsellor\n/karte\n")
    card_frame = second.split("┏━ ")[-1]
    assert card_frame.startswith("Beratungsteam · #1 · de · offen\n"), card_frame


async def test_new_topics_follow_the_restored_ones() -> None:
    sender = ConsoleSender(StringIO())
    sender.restore({2: "#1 · de · offen", 5: "#4 · ar · offen"})
    assert sender.topic_name(5) == "#4 · ar · offen"
    assert await sender.create_topic(-1, "#5 · uk · offen") == 6
