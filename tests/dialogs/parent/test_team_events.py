"""What the family reads when the team acts: team events fed to the pure parent flow."""

from __future__ import annotations

from dialogs.parent.events import CaseClaimed, CaseClosed, CounsellorSentFile, CounsellorWrote
from dialogs.text import Raw
from tests.support.dialog_driver import Driver


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
