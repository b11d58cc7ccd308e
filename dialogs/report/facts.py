"""What the report needs of a case and its children, extracted once per row.

The shell decrypts a case's children (answers and estimate) and hands them here; only these
few facts are kept, so a month's report holds no names, dates of birth or free text in memory
while it computes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dialogs.case import overrides_from_json

# School stages a child can wait for a place in (the others have no school place to find).
SCHOOL_STAGES = ("primary", "secondary_1", "berufskolleg")
# Age bands follow the stages (dialogs/assessment): under 6 not yet at school; 6–9 the
# Grundschule's four years; 10–15 the Sekundarstufe I's grades 5–10; 16–17 still of
# compulsory-school age, as a rule at a Berufskolleg (FACTS neu.ifk); from 18 the obligation
# has ended unless an apprenticeship keeps it going.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0–5", 0, 5),
    ("6–9", 6, 9),
    ("10–15", 10, 15),
    ("16–17", 16, 17),
    ("18+", 18, None),
)
UNKNOWN = "unbekannt"
RECEPTION_CENTRE = "Landeseinrichtung (ZUE/EAE)"


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN


@dataclass(frozen=True)
class ChildFacts:
    number: int  # 1-based within its case, as counsellors number children
    submitted: date | None  # the day the family sent the answers
    age: int | None
    municipality: str  # display name, or UNKNOWN / RECEPTION_CENTRE
    stage_auto: str | None
    stage: str | None  # the counsellor's correction if there is one, else the estimate
    support: tuple[str, ...]
    interpreter: bool  # the family asked for a call with an interpreter

    @property
    def age_band(self) -> str:
        return age_band(self.age)


@dataclass(frozen=True)
class CaseFacts:
    id: int
    status: str
    locale: str
    created_at: datetime
    closed_at: datetime | None
    children: tuple[ChildFacts, ...]


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def child_facts(
    number: int,
    answers: Mapping[str, Any],
    assessment: Mapping[str, Any],
    override_stage: str | None,
    *,
    municipality_names: Mapping[str, str],
    case_municipality: str | None,
) -> ChildFacts:
    if answers.get("lives_in") == "reception_centre":
        municipality = RECEPTION_CENTRE
    else:
        code = answers.get("municipality")
        municipality = (
            (municipality_names.get(str(code)) if code else None) or case_municipality or UNKNOWN
        )
    stage_auto = assessment.get("stage")
    age = assessment.get("age")
    return ChildFacts(
        number=number,
        submitted=_date((assessment.get("input") or {}).get("on")),
        age=age if isinstance(age, int) else None,
        municipality=municipality,
        stage_auto=stage_auto if isinstance(stage_auto, str) else None,
        stage=override_stage or (stage_auto if isinstance(stage_auto, str) else None),
        support=tuple(str(s) for s in assessment.get("support") or ()),
        interpreter=answers.get("contact_preference") == "phone_interpreter",
    )


def case_facts(
    *,
    id: int,
    status: str,
    locale: str,
    created_at: datetime,
    closed_at: datetime | None,
    municipality: str | None,
    children: Sequence[Mapping[str, Any]] | None,
    override: Mapping[str, Any] | None,
    municipality_names: Mapping[str, str],
) -> CaseFacts:
    """One case as the report sees it; `children` as stored ({answers, assessment} each)."""
    overrides = overrides_from_json(override)
    kids = tuple(
        child_facts(
            number,
            child.get("answers") or {},
            child.get("assessment") or {},
            overrides[number].stage if number in overrides else None,
            municipality_names=municipality_names,
            case_municipality=municipality,
        )
        for number, child in enumerate(children or (), start=1)
    )
    return CaseFacts(id, status, locale, created_at, closed_at, kids)
