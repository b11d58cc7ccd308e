"""First estimate of a newly arrived child's school situation in NRW, as pure functions.

The rules live here; the explanations for staff and parents in `dialogs.assessment.explain`, and
`Assessment.reasons` is read off those explanations, so the two cannot drift. The facts are in
/work/shared/domain/FACTS.md; nothing here names a section number or a fine. This is the
public module: import the input, result and explanation functions from here.

grade_band: for primary and Sek I the age-cohort grade widened by the grade below ("3–4"),
because newcomers are placed by age but their German matters; just the cohort grade ("4") when
German is at B1 already; never crossing the stage boundary (cohort grade 5 stays "5"). For the
Berufskolleg a label: "IFK" (Internationale Förderklasse, neu.ifk) or "Ausbildung" (school
alongside an apprenticeship). None when nobody is placed (not yet / beyond school age).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import date
from typing import Any

from dialogs.assessment import school_year as sy
from dialogs.assessment.explain import explain_for_parent, explain_for_staff, reason_ids
from dialogs.assessment.types import (
    MAX_AGE,
    MIN_APPRENTICE_AGE,
    Assessment,
    AssessmentInput,
    AssessmentInputError,
    Authority,
    English,
    German,
    Literacy,
    LivesIn,
    Obligation,
    Stage,
    band_bounds,
    knows_latin_letters,
    little_schooling,
    require,
)

__all__ = [
    "MAX_AGE",
    "MIN_APPRENTICE_AGE",
    "REASON_ORDER",
    "SCHOOL_STAGES",
    "Assessment",
    "AssessmentInput",
    "AssessmentInputError",
    "Authority",
    "English",
    "German",
    "Literacy",
    "LivesIn",
    "Obligation",
    "Stage",
    "assess",
    "assess_json",
    "assessment_json",
    "explain_for_parent",
    "explain_for_staff",
    "parse_input",
]

SCHOOL_STAGES = ("primary", "secondary_1", "berufskolleg")
# Reasons follow the order of FACTS.md so that the output is stable and easy to look up.
REASON_ORDER = (
    "sp.who", "sp.asylum", "sp.reception", "sp.start", "sp.year", "sp.full", "sp.sek2",
    "sys.kita", "sys.grund", "sys.sek1", "sys.sek2", "sys.ages",
    "neu.who", "neu.goal", "neu.alpha", "neu.forms", "neu.place", "neu.ifk", "neu.lang",
    "neu.scripts",
)  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_input(data: Mapping[str, Any], *, today: date) -> AssessmentInput:
    """Validate JSON-like input; `on` defaults to `today`; null means "not given"."""
    require(isinstance(data, Mapping), f"The input must be an object, not {type(data).__name__}.")
    allowed = [f.name for f in fields(AssessmentInput)]
    unknown = sorted(str(k) for k in data if k not in allowed)
    require(not unknown, f"Unknown field(s): {', '.join(unknown)}. Allowed: {', '.join(allowed)}.")
    require(data.get("birth_date") is not None, "birth_date is required (YYYY-MM-DD).")
    birth = _date_field(data, "birth_date")
    require(birth <= today, f"birth_date {birth} lies in the future (today is {today}).")
    for name in ("literacy", "german", "lives_in", "english"):
        value = data.get(name)
        require(value is None or isinstance(value, str), f"{name} must be text; got {value!r}.")
    return AssessmentInput(
        birth_date=birth,
        on=today if data.get("on") is None else _date_field(data, "on"),
        school_years_abroad=_int_field(data, "school_years_abroad"),
        last_grade=_int_field(data, "last_grade"),
        literacy=data.get("literacy"),
        german=data.get("german"),
        lives_in="municipality" if data.get("lives_in") is None else data["lives_in"],
        apprenticeship=_bool_field(data, "apprenticeship"),
        english=data.get("english"),
    )


def _date_field(data: Mapping[str, Any], name: str) -> date:
    value = data[name]
    if type(value) is date:  # not a datetime, which would not compare with dates
        return value
    iso = isinstance(value, str) and _ISO_DATE.fullmatch(value)
    require(bool(iso), f"{name} must be an ISO date like 2015-03-01; got {value!r}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AssessmentInputError(f"{name} {value!r} is not a real calendar date.") from None


def _int_field(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    require(value is None or is_int, f"{name} must be a whole number; got {value!r}.")
    return value


def _bool_field(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    require(
        value is None or isinstance(value, bool), f"{name} must be true or false; got {value!r}."
    )
    return bool(value)


def assess(inp: AssessmentInput) -> Assessment:
    """Apply the rules; the reasons are read off the explanations so the two cannot drift."""
    grade = sy.cohort_grade(inp.birth_date, inp.on)
    stage = _stage(inp, grade)
    draft = Assessment(
        stage=stage,
        school_obligation=_obligation(inp, stage),
        support=_support(inp, grade) if stage in SCHOOL_STAGES else (),
        placing_authority=_authority(stage),
        grade_band=_grade_band(inp, stage, grade),
        reasons=(),
        age=sy.age_on(inp.birth_date, inp.on),
        school_start=sy.entry_date(inp.birth_date) if stage == "not_yet_school_age" else None,
        obligation_ends=None if inp.apprenticeship else sy.obligation_end(inp.birth_date),
        input=inp,
    )
    ids = reason_ids(draft)
    return replace(draft, reasons=tuple(r for r in REASON_ORDER if r in ids))


def assessment_json(a: Assessment) -> dict[str, Any]:
    """The estimate as stored with the case and printed by `python -m bot assess`."""
    data = {f.name: getattr(a, f.name) for f in fields(a) if f.name != "input"}
    data.update(support=list(a.support), reasons=list(a.reasons))
    for key in ("school_start", "obligation_ends"):
        data[key] = data[key].isoformat() if data[key] else None
    return {**data, "explanation": explain_for_staff(a), "input": a.input.to_json()}


def assess_json(data: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    return assessment_json(assess(parse_input(data, today=today)))


def _stage(inp: AssessmentInput, grade: int) -> Stage:
    if grade < 1:
        return "not_yet_school_age"
    if grade <= 4:
        return "primary"
    if grade <= 10:
        return "secondary_1"
    # sp.sek2: an apprenticeship begun before 21 keeps the obligation for its length. The start
    # date is not asked, so older apprentices stay here and the explanation asks to check it.
    if inp.apprenticeship or inp.on <= sy.obligation_end(inp.birth_date):
        return "berufskolleg"
    return "beyond_school_age"


def _obligation(inp: AssessmentInput, stage: Stage) -> Obligation:
    if stage == "beyond_school_age" or inp.lives_in == "reception_centre":
        return "no"
    return "not_yet" if stage == "not_yet_school_age" else "yes"


def _authority(stage: Stage) -> Authority | None:
    if stage in ("primary", "secondary_1"):
        return "schulamt"
    return "bezirksregierung" if stage == "berufskolleg" else None


def _support(inp: AssessmentInput, grade: int) -> tuple[str, ...]:
    wanted = {
        "german_support": inp.german != "b1_plus",
        "literacy_group": grade >= 3 and (inp.literacy == "none" or little_schooling(inp, grade)),
        "latin_script": inp.literacy == "other_script" and not knows_latin_letters(inp),
    }
    return tuple(name for name, on in wanted.items() if on)


def _grade_band(inp: AssessmentInput, stage: Stage, grade: int) -> str | None:
    if stage == "berufskolleg":
        return "Ausbildung" if inp.apprenticeship else "IFK"
    bounds = band_bounds(inp, stage, grade)
    if bounds is None:
        return None
    return str(bounds[1]) if bounds[0] == bounds[1] else f"{bounds[0]}–{bounds[1]}"
