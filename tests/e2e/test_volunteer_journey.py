"""The issue's whole journey in one run against the limit-enforcing fake Bot API: the bot is
added to a group → approved in the staff group → an Arabic card in the group → an inline query
answered → a family opens the group's invitation → its case carries the initiative → an
announcement reaches 100 groups with the progress message at 100/100 and no 429."""

from __future__ import annotations

import re
from pathlib import Path

from dialogs.info.cards import card
from dialogs.volunteers import info
from storage import initiatives
from storage.records import InitiativeRecord
from tests.fakeapi import FakeUser
from tests.fakeapi.limits import RateLimits
from tests.support.staff_steps import ANNA, case_row, staff_texts
from tests.support.telegram_harness import STAFF_CHAT, running_bot

GROUP = -4100
HELGA = FakeUser(7601, "Helga", language_code="de")
PARENT = FakeUser(7602, "Mariam", language_code="ar")


async def test_group_to_family_to_announcement(tmp_path: Path) -> None:
    # The staff group's 20 a minute, ten times faster on both sides (as in test_parents.py):
    # its pacing is tested in test_announcements.py; here it would only add minutes.
    async with running_bot(
        tmp_path,
        telegram_limits=True,
        rate_limits=RateLimits(group_per_minute=200),
        send_interval_group=0.32,
    ) as h:
        h.fake.add_member(STAFF_CHAT, ANNA, "member")
        h.fake.push_bot_added(HELGA, GROUP, "Willkommen Dülmen", members=8)
        await h.settle()
        h.fake.push_button(ANNA, "Zulassen", chat=STAFF_CHAT)
        await h.settle()
        h.fake.push_text(ANNA, "/initiative 1 Willkommen Dülmen; Dülmen", chat=STAFF_CHAT)
        await h.settle()

        h.fake.push_command(HELGA, "/info", chat=GROUP)
        await h.settle()
        h.fake.push_button(HELGA, "Wer muss zur Schule", chat=GROUP)
        await h.settle()
        h.fake.push_button(HELGA, "العربية", chat=GROUP)
        await h.settle()
        assert h.last_text_to(GROUP) == h.app.render(info.card_text(card("who")), "ar")

        h.fake.push_inline_query(HELGA, "Schulpflicht arabisch")
        await h.settle()
        assert len(h.fake.state.inline_answers[-1]["results"]) == len(info.CARDS)

        h.fake.push_command(HELGA, "/einladen", chat=GROUP)
        await h.settle()
        found = re.search(r"start=ref-([A-Za-z0-9_-]+)", " ".join(h.texts_to(GROUP)))
        assert found is not None
        await h.command(PARENT, "/start", args=f"ref-{found.group(1)}")
        await h.press_action(PARENT, "ref.yes")
        await h.press_action(PARENT, "lang.ar")
        await h.press_action(PARENT, "talk")
        await h.press_action(PARENT, "ok.yes")
        thread = int(h.fake.calls_to("createForumTopic")[-1].result["message_thread_id"])
        assert (await case_row(h)).referral_code == found.group(1)
        assert (
            "Eingeladen von der Initiative Willkommen Dülmen (Dülmen)" in staff_texts(h, thread)[0]
        )

        async with h.app.db.transaction() as tx:  # 99 more approved groups
            for n in range(2, 101):
                chat = -4100 - n
                h.fake.add_group(chat, f"Gruppe {n}", chat_type="group", bot_status="member")
                record = InitiativeRecord(
                    n, chat, f"Gruppe {n}", "approved", None, None, None, False
                )
                await initiatives.save(tx, record)
        h.fake.push_text(ANNA, "/ankuendigung Elternabend am Donnerstag", chat=STAFF_CHAT)
        await h.settle()
        preview = h.fake.last_message_to(STAFF_CHAT)
        assert "100 Gruppen" in preview["text"]
        h.fake.push_button(ANNA, "Senden", chat=STAFF_CHAT)
        await h.settle(within=120)
        progress = h.fake.state.chats[STAFF_CHAT].messages[preview["message_id"]]
        assert "fertig: 100/100 gesendet, 0 fehlgeschlagen" in progress["text"]
        assert h.last_text_to(GROUP) == "Elternabend am Donnerstag"
        assert h.fake.rate_limited == 0
