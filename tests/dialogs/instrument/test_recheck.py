"""The re-check after a change reads every typed answer again against the others: it must find
what the long way found, and leave the child's answers as they were."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from dialogs.instrument import Question, default_instrument_path, load_instrument
from dialogs.instrument.answers import Rejected
from dialogs.instrument.recheck import _TYPED, _as_typed, first_conflict
from dialogs.instrument.typed import parse_typed
from dialogs.text import Text

INST = load_instrument(default_instrument_path())
TODAY = date(2026, 11, 15)
PLACES = [("duelmen", "Dülmen", ["Duelmen"])]


def conflict_the_long_way(answers: dict[str, Any]) -> tuple[Question, Text] | None:
    for q in INST.applicable(answers, today=TODAY):
        if q.kind not in _TYPED or q.id not in answers:
            continue
        typed = _as_typed(answers[q.id])
        if typed is None:
            continue
        others = {k: v for k, v in answers.items() if k != q.id}
        result = parse_typed(q, typed, today=TODAY, municipalities=PLACES, answers=others)
        if isinstance(result, Rejected):
            return q, result.hint
    return None


ISO = st.dates(date(2000, 1, 1), date(2027, 1, 1)).map(date.isoformat)
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "first_name": st.sampled_from(["Amira", "أميرة", "123", ""]),
        "first_name_latin": st.sampled_from(["Amira", "😀"]),
        "birth_date": ISO | st.just("2016-03"),
        "arrival_date": ISO | st.sampled_from(["2026-03", "2010-01"]),
        "school_years_abroad": st.integers(-1, 14) | st.just(2.5) | st.just(True),
        "last_grade": st.integers(0, 14),
        "lives_in": st.just("municipality"),
    },
)


@given(ANSWERS)
def test_the_first_conflict_is_the_one_the_long_way_finds(answers: dict[str, Any]) -> None:
    before = dict(answers)
    found = first_conflict(INST, answers, today=TODAY, municipalities=PLACES)
    assert found == conflict_the_long_way(answers)
    assert answers == before and list(answers) == list(before)  # the child's answers untouched


def test_a_corrected_birth_date_makes_the_school_years_impossible() -> None:
    answers = {"birth_date": "2021-01-01", "school_years_abroad": 3, "arrival_date": "2025-01-01"}
    found = first_conflict(INST, answers, today=TODAY, municipalities=PLACES)
    assert found is not None and found[0].id == "school_years_abroad"
