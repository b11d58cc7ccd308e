"""The intake instrument: the shipped YAML, branching, extraction for translators.

Answers are tested in test_instrument_answers.py, loading errors in test_instrument_schema.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dialogs.instrument import (
    Instrument,
    Question,
    assessment_problems,
    default_instrument_path,
    load_instrument,
)
from dialogs.instrument.extract import extract_instrument
from dialogs.text import LanguageName, TerritoryName, Text
from tests.support.env import ROOT

TODAY = date(2026, 11, 15)


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return load_instrument(default_instrument_path())


# --- the shipped file ----------------------------------------------------------------------


def test_shipped_instrument_loads(inst: Instrument) -> None:
    assert inst.version == "2026-12.3"
    assert inst.id and inst.title.msgid
    ids = [q.id for q in inst.questions]
    assert len(ids) == len(set(ids))
    assert assessment_problems(inst) == []


EXPECTED_ORDER = [
    ("first_name", "text", None),
    ("first_name_latin", "text", {"first_name": {"non_latin": True}}),
    ("birth_date", "date", None),
    ("country_of_origin", "country", None),
    ("arrival_date", "date", None),
    ("school_in_germany", "yes_no", None),
    ("school_in_germany_since", "date", {"school_in_germany": {"eq": True}}),
    ("lives_in", "choice", None),
    ("reception_centre_name", "text", {"lives_in": {"eq": "reception_centre"}}),
    ("municipality", "municipality", {"lives_in": {"eq": "municipality"}}),
    ("home_languages", "languages", None),
    ("school_years_abroad", "number", None),
    ("last_grade", "number", {"school_years_abroad": {"gt": 0}}),
    ("school_interrupted", "yes_no", {"school_years_abroad": {"gt": 0}}),
    ("school_report", "choice", {"school_years_abroad": {"gt": 0}}),
    ("literacy", "choice", None),
    ("german", "choice", None),
    ("english", "choice", None),
    ("apprenticeship", "yes_no", {"age": {"gte": 15}}),
    ("special_needs", "choice", None),
    ("respondent", "choice", None),
    ("contact_preference", "choice", None),
    ("phone", "text", {"contact_preference": {"in": ["phone", "phone_interpreter"]}}),
    ("share_consent", "yes_no", None),
]


def test_question_order_types_and_conditions(inst: Instrument) -> None:
    assert [(q.id, q.kind, q.when) for q in inst.questions] == EXPECTED_ORDER


def test_assessment_questions(inst: Instrument) -> None:
    def values(qid: str) -> list[str]:
        return [o.value for o in inst.question(qid).options]

    assert values("literacy") == ["none", "other_script", "latin"]
    assert values("german") == ["none", "a1", "a2", "b1_plus"]
    assert values("lives_in") == ["municipality", "reception_centre"]
    years, grade = inst.question("school_years_abroad"), inst.question("last_grade")
    assert (years.min, years.max, years.integer) == (0, 15, True)
    assert (grade.min, grade.max) == (1, 13)


def test_privacy_flags(inst: Instrument) -> None:
    personal = {q.id for q in inst.questions if q.personal}
    assert personal == {
        "first_name",
        "first_name_latin",
        "birth_date",
        "arrival_date",
        "reception_centre_name",
        "special_needs",
        "phone",
    }
    special = [q for q in inst.questions if q.special_category]
    assert [q.id for q in special] == ["special_needs"]
    assert not special[0].required and not special[0].case_card
    assert "in_person" in {o.value for o in special[0].options}
    assert not inst.question("phone").required


def test_country_and_language_options_are_cldr_names_plus_other(inst: Instrument) -> None:
    country = inst.question("country_of_origin")
    assert country.options[0].label == TerritoryName("SY")
    assert country.options[-1].value == "other"
    assert country.options[-1].label == Text("Anderes")
    langs = inst.question("home_languages")
    assert LanguageName("fa-AF") in [o.label for o in langs.options]
    assert (langs.min_selected, langs.max_selected) == (1, 5)


# --- branching -----------------------------------------------------------------------------

BASE = {
    "first_name": "Amira",
    "birth_date": "2012-03-04",
    "country_of_origin": "SY",
    "arrival_date": "2026-03-01",
    "school_in_germany": False,
    "lives_in": "municipality",
    "respondent": "parent",
}


def applies(inst: Instrument, qid: str, answers: dict[str, Any]) -> bool:
    return inst.applies(inst.question(qid), answers, today=TODAY)


@pytest.mark.parametrize(("years", "asked"), [(0, False), (1, True), (7, True), (None, False)])
def test_school_follow_ups_only_after_schooling(inst: Instrument, years: Any, asked: bool) -> None:
    answers = {**BASE, "school_years_abroad": years}
    for qid in ("last_grade", "school_interrupted", "school_report"):
        assert applies(inst, qid, answers) is asked


@pytest.mark.parametrize(
    ("birth", "asked"),
    [("2011-11-16", False), ("2011-11-15", True), ("2008-01-01", True), (None, False)],
)
def test_apprenticeship_from_fifteen(inst: Instrument, birth: str | None, asked: bool) -> None:
    answers = {**BASE, "birth_date": birth}
    assert applies(inst, "apprenticeship", answers) is asked


def test_municipality_only_outside_reception_centre(inst: Instrument) -> None:
    assert applies(inst, "municipality", {**BASE, "lives_in": "municipality"})
    assert not applies(inst, "municipality", {**BASE, "lives_in": "reception_centre"})
    assert not applies(inst, "municipality", {"first_name": "A"})


def test_phone_only_for_a_call(inst: Instrument) -> None:
    assert applies(inst, "phone", {"contact_preference": "phone_interpreter"})
    assert not applies(inst, "phone", {"contact_preference": "telegram"})


def test_prune_after_correction(inst: Instrument) -> None:
    answers = {
        **BASE,
        "municipality": "duelmen",
        "school_years_abroad": 4,
        "last_grade": 4,
        "school_interrupted": False,
        "school_report": "yes",
        "legacy_field": 1,
    }
    corrected = {**answers, "school_years_abroad": 0, "lives_in": "reception_centre"}
    pruned = inst.prune(corrected, today=TODAY)
    for gone in ("last_grade", "school_interrupted", "school_report", "municipality"):
        assert gone not in pruned
    assert pruned["school_years_abroad"] == 0
    assert pruned["legacy_field"] == 1  # not ours to delete
    assert inst.prune(answers, today=TODAY) == answers


def test_previous_question(inst: Instrument) -> None:
    answers = {**BASE, "municipality": "duelmen", "home_languages": ["ar"]}
    assert inst.previous_question(answers, "first_name", today=TODAY) is None
    prev = inst.previous_question(answers, "school_years_abroad", today=TODAY)
    assert prev is not None and prev.id == "home_languages"
    no_school = {**answers, "school_years_abroad": 0}
    prev = inst.previous_question(no_school, "literacy", today=TODAY)
    assert prev is not None and prev.id == "school_years_abroad"
    reception = {**BASE, "lives_in": "reception_centre"}
    prev = inst.previous_question(reception, "home_languages", today=TODAY)
    assert prev is not None and prev.id == "reception_centre_name"
    with pytest.raises(KeyError):
        inst.previous_question(answers, "no_such_question", today=TODAY)


def journey(inst: Instrument, script: dict[str, Any]) -> list[str]:
    """Answer each question the instrument asks from `script`; return the ids asked."""
    answers: dict[str, Any] = {}
    asked = []
    while (q := inst.next_question(answers, today=TODAY)) is not None:
        asked.append(q.id)
        answers[q.id] = script[q.id]
        assert len(asked) <= len(inst.questions)
    return asked


def test_journey_of_a_sixteen_year_old_with_schooling(inst: Instrument) -> None:
    script = {
        **BASE,
        "birth_date": "2010-05-01",
        "municipality": "duelmen",
        "home_languages": ["ar", "ku"],
        "school_years_abroad": 8,
        "last_grade": 8,
        "school_interrupted": True,
        "school_report": "at_home",
        "literacy": "other_script",
        "german": "none",
        "english": "some",
        "apprenticeship": False,
        "special_needs": None,  # skipped counts as answered
        "school_in_germany": True,
        "school_in_germany_since": "2026-04",
        "contact_preference": "phone",
        "phone": "0151 2345678",
        "share_consent": True,
        "first_name": "أمينة",
        "first_name_latin": "Amina",
    }
    # Every question but the reception centre's: this family lives in a municipality.
    expected = [qid for qid, _k, _w in EXPECTED_ORDER if qid != "reception_centre_name"]
    assert journey(inst, script) == expected


def test_journey_of_a_young_child_in_a_reception_centre(inst: Instrument) -> None:
    script = {
        **BASE,
        "birth_date": "2019-02-01",
        "lives_in": "reception_centre",
        "reception_centre_name": "ZUE Dülmen",
        "home_languages": ["fa-AF"],
        "school_years_abroad": 0,
        "literacy": "none",
        "german": "none",
        "english": "none",
        "special_needs": "in_person",
        "contact_preference": "telegram",
        "share_consent": None,  # skipped: nothing is passed on
    }
    assert journey(inst, script) == [
        "first_name", "birth_date", "country_of_origin", "arrival_date", "school_in_germany",
        "lives_in", "reception_centre_name", "home_languages", "school_years_abroad",
        "literacy", "german", "english", "special_needs", "respondent", "contact_preference",
        "share_consent",
    ]  # fmt: skip


# --- translation -------------------------------------------------------------------------


def runtime_msgids(inst: Instrument) -> set[str]:
    ids = {inst.title.msgid}
    for q in inst.questions:
        ids.add(q.prompt.msgid)
        if q.hint:
            ids.add(q.hint.msgid)
        if q.kind in {"choice", "multi_choice"}:
            ids.update(o.label.msgid for o in q.options if isinstance(o.label, Text))
    return ids


def extracted(path: Path) -> list[tuple[int, str | None, str, list[str]]]:
    with path.open("rb") as fileobj:
        return list(extract_instrument(fileobj, ["_"], [], {}))


def test_extractor_yields_every_msgid_with_context(inst: Instrument) -> None:
    messages = extracted(default_instrument_path())
    assert {m for _l, _f, m, _c in messages} == runtime_msgids(inst)
    comments = {m: c for _l, _f, m, c in messages}
    assert comments["Kann Ihr Kind lesen und schreiben?"] == [
        "Intake question 'literacy' (choice), asked to the parent"
    ]
    latin = next(m for m in comments if m.endswith("A B C"))
    assert comments[latin][0] == "Option 'latin' of intake question 'literacy' (choice)"
    assert any("Keep the Latin letters" in c for c in comments[latin])
    lines = default_instrument_path().read_text(encoding="utf-8").splitlines()
    for lineno, funcname, message, _c in messages:
        assert funcname is None
        line = lines[lineno - 1]  # a folded text (">-") starts on the line of its key
        assert message.split()[0] in line or line.endswith(">-")


def test_extractor_through_babel() -> None:
    from babel.messages.extract import extract

    with default_instrument_path().open("rb") as fileobj:
        found = list(extract("dialogs.instrument.extract:extract_instrument", fileobj))
    assert any(m == "Fragen zur Schulzeit Ihres Kindes" for _l, m, _c, _ctx in found)


def test_babel_cfg_extracts_instrument_and_plurals() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    assert ("content/instrument.yaml", "dialogs.instrument.extract:extract_instrument") in (
        method_map
    )
    found = {
        (m if isinstance(m, str) else m[0])
        for _f, _l, m, _c, _ctx in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={"_": None}
        )
    }
    assert "Wie gut spricht Ihr Kind Deutsch?" in found
    assert "Sie können höchstens {n} Antwort auswählen." in found  # an _n() singular
    assert "Bitte schreiben Sie das Datum so: 31.12.2015" in found


def test_question_dataclass_is_frozen(inst: Instrument) -> None:
    q: Question = inst.question("literacy")
    with pytest.raises(AttributeError):
        q.required = False  # type: ignore[misc]


def test_which_questions_apply_is_worked_out_once_per_step_and_forgotten_after(
    inst: Instrument,
) -> None:
    schooled = {**BASE, "school_years_abroad": 3}
    unschooled = {**BASE, "school_years_abroad": 0}
    expected = inst.applicable(schooled, today=TODAY)
    with inst.remembering():
        assert inst.applicable(schooled, today=TODAY) == expected
        assert inst.applicable(schooled, today=TODAY) == expected  # from the memo
        first = inst.applicable(schooled, today=TODAY)
        first.clear()  # a caller's list is its own
        assert inst.applicable(schooled, today=TODAY) == expected
        # Other answers, another day: worked out anew, not taken from the memo.
        assert inst.applicable(unschooled, today=TODAY) != expected
        later = date(TODAY.year + 30, 1, 1)
        assert inst.applicable(schooled, today=later) == list(
            inst._prune_and_apply(schooled, later)[1]
        )
        # True is not 1: the answers' types are part of what is remembered.
        assert inst.prune({**BASE, "school_years_abroad": True}, today=TODAY) == (
            inst._prune(({**BASE, "school_years_abroad": True}), today=TODAY)
        )
        assert inst._memo  # something was remembered …
    assert inst._memo is None  # … and none of a child's answers outlive the step
