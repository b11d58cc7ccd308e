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
    d.answer_all(AMIRA, until="respondent")
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


BIRTH = INSTRUMENT.questions.index(INSTRUMENT.question("birth_date"))


def test_a_corrected_birth_date_asks_again_what_it_makes_impossible() -> None:
    """Born 2021 (5 years old) cannot have had 3 school years: the form refuses it when typed,
    so a correction of the birth date must not keep it (issue 9.9)."""
    d = declined_at_summary()
    d.send(Press(f"e.{BIRTH}"))
    d.type("12.03.2021")
    assert d.state.screen == "question" and d.state.question == "school_years_abroad"
    assert "passt nicht mehr zu Ihrer Änderung" in d.text()
    assert "Ihr Kind ist 5 Jahre alt. Dann passt höchstens 2." in d.text()  # the form's hint
    answers = d.state.children[0].answers
    assert "school_years_abroad" not in answers and "last_grade" not in answers
    d.type("0")  # no school yet: last grade, interruption and report no longer apply
    assert d.state.screen == "summary"
    assert "last_grade" not in d.state.children[0].answers
    assert d.state.children[0].answers["birth_date"] == "2021-03-12"


def test_an_arrival_before_the_corrected_birth_date_is_asked_again() -> None:
    d = declined_at_summary()
    arrival = INSTRUMENT.questions.index(INSTRUMENT.question("arrival_date"))
    d.send(Press(f"e.{arrival}"))
    d.type("05.2017")
    assert d.state.screen == "summary"
    d.send(Press(f"e.{BIRTH}"))
    d.type("12.03.2018")
    assert d.state.question == "arrival_date"
    assert "vor der Geburt Ihres Kindes" in d.text()
    d.type("03.2026")
    assert d.state.screen == "summary"
    assert d.state.children[0].answers["arrival_date"] == "2026-03"


def test_anderes_among_the_languages_asks_which_one() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA, until="home_languages")
    d.press("Arabisch")
    other = [label for label in d.labels() if "Ander" in label]
    assert other, d.labels()
    d.press(other[0])
    assert d.state.screen == "other_text" and "Bitte schreiben Sie die Antwort." in d.text()
    d.type("Aramäisch")
    assert d.state.screen == "question" and d.state.pending == ["ar", "arc"]  # CLDR knows it
    d.press("Fertig")
    assert d.state.children[0].answers["home_languages"] == ["ar", "arc"]
