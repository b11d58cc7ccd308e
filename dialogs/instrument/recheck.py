"""After an answer changes, the others are checked again as the form checked them: a birth date
corrected to 2021 must not keep "3 school years, grade 3" the form would have refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dialogs.instrument.answers import Rejected
from dialogs.instrument.model import Instrument, Question
from dialogs.instrument.typed import parse_typed
from dialogs.text import Text

# Kinds whose stored value is re-read from text; choices cannot contradict other answers (their
# conditions are applied by `Instrument.prune`).
_TYPED = {"date", "number", "text"}


def _as_typed(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        return str(value)
    return None


def first_conflict(
    instrument: Instrument,
    answers: Mapping[str, Any],
    *,
    today: date,
    municipalities: Sequence[tuple[str, str, Sequence[str]]],
) -> tuple[Question, Text] | None:
    """The first stored answer that the form would refuse now, with the form's hint."""
    for q in instrument.applicable(answers, today=today):
        if q.kind not in _TYPED or q.id not in answers:
            continue
        typed = _as_typed(answers[q.id])
        if typed is None:
            continue
        # A copy without this answer; `dict` then `del` copies in C, as every step re-reads
        # each typed answer.
        others = dict(answers)
        del others[q.id]
        result = parse_typed(q, typed, today=today, municipalities=municipalities, answers=others)
        if isinstance(result, Rejected):
            return q, result.hint
    return None
