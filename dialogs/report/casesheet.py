"""The case sheet for the school or the Schulamt (`/export`): its content, in German.

Only children whose family answered yes to the instrument's consent question are on it; only
the answers the instrument's `export.case_sheet` lists (never health data); a name typed in
another script stands next to its Latin spelling. `bot/reports/pdf.py` lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogs.case import CaseView, EstimateOverride
from dialogs.german_terms import AUTHORITY_DE, OBLIGATION_DE, STAGE_DE, STATUS_DE, SUPPORT_DE
from dialogs.info.facts import FACTS
from dialogs.instrument import Instrument
from dialogs.instrument.display import staff_value
from dialogs.kreis import Kreis
from dialogs.report.month import KREIS_TIME
from dialogs.text import language_name

LATIN_SUFFIX = "_latin"  # `first_name_latin` is the Latin spelling of `first_name`


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    # The same value in the script the family typed it in (e.g. Arabic), shown beside `value`.
    original: str | None = None


@dataclass(frozen=True)
class ChildPart:
    heading: str
    answers: tuple[Line, ...]
    estimate: tuple[Line, ...]
    sources: tuple[Line, ...]  # fact id → where the rule comes from
    override: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Note:
    by: str
    at: datetime
    text: str


@dataclass(frozen=True)
class CaseSheet:
    case_id: int
    title: str
    facts: tuple[Line, ...]  # about the case: number, date, language, instrument
    children: tuple[ChildPart, ...]
    left_out: tuple[str, ...]  # children not on the sheet, and why
    notes: tuple[Line, ...]
    footer: str

    @property
    def file_name(self) -> str:
        return f"fallblatt-{self.case_id}.pdf"


class Refused(Exception):
    """Why there is no case sheet (German, for the counsellor)."""


def consented(answers: Mapping[str, Any], instrument: Instrument) -> bool:
    spec = instrument.export
    return spec is not None and answers.get(spec.consent) is True


def _answers(answers: Mapping[str, Any], instrument: Instrument, kreis: Kreis) -> list[Line]:
    assert instrument.export is not None
    names = {m.id: m.name for m in kreis.municipalities}
    listed = instrument.export.case_sheet
    lines = []
    for qid in listed:
        if qid not in answers or (
            qid.endswith(LATIN_SUFFIX) and qid[: -len(LATIN_SUFFIX)] in listed
        ):
            continue
        q = instrument.question(qid)
        value = staff_value(q, answers[qid], municipality_names=names)
        latin = answers.get(qid + LATIN_SUFFIX)
        if latin and (qid + LATIN_SUFFIX) in listed:
            lines.append(Line(q.staff_label, str(latin), original=value))
        else:
            lines.append(Line(q.staff_label, value))
    return lines


def _estimate(assessment: Mapping[str, Any]) -> tuple[list[Line], list[Line]]:
    stage = STAGE_DE.get(assessment.get("stage", ""), "?")
    if assessment.get("grade_band"):
        stage += f", Klasse {assessment['grade_band']}"
    support = ", ".join(SUPPORT_DE.get(s, s) for s in assessment.get("support", [])) or "keine"
    estimate = [
        Line("Stufe", stage),
        Line("Schulpflicht", OBLIGATION_DE.get(assessment.get("school_obligation", ""), "?")),
        Line("Förderung", support),
        Line("Zuweisung durch", AUTHORITY_DE.get(assessment.get("placing_authority") or "", "–")),
        Line("Begründung", str(assessment.get("explanation", ""))),
    ]
    sources = [
        Line(reason, FACTS[reason].source if reason in FACTS else "?")
        for reason in assessment.get("reasons", [])
    ]
    return estimate, sources


def _override(override: EstimateOverride | None) -> tuple[Line, ...]:
    if override is None:
        return ()
    return (
        Line("Stufe", STAGE_DE.get(override.stage, override.stage)),
        Line("Geändert von", f"{override.by} am {override.at}"),
        Line("Grund", override.reason),
    )


def case_sheet(
    view: CaseView,
    *,
    instrument: Instrument,
    kreis: Kreis,
    now: datetime,
    notes: Sequence[Note] | None = None,
) -> CaseSheet:
    """The sheet for `view`; `notes` None leaves the counsellors' notes off. Raises Refused."""
    if instrument.export is None:
        raise Refused("Das Instrument legt keine Export-Felder fest (instrument.yaml: export).")
    if not view.children:
        raise Refused(
            f"Fall #{view.id} hat noch keine Angaben zu einem Kind: nichts zu exportieren."
        )
    consent_label = instrument.question(instrument.export.consent).staff_label
    parts: list[ChildPart] = []
    left_out: list[str] = []
    for number, child in enumerate(view.children, start=1):
        if not consented(child.answers, instrument):
            left_out.append(
                f"Kind {number}: keine Zustimmung zur Weitergabe („{consent_label}“ nicht mit Ja "
                "beantwortet)."
            )
            continue
        estimate, sources = _estimate(child.assessment)
        parts.append(
            ChildPart(
                f"Kind {number}",
                tuple(_answers(child.answers, instrument, kreis)),
                tuple(estimate),
                tuple(sources),
                _override(view.overrides.get(number)),
            )
        )
    if not parts:
        raise Refused(
            f"Kein Export für Fall #{view.id}: Die Familie hat der Weitergabe an Schule und "
            f"Schulamt nicht zugestimmt („{consent_label}“ nicht mit Ja beantwortet)."
        )
    local = now.astimezone(KREIS_TIME)
    facts = (
        Line("Fall", f"#{view.id} ({STATUS_DE.get(view.status, view.status)})"),
        Line("Eingang", view.created_at.astimezone(KREIS_TIME).strftime("%d.%m.%Y")),
        Line("Sprache der Familie", f"{language_name(view.locale, 'de')} ({view.locale})"),
        Line("Erstellt", local.strftime("%d.%m.%Y %H:%M")),
        Line("Instrument", f"{instrument.id} v{instrument.version}"),
    )
    note_lines = tuple(
        Line(f"{n.by}, {n.at.astimezone(KREIS_TIME).strftime('%d.%m.%Y')}", n.text)
        for n in notes or ()
    )
    return CaseSheet(
        case_id=view.id,
        title=f"Fallblatt · {kreis.ki.name} · Fall #{view.id}",
        facts=facts,
        children=tuple(parts),
        left_out=tuple(left_out),
        notes=note_lines,
        footer=(
            "Die Einschätzung ist vorläufig und automatisch erstellt; über die Schule entscheidet "
            "die Schulaufsicht. Vertraulich: nur für die Schule und das Schulamt. Angaben zur "
            "Gesundheit sind nicht enthalten."
        ),
    )
