"""The intake instrument: the questions a parent answers about one child, loaded from YAML.

The KI edits `content/instrument.yaml` without touching code, so loading is strict: every
problem is reported at once, each with its YAML path and line, and the file is refused rather
than half-used. Branching is evaluated here so that the dialog, the summary and the assessment
agree on which questions apply to a child.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from dialogs.instrument.conditions import AGE as AGE
from dialogs.instrument.conditions import BIRTH_DATE as BIRTH_DATE
from dialogs.instrument.conditions import Conditions, all_hold, conditions
from dialogs.instrument.conditions import age_on as age_on
from dialogs.instrument.conditions import has_non_latin_letters as has_non_latin_letters
from dialogs.text import Renderable, Text

KINDS = frozenset(
    [
        "choice",
        "multi_choice",
        "yes_no",
        "date",
        "number",
        "text",
        "municipality",
        "country",
        "languages",
    ]
)
OPS = frozenset({"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "answered", "non_latin"})
# Option value that lets a parent type a country or language that has no button. Typed
# entries are stored as "other:<text>" so that codes and free text never collide.
OTHER = "other"
OTHER_PREFIX = "other:"


class InstrumentError(ValueError):
    """The instrument file is unusable; `problems` lists each one with its YAML path."""

    def __init__(self, problems: list[str], source: str = "instrument") -> None:
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s):\n{listing}")


@dataclass(frozen=True)
class Option:
    value: str
    label: Renderable
    # German wording for the counsellors' card where the parent's wording is too vague
    # (e.g. the German level described in everyday words → "etwa A2").
    staff_text: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: Text
    hint: Text | None
    options: tuple[Option, ...]
    personal: bool
    special_category: bool
    case_card: bool
    staff_label: str
    required: bool
    when: Mapping[str, Mapping[str, Any]] | None
    min: float | None
    max: float | None
    max_length: int | None
    min_selected: int
    max_selected: int | None
    # Validation beyond the shared fields; only meaningful for the kinds named.
    integer: bool = True  # number
    pattern: str | None = None  # text, matched after digits are normalised
    not_future: bool = False  # date
    not_before_birth: bool = False  # date, checked against `birth_date`
    min_age_years: int | None = None  # date of birth
    max_age_years: int | None = None  # date of birth
    allow_month: bool = False  # date: "03.2026" means the 1st of that month
    at_most_age_minus: int | None = None  # number: at most (age - this), e.g. school years
    # The same for every child of a family (where it lives, how to reach it): a further child
    # starts with the answer of the child before, shown in its summary to correct.
    family: bool = False

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def allows_other(self) -> bool:
        return self.option(OTHER) is not None


# The step memo's key is the answers' bytes: `marshal` writes exact built-in types only
# (True, 1 and 1.0, a list and a tuple, "1" and 1 as keys all differ), refuses anything else,
# and takes a quarter of the time of the JSON text the key was before (a step makes five keys).
# Version 2 writes no back-references, so equal answers give equal bytes whoever built them.
_MARSHAL_VERSION = 2


def _memo_key(answers: Mapping[str, Any], today: date) -> tuple[date, bytes] | None:
    """The answers as bytes that only equal answers of the same types share, or None for
    answers that are not plain built-in data."""
    try:
        return today, marshal.dumps(answers, _MARSHAL_VERSION)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ExportColumn:
    """One column of the data set: a question's answer or a derived field, German header."""

    field: str
    header: str
    personal: bool  # written only with --personal, and only for children with consent


@dataclass(frozen=True)
class ExportSpec:
    """The instrument's `export` section: what the case sheet shows and the data set holds.

    `consent` names the yes/no question whose "yes" allows passing a child's data on to the
    school and the Schulamt; without it nothing personal leaves the KI.
    """

    consent: str
    case_sheet: tuple[str, ...]
    dataset: tuple[ExportColumn, ...]


@dataclass(frozen=True)
class Instrument:
    version: str
    id: str
    title: Text
    questions: tuple[Question, ...]
    # What may leave the KI, and how (instrument `export`); None: nothing is exported.
    export: ExportSpec | None = field(default=None)
    # One step asks which questions apply four or five times over the same answers (the
    # re-check, the next question, its number, "back"): inside `remembering`, worked out
    # once. Never longer: the answers are a child's data and leave memory with the step.
    _memo: dict[Any, tuple[dict[str, Any], tuple[Question, ...]]] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """Within the block (one synchronous step), which questions apply to the same answers
        is worked out once; nothing is kept after it."""
        if self._memo is not None:  # nested: the outer block keeps and clears
            yield
            return
        object.__setattr__(self, "_memo", {})
        try:
            yield
        finally:
            object.__setattr__(self, "_memo", None)

    def question(self, qid: str) -> Question:
        return self.questions[self._positions[qid]]  # KeyError if unknown

    def position(self, q: Question) -> int:
        """Where `q` stands in the file (its buttons carry it); by id, as comparing whole
        questions field by field costs a tenth of a step."""
        return self._positions[q.id]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {q.id: index for index, q in enumerate(self.questions)}

    def applies(self, q: Question, answers: Mapping[str, Any], *, today: date) -> bool:
        if not q.when:
            return True
        return all_hold(conditions(q.when), answers, today)

    def applicable(self, answers: Mapping[str, Any], *, today: date) -> list[Question]:
        return list(self._pruned(answers, today)[1])

    def next_question(self, answers: Mapping[str, Any], *, today: date) -> Question | None:
        for q in self.applicable(answers, today=today):
            if q.id not in answers:
                return q
        return None

    def prune(self, answers: Mapping[str, Any], *, today: date) -> dict[str, Any]:
        """Drop answers to questions that no longer apply; keys of no question are kept."""
        return dict(self._pruned(answers, today)[0])

    def _pruned(
        self, answers: Mapping[str, Any], today: date
    ) -> tuple[dict[str, Any], tuple[Question, ...]]:
        """The pruned answers and the questions that apply, remembered for these answers."""
        memo = self._memo
        key = _memo_key(answers, today) if memo is not None else None
        if memo is not None and key is not None and (known := memo.get(key)) is not None:
            return known
        pruned, applicable = self._prune_and_apply(answers, today)
        if memo is not None and key is not None:
            memo[key] = (pruned, applicable)
        return pruned, applicable

    def _prune_and_apply(
        self, answers: Mapping[str, Any], today: date
    ) -> tuple[dict[str, Any], tuple[Question, ...]]:
        if self._looks_back_only:
            return self._prune_and_apply_at_once(answers, today)
        pruned = self._prune(answers, today=today)
        # Conditions only look backwards (checked at load time), so answers that a correction
        # made obsolete must not open follow-ups: evaluate on the pruned answers.
        return pruned, tuple(q for q in self.questions if self.applies(q, pruned, today=today))

    def _prune_and_apply_at_once(
        self, answers: Mapping[str, Any], today: date
    ) -> tuple[dict[str, Any], tuple[Question, ...]]:
        # When a question comes up, the answers its conditions read are settled already
        # (`_looks_back_only`): they are the same as in the pruned answers, so whether it
        # applies is decided in the same pass that prunes, each condition evaluated once.
        known = self._ids
        kept = {k: v for k, v in answers.items() if k not in known}
        applicable = []
        for q, when in self._conditions:
            if not when or all_hold(when, kept, today):
                applicable.append(q)
                if q.id in answers:
                    kept[q.id] = answers[q.id]
        return kept, tuple(applicable)

    @cached_property
    def _conditions(self) -> tuple[tuple[Question, Conditions], ...]:
        # Read from the file once: the loader has settled every `when` before it got here.
        return tuple((q, conditions(q.when) if q.when else ()) for q in self.questions)

    @cached_property
    def _ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.questions)

    @cached_property
    def _looks_back_only(self) -> bool:
        """Every condition reads only answers to earlier questions (or to no question), and
        every id is unique: what the loader demands, checked here for hand-built ones."""
        if len(self._ids) != len(self.questions):
            return False
        earlier: set[str] = set()
        for q in self.questions:
            for key in q.when or {}:
                read = BIRTH_DATE if key == AGE else key
                if read in self._ids and read not in earlier:
                    return False
            earlier.add(q.id)
        return True

    def _prune(self, answers: Mapping[str, Any], *, today: date) -> dict[str, Any]:
        known = self._ids
        kept = {k: v for k, v in answers.items() if k not in known}
        for q in self.questions:
            # Conditions refer only to earlier questions, so one pass in file order suffices.
            if q.id in answers and self.applies(q, kept, today=today):
                kept[q.id] = answers[q.id]
        return kept

    def previous_question(
        self, answers: Mapping[str, Any], current_id: str, *, today: date
    ) -> Question | None:
        """The nearest earlier question that applies (the "back" button's target)."""
        index = self._positions[current_id]  # KeyError if unknown
        if len(self._ids) == len(self.questions):
            # The questions that apply are those that apply to the pruned answers, as below:
            # the nearest one before is among them, found without asking each again.
            _pruned, applicable = self._pruned(answers, today)
            before = [q for q in applicable if self._positions[q.id] < index]
            return before[-1] if before else None
        pruned = self.prune(answers, today=today)
        return next(
            (q for q in reversed(self.questions[:index]) if self.applies(q, pruned, today=today)),
            None,
        )


# The assessment reads these answers by id and value; the KI may reword the questions but must
# keep ids, types and option values, or children would be assessed on missing data.
ASSESSMENT_FIELDS: Mapping[str, tuple[str, frozenset[str]]] = {
    "birth_date": ("date", frozenset()),
    "school_years_abroad": ("number", frozenset()),
    "last_grade": ("number", frozenset()),
    "literacy": ("choice", frozenset({"none", "other_script", "latin"})),
    "german": ("choice", frozenset({"none", "a1", "a2", "b1_plus"})),
    "lives_in": ("choice", frozenset({"municipality", "reception_centre"})),
    "apprenticeship": ("yes_no", frozenset()),
    "municipality": ("municipality", frozenset()),
    # Latin letters known from English: no Latin-script beginner (neu.scripts).
    "english": ("choice", frozenset({"none", "some", "good"})),
}


def assessment_problems(instrument: Instrument) -> list[str]:
    """What the assessment needs but this instrument lacks (for `python -m bot check`)."""
    problems = []
    for qid, (kind, values) in ASSESSMENT_FIELDS.items():
        try:
            q = instrument.question(qid)
        except KeyError:
            problems.append(f"question '{qid}' ({kind}) is missing")
            continue
        if q.kind != kind:
            problems.append(f"question '{qid}' must have type {kind}, not {q.kind}")
        elif values != {o.value for o in q.options} and values:
            found = ", ".join(o.value for o in q.options)
            problems.append(
                f"question '{qid}' needs options {', '.join(sorted(values))}; has {found}"
            )
    return problems
