"""The instrument's `export` section and the `non_latin` condition, as a KI editor meets them."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.instrument import InstrumentError, has_non_latin_letters, load_instrument
from dialogs.instrument import default_instrument_path as shipped
from dialogs.instrument.schema import parse_instrument

HEAD = """version: "t-1"
id: test
title: Test
questions:
  - id: first_name
    type: text
    text: Name?
    personal: true
    staff_label: Vorname
  - id: first_name_latin
    type: text
    text: Latin?
    when: {first_name: {non_latin: true}}
    personal: true
    required: false
    staff_label: Vorname (lateinisch)
  - id: health
    type: yes_no
    text: Health?
    personal: true
    special_category: true
    required: false
    staff_label: Gesundheit
  - id: ok
    type: yes_no
    text: Pass on?
    personal: false
    staff_label: Weitergabe
"""


def problems(export: str) -> str:
    with pytest.raises(InstrumentError) as info:
        parse_instrument(HEAD + export, source="fixture.yaml")
    return str(info.value)


def test_a_valid_export_section() -> None:
    inst = parse_instrument(
        HEAD + "export:\n  consent: ok\n  case_sheet: [first_name, first_name_latin]\n"
        "  dataset:\n    - {field: case, header: Fall}\n    - {field: first_name, header: Name}\n"
    )
    assert inst.export is not None and inst.export.consent == "ok"
    assert [(c.field, c.header, c.personal) for c in inst.export.dataset] == [
        ("case", "Fall", False),
        ("first_name", "Name", True),
    ]


def test_health_data_is_never_exported_and_mistakes_are_named() -> None:
    message = problems(
        "export:\n  consent: first_name\n  case_sheet: [health, nope]\n"
        "  dataset:\n    - {field: health, header: G}\n    - {field: case, header: G}\n"
        "    - {field: case}\n"
    )
    assert "must name a yes_no question" in message
    assert "'health' is health data (special_category): it is never exported" in message
    assert "'nope' is no question" in message
    assert "exactly field and header" in message


def test_non_latin_only_for_names_in_another_script() -> None:
    assert has_non_latin_letters("أمينة") and has_non_latin_letters("Олена")
    assert not has_non_latin_letters("Łukasz-Żółć O'Neil 2")
    inst = parse_instrument(HEAD)
    latin = inst.question("first_name_latin")
    assert inst.applies(latin, {"first_name": "Олена"}, today=date(2026, 11, 1))
    assert not inst.applies(latin, {"first_name": "Amira"}, today=date(2026, 11, 1))
    bad = HEAD + (
        "  - id: late\n    type: text\n    text: Late?\n    when: {ok: {non_latin: true}}\n"
        "    personal: false\n    staff_label: Spät\n"
    )
    with pytest.raises(InstrumentError, match="non_latin applies to text questions only"):
        parse_instrument(bad)


def test_the_shipped_export_section() -> None:
    inst = load_instrument(shipped())
    assert inst.export is not None
    assert inst.export.consent == "share_consent"
    assert "special_needs" not in inst.export.case_sheet
    personal = {c.field for c in inst.export.dataset if c.personal}
    assert personal == {"first_name", "first_name_latin", "birth_date", "arrival_date"}
