"""A question's `when`: whether its conditions hold for a child's answers (and the age they
derive from the birth date). Split from `model` to keep each file short."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

# The one derived value a `when` may use: whole years today, from `birth_date`.
AGE = "age"
BIRTH_DATE = "birth_date"


def has_non_latin_letters(text: str) -> bool:
    """True when a letter of `text` is outside the Latin script (Arabic, Cyrillic, Ge'ez …).

    Unicode names every Latin letter "LATIN …"; anything else that is a letter is another
    script. Digits, spaces and punctuation do not count.
    """
    if text.isascii():
        return False  # every ASCII letter is Latin; asked whenever the questions are pruned
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def age_on(birth: date, today: date) -> int:
    """Whole years of age on `today` (a birthday on 29 February counts from 1 March)."""
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - before_birthday


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _value_of(key: str, answers: Mapping[str, Any], today: date) -> Any:
    if key == AGE:
        birth = _as_date(answers.get(BIRTH_DATE))
        return age_on(birth, today) if birth else None
    return answers.get(key)


def _holds(op: str, expected: Any, actual: Any) -> bool:
    # A question that was skipped or did not apply satisfies no condition except
    # `answered: false`; otherwise a follow-up could appear for an unknown answer.
    if op == "answered":
        return (actual is not None) == bool(expected)
    if actual is None:
        return False
    if op == "non_latin":
        # A name typed in Arabic or Cyrillic letters: the school needs its Latin spelling too.
        return isinstance(actual, str) and has_non_latin_letters(actual) == bool(expected)
    if isinstance(actual, list) and op in {"eq", "ne", "in", "not_in"}:
        # Multi-answers: eq/in ask "was this among the selected", ne/not_in the opposite.
        chosen = set(actual)
        wanted = set(expected) if op in {"in", "not_in"} else {expected}
        return bool(chosen & wanted) == (op in {"eq", "in"})
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    return {
        "gt": actual > expected,
        "gte": actual >= expected,
        "lt": actual < expected,
        "lte": actual <= expected,
    }[op]


# A question's `when` as (key, operator, expected) in the file's order.
Conditions = tuple[tuple[str, str, Any], ...]


def conditions(when: Mapping[str, Mapping[str, Any]]) -> Conditions:
    return tuple((key, op, expected) for key, ops in when.items() for op, expected in ops.items())


def all_hold(conditions: Conditions, answers: Mapping[str, Any], today: date) -> bool:
    # A loop rather than all(<generator>): this runs for every question several times a step.
    for key, op, expected in conditions:
        if not _holds(op, expected, _value_of(key, answers, today)):
            return False
    return True
