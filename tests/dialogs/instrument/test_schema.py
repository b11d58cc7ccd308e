"""Loading instrument files: the checks a KI editor meets, and conditions on fixture files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dialogs.instrument import InstrumentError, load_instrument
from dialogs.instrument.schema import parse_instrument

TODAY = date(2026, 11, 15)

# --- broken files --------------------------------------------------------------------------

FIXTURE_HEAD = """version: "t-1"
id: test
title: Test
questions:
  - id: age_in_years
    type: number
    text: How old?
    personal: false
    staff_label: Alter"""


def broken(body: str) -> str:
    with pytest.raises(InstrumentError) as info:
        parse_instrument(FIXTURE_HEAD + body, source="fixture.yaml")
    return str(info.value)


def test_unknown_type() -> None:
    message = broken("\n  - id: b\n    type: slider\n    text: B?\n")
    assert "questions[1].type (question 'b', line 11): unknown type 'slider'" in message


def test_duplicate_id() -> None:
    message = broken(
        "\n  - id: age_in_years\n    type: yes_no\n    text: B?\n"
        "    personal: false\n    staff_label: B\n"
    )
    assert "questions[1].id (question 'age_in_years', line 10): duplicate id" in message


def test_when_unknown_question() -> None:
    message = broken(
        "\n  - id: b\n    type: yes_no\n    text: B?\n    personal: false\n"
        "    staff_label: B\n    when: {nope: {eq: 1}}\n"
    )
    assert "questions[1].when.nope (question 'b', line 15): refers to unknown question" in message


def test_when_later_question_and_bad_operator() -> None:
    message = broken(
        "\n  - id: b\n    type: yes_no\n    text: B?\n    personal: false\n    staff_label: B\n"
        "    when: {c: {eq: true}, age_in_years: {bigger: 3}}\n"
        "  - id: c\n    type: yes_no\n    text: C?\n    personal: false\n    staff_label: C\n"
    )
    assert "questions[1].when.c" in message and "later question" in message
    assert "questions[1].when.age_in_years.bigger" in message and "unknown operator" in message


def test_option_missing_value() -> None:
    message = broken(
        "\n  - id: b\n    type: choice\n    text: B?\n    personal: false\n    staff_label: B\n"
        "    options:\n      - value: x\n        text: X\n      - text: Y\n"
    )
    assert "questions[1].options[1] (question 'b', line 18): option needs a 'value'" in message


def test_several_problems_are_reported_at_once() -> None:
    message = broken(
        "\n  - id: B\n    type: choice\n    txt: B?\n    personal: maybe\n"
        "    special_category: true\n    options: [a]\n"
    )
    for expected in (
        "questions[1].id",
        "questions[1].txt",
        "questions[1].text",
        "questions[1].personal",
        "questions[1].staff_label",
        "questions[1].options",
        "special_category needs personal: true",
    ):
        assert expected in message


def test_when_values_are_checked_against_options() -> None:
    message = broken(
        "\n  - id: b\n    type: choice\n    text: B?\n    personal: false\n    staff_label: B\n"
        "    options:\n      - {value: x, text: X}\n      - {value: y, text: Y}\n"
        "  - id: c\n    type: yes_no\n    text: C?\n    personal: false\n    staff_label: C\n"
        "  - id: d\n    type: yes_no\n    text: D?\n    personal: false\n    staff_label: D\n"
        "    when: {b: {eq: z}, c: {eq: maybe}, age: {gte: 3}, age_in_years: {gt: x}}\n"
    )
    assert "'z' is not an option of 'b'" in message
    assert "question 'c' is yes/no: compare with yes or no" in message
    assert "'age' needs a 'birth_date' question" in message
    assert "when.age_in_years.gt" in message and "compares numbers only" in message


def test_yes_no_conditions_accept_words_and_booleans() -> None:
    inst = parse_instrument(
        FIXTURE_HEAD
        + "\n  - id: c\n    type: yes_no\n    text: C?\n    personal: false\n    staff_label: C\n"
        "  - id: d\n    type: yes_no\n    text: D?\n    personal: false\n    staff_label: D\n"
        "    when: {c: {eq: yes}}\n"
        "  - id: e\n    type: yes_no\n    text: E?\n    personal: false\n    staff_label: E\n"
        "    when: {c: {eq: false}}\n"
    )
    assert inst.question("d").when == {"c": {"eq": True}}
    assert inst.applies(inst.question("d"), {"c": True}, today=TODAY)
    assert inst.applies(inst.question("e"), {"c": False}, today=TODAY)


def test_yaml_errors_name_the_line() -> None:
    assert "line 11: found character '\\t'" in broken("\n  - id: b\n\ttype: x\n")
    assert "key 'text' appears twice" in broken("\n    text: Again?\n")


def test_yes_and_no_are_plain_words() -> None:
    inst = parse_instrument(
        FIXTURE_HEAD + "\n  - id: b\n    type: choice\n    text: B?\n    personal: false\n"
        "    staff_label: B\n    options:\n      - {value: yes, text: Ja}\n"
        "      - {value: no, text: Nein}\n"
    )
    assert [o.value for o in inst.question("b").options] == ["yes", "no"]


def test_missing_file_and_empty_document(tmp_path: Path) -> None:
    # An operator's typo in INSTRUMENT_FILE is reported like any other instrument problem.
    with pytest.raises(InstrumentError, match="cannot read the file"):
        load_instrument(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with pytest.raises(InstrumentError):
        load_instrument(tmp_path / "empty.yaml")


def test_conditions_on_lists_and_answered() -> None:
    inst = parse_instrument(
        FIXTURE_HEAD
        + """
  - id: langs
    type: languages
    text: L?
    options: [ar, fa]
    required: false
    personal: false
    staff_label: L
  - id: arabic_school
    type: yes_no
    text: A?
    when: {langs: {eq: ar}}
    personal: false
    staff_label: A
  - id: any_language
    type: yes_no
    text: B?
    when: {langs: {answered: true}}
    personal: false
    staff_label: B
"""
    )
    arabic, any_language = inst.question("arabic_school"), inst.question("any_language")
    assert inst.applies(arabic, {"langs": ["fa", "ar"]}, today=TODAY)
    assert not inst.applies(arabic, {"langs": ["fa"]}, today=TODAY)
    assert inst.applies(any_language, {"langs": ["fa"]}, today=TODAY)
    assert not inst.applies(any_language, {"langs": None}, today=TODAY)
