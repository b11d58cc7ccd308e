"""What a counsellor needs and the intake did not ask (issue 9 item 6): school in Germany and
since when (FACTS neu.who), which reception centre, who answered; the child's languages named
on the card as the question asks them; both spellings of a name side by side."""

from __future__ import annotations

from dialogs.staff.card import child_section
from tests.support.dialog_driver import AMIRA, INSTRUMENT, KREIS, Driver


def sent_answers(**changes: str) -> dict[str, object]:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, **changes})
    return dict(d.state.children[0].answers)


def section(answers: dict[str, object]) -> str:
    return child_section(1, answers, {}, instrument=INSTRUMENT, kreis=KREIS)


def test_school_in_germany_reception_centre_and_who_answered_reach_the_card() -> None:
    answers = sent_answers(
        school_in_germany="Ja",
        school_in_germany_since="=09.2025",
        lives_in="Aufnahme-Einrichtung",
        reception_centre_name="=ZUE Dülmen",
        respondent="für mich selbst",
    )
    assert answers["school_in_germany"] is True
    assert answers["reception_centre_name"] == "ZUE Dülmen"
    assert "municipality" not in answers
    card = section(answers)
    assert "Schon in Deutschland in der Schule: ja" in card
    assert "In Deutschland in der Schule seit: 09.2025" in card
    assert "2 oder mehr Jahren Schule in Deutschland" in card and "neu.who" in card
    assert "Landeseinrichtung (Name, Ort): ZUE Dülmen" in card
    assert "Ausgefüllt von: die jugendliche Person selbst (unter 16 stimmen die Eltern zu" in card


def test_no_school_in_germany_asks_no_date_and_a_parent_is_named() -> None:
    answers = sent_answers()
    assert answers["school_in_germany"] is False and "school_in_germany_since" not in answers
    assert "Ausgefüllt von: Elternteil" in section(answers)
    assert "neu.who" not in section(answers)


def test_the_card_names_the_childs_languages_as_the_question_does() -> None:
    card = section(sent_answers())
    assert "Sprachen des Kindes (zu Hause): Arabisch" in card
    assert "Sprachen in der Familie" not in card
    assert INSTRUMENT.question("home_languages").prompt.msgid == (
        "Welche Sprachen spricht Ihr Kind zu Hause?"
    )


def test_a_name_in_its_own_script_is_asked_in_latin_letters_too() -> None:
    answers = sent_answers(first_name="=أمينة", first_name_latin="=Amina")
    card = section(answers)
    assert "أمينة" in card and "Amina" in card


def test_a_young_person_under_16_answering_alone_is_told_the_parents_consent_too() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, "respondent": "für mich selbst"}, until="contact_preference")
    assert "jünger als 16 Jahre" in d.text() and "Eltern oder Ihr Vormund" in d.text()
    older = Driver()
    older.consent_and_start_intake()
    sixteen = {
        **AMIRA,
        "birth_date": "=01.01.2010",
        "apprenticeship": "Nein",
        "respondent": "für mich selbst",
    }
    older.answer_all(sixteen, until="contact_preference")
    assert "jünger als 16" not in older.text()
