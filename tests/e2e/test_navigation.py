"""Chat hygiene through Telegram (issue 9 item 13): pressing through the menu, the info cards
and back edits the pressed message; the family's chat does not grow by a menu per tap."""

from __future__ import annotations

from pathlib import Path

from tests.fakeapi import FakeUser
from tests.support.telegram_harness import running_bot


async def test_navigation_edits_the_menu_in_place(tmp_path: Path) -> None:
    parent = FakeUser(761, "Lina", language_code="de")
    async with running_bot(tmp_path) as h:
        await h.command(parent, "/start")
        await h.press_action(parent, "lang.de")
        sent = len(h.fake.calls_to("sendMessage"))
        edits = len(h.fake.calls_to("editMessageText"))
        for label in ("Schulpflicht in NRW", "Wer muss zur Schule", "Nächstes Thema", "Menü"):
            await h.press(parent, label)
        await h.press(parent, "Meine Daten")
        await h.press(parent, "Menü")
        assert len(h.fake.calls_to("sendMessage")) == sent  # no new message
        assert len(h.fake.calls_to("editMessageText")) == edits + 6
        assert "Was möchten Sie tun?" in h.last_text_to(parent.id)
