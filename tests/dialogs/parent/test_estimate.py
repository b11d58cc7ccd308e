"""The parent's estimate built from instrument answers: every answer that matters reaches it."""

from __future__ import annotations

from datetime import date

from dialogs.parent.estimate import assessment_input

ON = date(2026, 3, 10)
UKRAINIAN = {
    "birth_date": "2009-05-12",
    "school_years_abroad": 9,
    "last_grade": 9,
    "literacy": "other_script",
    "german": "none",
    "english": "good",
    "lives_in": "municipality",
}


def test_the_english_answer_reaches_the_assessment() -> None:
    inp = assessment_input(UKRAINIAN, ON)
    assert (inp.english, inp.literacy, inp.school_years_abroad) == ("good", "other_script", 9)
    assert assessment_input({**UKRAINIAN, "english": None}, ON).english is None


def test_an_option_the_assessment_does_not_know_counts_as_not_given() -> None:
    # e.g. after the KI added an option to instrument.yaml: no crash in the parent's chat
    inp = assessment_input({**UKRAINIAN, "english": "fluent", "german": "c1"}, ON)
    assert inp.english is None and inp.german is None and inp.literacy == "other_script"
