"""Loading the Kreis file: structural mistakes named with YAML path, line and id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialogs.kreis import KreisDataError, load_kreis
from tests.support.kreis_files import raw, write


def load_error(tmp_path: Path, data: dict[str, Any] | str) -> list[str]:
    with pytest.raises(KreisDataError) as caught:
        load_kreis(write(tmp_path, data))
    assert str(caught.value).count("\n  - ") == len(caught.value.problems)
    return caught.value.problems


def test_typo_in_a_key_names_path_line_and_id(tmp_path: Path) -> None:
    data = raw()
    school = data["schools"][3]
    school["municipalty"] = school.pop("municipality")
    problems = load_error(tmp_path, data)
    assert len(problems) == 2
    # A missing key points at the line of the entry it is missing from.
    assert problems[0].startswith("schools[3].municipality (line ")
    assert problems[0].endswith(', id "gs-coesfeld-lette"): required key is missing')
    assert problems[1].startswith("schools[3].municipalty (line ")
    assert problems[1].endswith('id "gs-coesfeld-lette"): unknown key (a typo?)')


def test_every_problem_is_listed_with_its_line(tmp_path: Path) -> None:
    text = """\
kreis: {name: Kreis Test, regierungsbezirk: Münster}
ki:
  name: KI
  address: {street: Weg 1, postcode: 48653, city: Coesfeld}
  phone: "+49 2541 0000000"
  email: ki@example.org
  counselling_hours: {mon: ["9-12"], timezone: Europe/Berlim}
authorities: []
municipalities:
  - {id: Dülmen, name: Dülmen}
schools:
  - id: gs-a
    name: A
    kind: primarschule
    municipality: duelmen
    stages: [primary]
    address: {street: Weg 1, postcode: "48249", city: Dülmen}
settings: {office_hours: {mon: ["08:00-16:00"]}, reminder_after_minutes: 0}
"""
    assert load_error(tmp_path, text) == [
        'ki.address.postcode (line 4): write the postcode as five digits in quotes, e.g. "48653"',
        "ki.counselling_hours.timezone (line 7): unknown time zone 'Europe/Berlim', "
        "e.g. Europe/Berlin",
        'ki.counselling_hours.mon[0] (line 7): write a time range as "HH:MM-HH:MM", '
        'e.g. "08:00-12:00"',
        'municipalities[0].id (line 10, id "Dülmen"): '
        'use lower-case a-z, digits and "-", e.g. "duelmen"',
        "schools[0].kind (line 14, id \"gs-a\"): Input should be 'grundschule', "
        "'hauptschule', 'realschule', 'sekundarschule', 'gesamtschule', 'gymnasium' or "
        "'berufskolleg'",
        "settings.reminder_after_minutes (line 18): Input should be greater than 0",
    ]


def test_hour_out_of_range(tmp_path: Path) -> None:
    data = raw()
    data["settings"]["office_hours"]["mon"] = ["08:00-25:00"]
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("settings.office_hours.mon[0] (line ")
    assert problem.endswith("'08:00-25:00' is not a time of day (00:00 to 23:59)")


def test_duplicate_key_is_reported(tmp_path: Path) -> None:
    text = "kreis:\n  name: A\n  name: B\n"
    assert load_error(tmp_path, text) == ["kreis.name (lines 2 and 3): key appears twice"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kreis: [unclosed\n", "not valid YAML"), ("- a\n- b\n", "must be a mapping")],
)
def test_unusable_file(tmp_path: Path, text: str, expected: str) -> None:
    (problem,) = load_error(tmp_path, text)
    assert expected in problem


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KreisDataError, match="cannot read the file"):
        load_kreis(tmp_path / "nope.yaml")


def test_pattern_errors_explain_the_format(tmp_path: Path) -> None:
    data = raw()
    data["offers"][1]["languages"] = ["DE"]
    data["offers"][1]["contact"]["email"] = "but at example.org"
    problems = load_error(tmp_path, data)
    assert [p.split("): ", 1)[1] for p in problems] == [
        "use an ISO 639 language code such as de, ar, uk",
        "not an e-mail address",
    ]
    assert problems[0].startswith("offers[1].languages[0] (line ")


def test_empty_required_list(tmp_path: Path) -> None:
    data = raw()
    data["schools"][0]["stages"] = []
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("schools[0].stages (line ")
    assert "at least 1 item" in problem


def test_offer_needs_some_contact(tmp_path: Path) -> None:
    data = raw()
    data["offers"][0]["contact"] = {}
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("offers[0].contact (line ")
    assert problem.endswith("give at least one of phone, email, url, address")
