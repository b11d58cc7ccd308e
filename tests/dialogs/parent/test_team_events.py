"""What the family reads when the team acts: team events fed to the pure parent flow."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.parent import handoff
from dialogs.parent.events import (
    CaseClaimed,
    CaseClosed,
    CaseReopened,
    CounsellorSentFile,
    CounsellorWrote,
    Press,
    Unsupported,
)
from dialogs.parent.outcome import RelayMedia, RelayToCase
from dialogs.text import Raw
from tests.support.dialog_driver import AMIRA, Driver


def handed_off() -> Driver:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Mit einer Person")
    d.press("Ja, ich bin einverstanden")
    assert d.state.talking and d.state.screen == "handed_off"
    return d


def test_claim_starts_the_conversation_with_a_way_back_to_the_menu() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.send(CaseClaimed("Anna"))
    assert d.state.talking and d.state.screen == "handed_off"
    assert "Anna aus dem Beratungsteam antwortet Ihnen jetzt" in d.text()
    assert d.labels() == ["🔙 Zurück zum Menü"]
    d.press("Zurück zum Menü")
    assert not d.state.talking and d.state.screen == "menu"


def test_a_counsellors_words_keep_a_parent_in_the_intake_where_they_were() -> None:
    d = Driver()
    d.consent_and_start_intake()
    question = d.state.question
    d.send(CounsellorWrote(Raw("Wir melden uns morgen."), None))
    assert d.text() == "👤 Beratungsteam:\nWir melden uns morgen."
    assert d.state.screen == "question" and d.state.question == question and d.state.talking


def test_closing_ends_the_conversation() -> None:
    d = handed_off()
    d.send(CaseClosed())
    assert not d.state.talking and "Ihre Beratung ist abgeschlossen" in d.text()


@pytest.mark.parametrize(
    ("policy", "told"),
    [
        ("reopen", "Ihr Fall ist wieder offen"),
        ("new", "Wir haben eine neue Anfrage für Sie angelegt"),
    ],
)
def test_writing_after_the_case_was_closed_reaches_the_team_as_promised(
    policy: str, told: str
) -> None:
    """Issue 9.1: "Brauchen Sie wieder Hilfe? Dann schreiben Sie einfach hier." was answered
    with "Das habe ich nicht verstanden"."""
    d = handed_off()
    d.ctx = replace(d.ctx, closed_case_policy=policy)  # type: ignore[arg-type]
    d.send(CaseClaimed("Anna"))
    d.send(CaseClosed())
    assert "schreiben Sie einfach hier" in d.text()
    out = d.type("Hallo, wir brauchen noch Hilfe mit dem Schulbus.")
    assert out.effects == (RelayToCase("Hallo, wir brauchen noch Hilfe mit dem Schulbus."),)
    assert told in d.text() and "nicht verstanden" not in d.text()
    assert d.state.talking and d.state.screen == "handed_off"
    # In conversation again: the next message is passed on as usual, once.
    out = d.type("Und noch etwas.")
    assert out.effects == (RelayToCase("Und noch etwas."),)
    assert "weitergegeben" in d.text()


def test_after_closing_the_menu_and_a_file_reach_the_team_too() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    d.send(CaseClosed())
    d.command("menu")  # wandered off to the menu first: still "write here"
    out = d.send(Unsupported("photo", ref=(1, 2)))
    assert out.effects == (RelayMedia((1, 2)),)
    assert "Ihr Fall ist wieder offen" in d.text() and d.state.talking


def test_after_leaving_an_open_case_text_is_not_relayed() -> None:
    """Leaving the conversation is the family's choice; only a closed case invites writing."""
    d = handed_off()
    d.send(CaseClaimed(None))
    d.press("Zurück zum Menü")
    out = d.type("Hallo?")
    assert not out.effects and "nicht verstanden" in d.text()


def test_leaving_after_the_closing_keeps_what_the_leave_message_says() -> None:
    d = handed_off()
    d.send(CaseClaimed(None))  # its "back to menu" button stays in the chat
    d.send(CaseClosed())
    d.send(Press("leave"))
    assert "gehen jetzt nicht an das Beratungsteam" in d.text()
    out = d.type("Hallo?")
    assert not out.effects and "nicht verstanden" in d.text()


def test_a_reopened_case_is_announced_to_the_family() -> None:
    d = handed_off()
    d.send(CaseClosed())
    d.command("menu")
    out = d.send(CaseReopened())
    assert d.text() == d.renderer.render(handoff.reopened_by_team(), "de")
    assert d.labels() == ["🔙 Zurück zum Menü"]
    assert d.state.talking and d.state.screen == "handed_off" and not d.state.case_closed
    out = d.type("Danke!")
    assert out.effects == (RelayToCase("Danke!"),)


def test_files_carry_the_header_as_caption_or_before_them() -> None:
    d = handed_off()
    out = d.send(CounsellorSentFile((-100, 5), "Lageplan", True, "Anna"))
    (reply,) = out.replies
    assert reply.copy_of == (-100, 5) and d.text() == "👤 Anna (Beratungsteam):\nLageplan"
    out = d.send(CounsellorSentFile((-100, 6), None, False, None))
    assert [r.copy_of for r in out.replies] == [None, (-100, 6)]
    assert d.renderer.render(out.replies[0].text, "de") == "👤 Beratungsteam:"


def test_team_events_are_rendered_in_the_familys_language() -> None:
    d = Driver()
    d.start()
    d.press("العربية")
    out = d.send(CaseClaimed(None))
    assert out.locale == "ar"


def test_a_busy_staff_group_is_said_honestly() -> None:
    """Issue 11: the family read "weitergegeben" long before the team could see it."""
    d = handed_off()
    d.ctx = replace(d.ctx, staff_delay_minutes=1)
    d.type("Wann ist der Termin?")
    assert "weitergegeben" in d.text() and "Minute" not in d.text()  # about at once
    d.ctx = replace(d.ctx, staff_delay_minutes=7)
    d.type("Und wo?")
    assert "in etwa 7 Minuten" in d.text()
    d.send(Unsupported("photo", ref=(1, 2)))
    assert "in etwa 7 Minuten" in d.text()


def test_mein_fall_tells_the_status_and_each_childs_first_estimate() -> None:
    from dialogs.parent.events import CaseClaimed, CaseClosed, Press
    from tests.support.dialog_driver import AMIRA, Driver

    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    d.send(Press("case"))
    assert "Noch hat niemand aus dem Beratungsteam Ihren Fall übernommen." in d.text()
    assert "👧 Amira: erste Einschätzung – weiterführende Schule (Klasse 5 bis 10)" in d.text()
    d.send(CaseClaimed(None))
    d.send(Press("case"))
    assert "kümmert sich um Ihren Fall" in d.text() and "👧 Amira" in d.text()
    d.send(CaseClosed())
    d.send(Press("case"))
    assert d.text().startswith("✅ Ihre Beratung ist abgeschlossen.")
    assert "meldet sich" not in d.text() and "👧 Amira" in d.text()
