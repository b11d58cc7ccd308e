"""Which answers stay and which questions apply are decided in one pass when conditions only
look back (as the loader demands), with each `when` read once from the file, and "back" finds
its question among those: the results must be the ones the long way gives, in the same order,
for any answers; hand-built instruments that look forward keep the two passes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.instrument import Instrument, Question, default_instrument_path, load_instrument
from dialogs.instrument.conditions import _holds, _value_of
from dialogs.text import Text

INST = load_instrument(default_instrument_path())


def _hand_built(*questions: Question) -> Instrument:
    return Instrument(version="1", id="hand", title=Text("hand"), questions=questions)


def applies_the_long_way(q: Question, answers: dict[str, Any], today: date) -> bool:
    return not q.when or all(
        _holds(op, expected, _value_of(key, answers, today))
        for key, ops in q.when.items()
        for op, expected in ops.items()
    )


def two_passes(
    inst: Instrument, answers: dict[str, Any], today: date
) -> tuple[dict[str, Any], tuple[Question, ...]]:
    """Prune in file order, then ask every question whether it applies: the way it was."""
    known = {q.id for q in inst.questions}
    kept = {k: v for k, v in answers.items() if k not in known}
    for q in inst.questions:
        if q.id in answers and applies_the_long_way(q, kept, today):
            kept[q.id] = answers[q.id]
    return kept, tuple(q for q in inst.questions if applies_the_long_way(q, kept, today))


def previous_the_long_way(
    inst: Instrument, answers: dict[str, Any], current: int, today: date
) -> Question | None:
    pruned = two_passes(inst, answers, today)[0]
    earlier = reversed(inst.questions[:current])
    return next((q for q in earlier if applies_the_long_way(q, pruned, today)), None)


def assert_decided_as_before(inst: Instrument, answers: dict[str, Any], today: date) -> None:
    pruned, applicable = inst._prune_and_apply(answers, today)
    expected_pruned, expected_applicable = two_passes(inst, answers, today)
    assert list(pruned.items()) == list(expected_pruned.items())  # the stored order too
    assert applicable == expected_applicable
    for index, q in enumerate(inst.questions):
        expected = previous_the_long_way(inst, answers, index, today)
        assert inst.previous_question(answers, q.id, today=today) is expected
        with inst.remembering():
            assert inst.previous_question(answers, q.id, today=today) is expected


def _answer(q: Question) -> st.SearchStrategy[Any]:
    values = [o.value for o in q.options]
    if q.kind == "yes_no":
        return st.sampled_from([True, False, "yes"])
    if q.kind in {"multi_choice", "languages"} and values:
        return st.lists(st.sampled_from(values), max_size=3)
    if values:
        return st.sampled_from(values)
    if q.kind == "date":
        return st.dates(date(1995, 1, 1), date(2027, 1, 1)).map(date.isoformat)
    if q.kind == "number":
        return st.integers(-1, 20) | st.floats(0, 20, allow_nan=False)
    return st.text(max_size=8)


ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        **{q.id: st.none() | _answer(q) for q in INST.questions},
        "not_a_question": st.integers(),
    },
).flatmap(lambda answers: st.permutations(list(answers.items())).map(dict))
DAYS = st.dates(date(2020, 1, 1), date(2040, 12, 31))


def test_the_shipped_instrument_is_decided_in_one_pass() -> None:
    assert INST._looks_back_only


@settings(max_examples=300)
@given(ANSWERS, DAYS)
def test_one_pass_decides_as_two_passes_do(answers: dict[str, Any], today: date) -> None:
    assert_decided_as_before(INST, answers, today)


# Conditions on answers that are themselves conditional, as the shipped file has none yet: a
# correction that drops "b" must drop "c" and "d" after it, and open "g".
_CHOICE = INST.question("literacy")
CHAIN = _hand_built(
    replace(_CHOICE, id="a", when=None),
    replace(_CHOICE, id="b", when={"a": {"eq": "latin"}}),
    replace(_CHOICE, id="c", when={"b": {"answered": True}}),
    replace(_CHOICE, id="d", when={"c": {"ne": "none"}}),
    INST.question("birth_date"),
    replace(_CHOICE, id="e", when={"age": {"gte": 10}, "d": {"in": ["latin", "none"]}}),
    replace(_CHOICE, id="f", when={"not_a_question": {"eq": 1}}),
    replace(_CHOICE, id="g", when={"b": {"answered": False}}),
)
CHAIN_ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        **{q: st.sampled_from([None, "none", "other_script", "latin"]) for q in "abcdefg"},
        "birth_date": st.dates(date(2005, 1, 1), date(2025, 1, 1)).map(date.isoformat),
        "not_a_question": st.integers(0, 2),
    },
).flatmap(lambda answers: st.permutations(list(answers.items())).map(dict))


@settings(max_examples=300)
@given(CHAIN_ANSWERS, DAYS)
def test_one_pass_follows_chains_of_conditions(answers: dict[str, Any], today: date) -> None:
    assert CHAIN._looks_back_only
    assert_decided_as_before(CHAIN, answers, today)


def test_a_dropped_answer_closes_what_followed_it() -> None:
    answers = {"a": "none", "b": "latin", "c": "latin", "d": "latin", "g": "none"}
    pruned, applicable = CHAIN._prune_and_apply(answers, date(2026, 11, 15))
    assert pruned == {"a": "none", "g": "none"}
    assert [q.id for q in applicable] == ["a", "birth_date", "g"]


def test_an_instrument_looking_forward_keeps_the_two_passes() -> None:
    base = INST.question("literacy")
    first = replace(base, id="first", when={"second": {"answered": True}})
    second = replace(base, id="second", when=None)
    inst = _hand_built(first, second)
    assert not inst._looks_back_only
    answers = {"first": "none", "second": "latin"}
    today = date(2026, 11, 15)
    # Two passes: "first" loses its answer (the second was not yet answered when it was
    # asked), yet applies to the pruned answers; one pass would say it does not apply.
    assert_decided_as_before(inst, answers, today)
    assert [q.id for q in inst.applicable(answers, today=today)] == ["first", "second"]


@pytest.mark.parametrize(
    "questions",
    [
        # The age is read from a birth date asked later.
        ("apprenticeship", "birth_date"),
        # A question asked twice under one id.
        ("literacy", "literacy"),
    ],
)
def test_other_forward_readings_keep_the_two_passes(questions: tuple[str, ...]) -> None:
    assert not _hand_built(*(INST.question(qid) for qid in questions))._looks_back_only
