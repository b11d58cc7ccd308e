"""From a child's answers to the first, explained estimate a parent reads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from dialogs.assessment import (
    Assessment,
    AssessmentInput,
    English,
    German,
    Literacy,
    assess,
    assessment_json,
    explain_for_parent,
)
from dialogs.kreis import support_places
from dialogs.parent.state import FlowContext
from dialogs.text import Raw, Renderable, _, lines

# Instrument answer → assessment input. The instrument names its questions after the
# assessment's inputs, so only types need converting here.
_YES = {True, "yes", "ja", "true"}


def assessment_input(answers: Mapping[str, Any], on: date) -> AssessmentInput:
    def as_int(key: str) -> int | None:
        value = answers.get(key)
        return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else None

    def one_of(key: str, kind: Any) -> Any:
        # An option the instrument offers but the assessment does not know (after an edit of
        # instrument.yaml) counts as "not given" rather than stopping the parent's conversation.
        value = answers.get(key)
        return value if value in get_args(kind) else None

    return AssessmentInput(
        birth_date=date.fromisoformat(str(answers["birth_date"])),
        on=on,
        school_years_abroad=as_int("school_years_abroad"),
        last_grade=as_int("last_grade"),
        literacy=one_of("literacy", Literacy),
        german=one_of("german", German),
        lives_in=answers.get("lives_in") or "municipality",
        apprenticeship=answers.get("apprenticeship") in _YES,
        # Only English is asked; French would count the same way (Latin letters), were it asked.
        english=one_of("english", English),
    )


def support_place_text(
    a: Assessment, answers: Mapping[str, Any], ctx: FlowContext
) -> Renderable | None:
    municipality = answers.get("municipality")
    if not municipality or a.placing_authority is None:
        return None
    places = support_places(
        ctx.kreis, str(municipality), a.stage, literacy_group="literacy_group" in a.support
    )
    if not places:
        return None
    school = places[0]
    town = ctx.municipality_names().get(school.municipality, school.municipality)
    place = _(
        "📍 Ein möglicher Ort für den Deutsch-Unterricht: {school} in {town}.",
        school=Raw(school.name),
        town=Raw(town),
    )
    if school.example:
        return lines(place, _("(Das ist ein Beispiel. Die richtige Schule sagt Ihnen das Amt.)"))
    return place


def estimate_for(answers: Mapping[str, Any], ctx: FlowContext) -> tuple[Renderable, dict[str, Any]]:
    """The parent's explanation and the assessment as JSON for the case."""
    a = assess(assessment_input(answers, ctx.today))
    text = lines(
        _("📋 Eine erste Einschätzung"),
        explain_for_parent(a),
        support_place_text(a, answers, ctx),
        sep="\n\n",
    )
    return text, assessment_json(a)
