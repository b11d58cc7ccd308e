"""The assessment's input and vocabulary, shared by the rules and their explanations.

`dialogs.assessment` (the rules) imports `dialogs.assessment.explain` (the texts) to read the
reasons off the explanations, so the texts must not import the rules back at run time: what
both need lives here. Import these names from `dialogs.assessment`, the public module.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, get_args

from dialogs.assessment import school_year as sy

Literacy = Literal["none", "other_script", "latin"]
German = Literal["none", "a1", "a2", "b1_plus"]
# The instrument's `english` answer. English (like French) is written in Latin letters, so a
# child who reads another script and knows some English is no beginner in the Latin script.
English = Literal["none", "some", "good"]
LivesIn = Literal["municipality", "reception_centre"]
Stage = Literal["not_yet_school_age", "primary", "secondary_1", "berufskolleg", "beyond_school_age"]
Obligation = Literal["yes", "not_yet", "no"]
Authority = Literal["schulamt", "bezirksregierung"]

MAX_AGE = 30
# Nobody under 15 is in an apprenticeship; such input is a slip, not a case to assess.
MIN_APPRENTICE_AGE = 15


class AssessmentInputError(ValueError):
    """Invalid input; the message is one English sentence that names the field."""


def require(ok: bool, message: str) -> None:
    if not ok:
        raise AssessmentInputError(message)


@dataclass(frozen=True)
class AssessmentInput:
    birth_date: date
    on: date
    school_years_abroad: int | None = None
    last_grade: int | None = None
    literacy: Literacy | None = None
    german: German | None = None
    lives_in: LivesIn = "municipality"
    apprenticeship: bool = False
    english: English | None = None

    def __post_init__(self) -> None:
        # Checked here, not only in parse_input, so that no impossible input can be assessed.
        require(self.birth_date <= self.on, f"birth_date {self.birth_date} is after on={self.on}.")
        age = sy.age_on(self.birth_date, self.on)
        require(age <= MAX_AGE, f"The person is {age} on {self.on}; the limit is {MAX_AGE}.")
        kinds = (
            ("literacy", Literacy),
            ("german", German),
            ("lives_in", LivesIn),
            ("english", English),
        )
        for name, kind in kinds:
            value, allowed = getattr(self, name), get_args(kind)
            require(
                value is None or value in allowed,
                f"{name} must be one of {', '.join(allowed)}; got {value!r}.",
            )
        # Three years of slack for pre-school counted abroad; anything more is a typo.
        most = max(age - 3, 0)
        years, grade = self.school_years_abroad, self.last_grade
        require(
            years is None or 0 <= years <= most,
            f"school_years_abroad must be 0 to {most} for a {age}-year-old; got {years}.",
        )
        require(
            grade is None or most >= 1,
            f"A {age}-year-old cannot have a last_grade; got {grade}.",
        )
        require(
            grade is None or 1 <= grade <= min(most, 13),
            f"last_grade must be 1 to {min(most, 13)} for a {age}-year-old; got {grade}.",
        )
        require(
            not self.apprenticeship or age >= MIN_APPRENTICE_AGE,
            f"apprenticeship is set, but the person is only {age} years old.",
        )

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


# --- Quantities both the rules and the explanations derive from the input -------------------


def schooling_years(inp: AssessmentInput) -> int | None:
    # Without a count, the last grade abroad is the closest honest proxy (a grade ≈ a year).
    return inp.school_years_abroad if inp.school_years_abroad is not None else inp.last_grade


def little_schooling(inp: AssessmentInput, grade: int) -> bool:
    """No school, or under half the years the cohort has had (neu.alpha); from grade 3 only,
    because in grades 1–2 every child still learns to read and write (sys.grund)."""
    years = schooling_years(inp)
    return grade >= 3 and years is not None and (years == 0 or 2 * years < min(grade - 1, 10))


def knows_latin_letters(inp: AssessmentInput) -> bool:
    """Reads another script but probably knows Latin letters from English lessons (neu.scripts:
    starting point 2, literate in another script, rather than 3, first contact with Latin)."""
    return inp.literacy == "other_script" and inp.english in ("some", "good")


# Years of school after which a 16- to 18-year-old may be ready for more than the IFK: about a
# whole Sekundarstufe I abroad (9 years is a complete lower secondary in Ukraine, for example).
UPPER_LEVEL_YEARS = 9


def band_bounds(inp: AssessmentInput, stage: Stage, grade: int) -> tuple[int, int] | None:
    if stage not in ("primary", "secondary_1"):
        return None
    lowest = 1 if stage == "primary" else 5
    return (grade if inp.german == "b1_plus" else max(grade - 1, lowest), grade)


@dataclass(frozen=True)
class Assessment:
    stage: Stage
    school_obligation: Obligation
    support: tuple[str, ...]
    placing_authority: Authority | None
    grade_band: str | None
    reasons: tuple[str, ...]
    age: int
    school_start: date | None
    obligation_ends: date | None
    # The explanations need the answers behind the result (unknown fields, reception centre).
    input: AssessmentInput
