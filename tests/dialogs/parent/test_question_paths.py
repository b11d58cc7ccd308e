"""Every path into a question honours its conditions (issue 9.3): the summary's ✏️, "back" and
stale or forged buttons lead to a question only as the forward path would."""

from __future__ import annotations

from dialogs.parent.events import Press
from tests.support.dialog_driver import AMIRA, INSTRUMENT, Driver

SPECIAL = INSTRUMENT.questions.index(INSTRUMENT.question("special_needs"))
PHONE = INSTRUMENT.questions.index(INSTRUMENT.question("phone"))


def declined_at_summary() -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)  # declines the special-category consent
    assert d.state.screen == "summary" and d.state.special_consent is False
    return d


def test_correcting_a_declined_health_question_asks_for_its_consent_again() -> None:
    d = declined_at_summary()
    d.send(Press(f"e.{SPECIAL}"))
    # Not the question: its consent, which the parent declined.
    assert d.state.screen == "special_consent" and "besonders geschützte Daten" in d.text()
    assert "Braucht Ihr Kind" not in d.text()
    # The question's own answer button, forged or from an old message, stores nothing.
    d.send(Press(f"a.{SPECIAL}.1"))
    child = d.state.children[0]
    assert child.answers.get("special_needs") is None and d.state.special_consent is False
    assert d.state.screen == "special_consent"  # the consent is shown again
    d.press("Nein, lieber nicht")
    assert d.state.screen == "summary" and d.state.children[0].answers["special_needs"] is None


def test_agreeing_on_the_second_chance_asks_the_question_then_returns_to_the_summary() -> None:
    d = declined_at_summary()
    d.send(Press(f"e.{SPECIAL}"))
    d.press("Ja, ich bin einverstanden")
    assert d.state.special_consent is True and d.state.question == "special_needs"
    assert "Braucht Ihr Kind" in d.text()
    d.press("Ja.")
    assert d.state.screen == "summary"
    assert d.state.children[0].answers["special_needs"] == "yes"


def test_back_to_a_declined_health_question_shows_its_consent_not_the_question() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA, until="contact_preference")
    d.press("Zurück")
    assert d.state.screen == "special_consent" and "Braucht Ihr Kind" not in d.text()
    d.send(Press(f"a.{SPECIAL}.1"))
    assert d.state.children[0].answers.get("special_needs") is None


def test_a_stale_correction_button_for_a_question_that_no_longer_applies_is_refused() -> None:
    d = declined_at_summary()
    assert "phone" not in d.state.children[0].answers  # chat chosen: no number asked
    d.send(Press(f"e.{PHONE}"))
    assert d.state.screen == "summary" and "nicht mehr aktuell" in d.text()
    assert "Telefonnummer" not in d.text()
