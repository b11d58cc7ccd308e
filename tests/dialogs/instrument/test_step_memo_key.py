"""The key under which one step remembers which questions apply: answers that differ only in
a type JSON or Python equality would blur (True and 1, 1 and 1.0, a list and a tuple) have
different keys, equal answers share one whoever built them, and what is not plain data is not
remembered at all."""

from __future__ import annotations

import json
from datetime import date
from enum import IntEnum
from types import MappingProxyType
from typing import Any

import pytest

from dialogs.instrument import default_instrument_path, load_instrument
from dialogs.instrument.model import _memo_key

INST = load_instrument(default_instrument_path())

DAY = date(2026, 11, 15)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"a": True}, {"a": 1}),
        ({"a": 1}, {"a": 1.0}),
        ({"a": False}, {"a": 0}),
        ({"a": ["ar"]}, {"a": ("ar",)}),
        ({"a": [True]}, {"a": [1]}),
        ({"1": "x"}, {1: "x"}),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # the order is stored, and kept by `prune`
        ({"a": None}, {}),
        ({"a": 0.0}, {"a": -0.0}),
    ],
)
def test_answers_that_differ_in_type_or_order_have_different_keys(
    one: dict[Any, Any], other: dict[Any, Any]
) -> None:
    assert _memo_key(one, DAY) != _memo_key(other, DAY)
    assert _memo_key(one, DAY) is not None and _memo_key(other, DAY) is not None


def test_equal_answers_share_a_key_whoever_built_them() -> None:
    answers = {"name": "أميرة", "langs": ["ar", "ku"], "n": 3, "ok": True, "skip": None}
    rebuilt = json.loads(json.dumps(answers))
    assert rebuilt is not answers
    assert _memo_key(rebuilt, DAY) == _memo_key(answers, DAY)
    assert _memo_key(answers, DAY) != _memo_key(answers, date(2026, 11, 16))


class _Level(IntEnum):
    ONE = 1


class _Name(str):
    pass


@pytest.mark.parametrize(
    "value", [date(2026, 1, 1), _Level.ONE, _Name("x"), object(), {"nested": date(2026, 1, 1)}]
)
def test_answers_that_are_not_plain_data_are_not_remembered(value: Any) -> None:
    assert _memo_key({"a": value}, DAY) is None
    assert _memo_key(MappingProxyType({"a": 1}), DAY) is None


def test_a_circular_answer_is_not_remembered() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert _memo_key({"a": loop}, DAY) is None


def test_remembered_results_are_the_worked_out_ones() -> None:
    answers = {"birth_date": "2010-01-01", "school_years_abroad": 3, "lives_in": "municipality"}
    with INST.remembering():
        for variant in (answers, {**answers, "school_years_abroad": 3.0}, {**answers, "x": True}):
            expected = INST._prune_and_apply(variant, DAY)
            assert INST.prune(variant, today=DAY) == expected[0]
            assert tuple(INST.applicable(variant, today=DAY)) == expected[1]
            assert INST.prune(variant, today=DAY) == expected[0]  # from the memo
