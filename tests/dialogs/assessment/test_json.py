"""The assessment at its JSON boundary (CLI and case record): input validation, output shape."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from dialogs.assessment import AssessmentInput, AssessmentInputError, assess_json, parse_input

TODAY = date(2026, 3, 10)
D = date.fromisoformat


# --- JSON ---------------------------------------------------------------------------------

JSON_KEYS = {
    "stage",
    "school_obligation",
    "support",
    "placing_authority",
    "grade_band",
    "reasons",
    "explanation",
    "age",
    "school_start",
    "obligation_ends",
    "input",
}


def test_json_shape() -> None:
    data = {"birth_date": "2019-10-01", "on": "2025-08-01", "german": "none"}
    out = assess_json(data, today=TODAY)
    assert set(out) == JSON_KEYS
    assert out["school_start"] == "2026-08-01" and out["obligation_ends"] == "2038-07-31"
    assert out["support"] == [] and isinstance(out["reasons"], list)
    assert out["input"] == {
        "birth_date": "2019-10-01",
        "on": "2025-08-01",
        "school_years_abroad": None,
        "last_grade": None,
        "literacy": None,
        "german": "none",
        "lives_in": "municipality",
        "apprenticeship": False,
        "english": None,
    }
    assert out["explanation"].startswith("Das Kind ist 5 Jahre alt")
    assert json.loads(json.dumps(out)) == out


def test_json_for_a_pupil() -> None:
    out = assess_json(
        {"birth_date": "2012-05-05", "school_years_abroad": 2, "literacy": "other_script"},
        today=TODAY,
    )
    assert out["input"]["on"] == TODAY.isoformat()  # `on` defaults to today
    assert (out["stage"], out["school_obligation"], out["grade_band"]) == (
        "secondary_1",
        "yes",
        "7–8",
    )
    assert out["support"] == ["german_support", "literacy_group", "latin_script"]
    assert out["school_start"] is None and out["age"] == 13


def test_english_is_an_input_key_and_older_input_still_parses() -> None:
    pupil = {"birth_date": "2009-11-20", "on": "2026-03-10", "literacy": "other_script"}
    without = assess_json(pupil, today=TODAY)
    assert without["input"]["english"] is None and "latin_script" in without["support"]
    out = assess_json({**pupil, "english": "good"}, today=TODAY)
    assert out["input"]["english"] == "good"
    assert "latin_script" not in out["support"]
    assert "Englisch: gut" in out["explanation"]


# --- input validation ---------------------------------------------------------------------

GOOD = {"birth_date": "2015-03-01"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["2015-03-01"], "must be an object"),
        ({}, "birth_date is required"),
        ({"birth_date": None}, "birth_date is required"),
        ({**GOOD, "name": "Ali"}, "Unknown field(s): name"),
        ({"birth_date": "01.03.2015"}, "ISO date"),
        ({"birth_date": "20150301"}, "ISO date"),
        ({"birth_date": 20150301}, "ISO date"),
        ({"birth_date": datetime(2015, 3, 1)}, "ISO date"),
        ({"birth_date": "2015-02-30"}, "not a real calendar date"),
        ({"birth_date": "2021-02-29"}, "not a real calendar date"),
        ({**GOOD, "on": "2026-13-01"}, "not a real calendar date"),
        ({"birth_date": "2026-03-11"}, "lies in the future"),
        ({"birth_date": "2020-01-01", "on": "2019-12-31"}, "is after on=2019-12-31"),
        ({"birth_date": "1995-03-10"}, "the limit is 30"),
        ({**GOOD, "literacy": "arabic"}, "literacy must be one of none, other_script, latin"),
        ({**GOOD, "literacy": 3}, "literacy must be text"),
        ({**GOOD, "german": "B1"}, "german must be one of"),
        ({**GOOD, "lives_in": "hotel"}, "lives_in must be one of"),
        ({**GOOD, "school_years_abroad": -1}, "school_years_abroad must be 0 to 8"),
        ({**GOOD, "school_years_abroad": 12}, "school_years_abroad must be 0 to 8"),
        ({**GOOD, "school_years_abroad": 2.5}, "whole number"),
        ({**GOOD, "school_years_abroad": True}, "whole number"),
        ({**GOOD, "school_years_abroad": "3"}, "whole number"),
        ({**GOOD, "last_grade": 0}, "last_grade must be 1 to 8"),
        ({"birth_date": "2005-01-01", "last_grade": 14}, "last_grade must be 1 to 13"),
        ({"birth_date": "2023-01-01", "last_grade": 1}, "A 3-year-old cannot have a last_grade"),
        ({**GOOD, "lives_in": ""}, "lives_in must be one of"),
        ({**GOOD, "english": "fluent"}, "english must be one of none, some, good"),
        ({**GOOD, "english": True}, "english must be text"),
        ({**GOOD, "apprenticeship": "yes"}, "true or false"),
        ({**GOOD, "apprenticeship": True}, "only 11 years old"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(data: Any, message: str) -> None:
    with pytest.raises(AssessmentInputError) as caught:
        parse_input(data, today=TODAY)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError) and "\n" not in str(caught.value)


def test_constructing_an_impossible_input_directly_fails() -> None:
    with pytest.raises(AssessmentInputError, match="after on="):
        AssessmentInput(D("2020-01-01"), D("2019-01-01"))


@pytest.mark.parametrize(
    "data",
    [
        {"birth_date": "1996-03-10"},  # exactly 30
        {"birth_date": "2026-03-10"},  # born today
        {"birth_date": date(2015, 3, 1)},  # a date object is fine
        {"birth_date": "2015-03-01", "on": "2030-01-01"},  # planning ahead
        {**GOOD, "on": None, "german": None, "literacy": None, "apprenticeship": None},
        {**GOOD, "lives_in": None, "school_years_abroad": 0, "last_grade": 4},
    ],
)
def test_good_input_is_accepted(data: dict[str, Any]) -> None:
    inp = parse_input(data, today=TODAY)
    assert inp.lives_in == "municipality" and inp.apprenticeship is False
    assert inp.on == (D(data["on"]) if data.get("on") else TODAY)
