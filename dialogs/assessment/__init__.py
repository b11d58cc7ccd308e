"""First estimate of a newly arrived child's school situation in NRW (pure).

The rules are in `rules`, their explanations in `explain`, the shared vocabulary in `types`
and the school-year arithmetic in `school_year`; callers import from this package."""

from __future__ import annotations

from dialogs.assessment.rules import (
    MAX_AGE,
    MIN_APPRENTICE_AGE,
    REASON_ORDER,
    SCHOOL_STAGES,
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
    assess,
    assess_json,
    assessment_json,
    explain_for_parent,
    explain_for_staff,
    parse_input,
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
