"""What counsellors see: the German case card and the topic name (pure, staff-facing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.answers import staff_value
from dialogs.instrument import Instrument
from dialogs.kreis import Kreis
from dialogs.text import language_name

TOPIC_NAME_LIMIT = 128
STATUS_DE = {"open": "offen", "claimed": "übernommen", "closed": "abgeschlossen"}
STAGE_DE = {
    "not_yet_school_age": "noch nicht schulpflichtig",
    "primary": "Primarstufe (Grundschule)",
    "secondary_1": "Sekundarstufe I",
    "berufskolleg": "Berufskolleg",
    "beyond_school_age": "nicht mehr schulpflichtig",
}
OBLIGATION_DE = {"yes": "ja", "not_yet": "noch nicht", "no": "nein"}
SUPPORT_DE = {
    "german_support": "Deutschförderung",
    "literacy_group": "Alphabetisierungsgruppe",
    "latin_script": "Lateinische Schrift lernen",
}
AUTHORITY_DE = {"schulamt": "Schulamt", "bezirksregierung": "Bezirksregierung"}


def topic_name(
    case_id: int,
    locale: str,
    age: int | None,
    municipality: str | None,
    status: str,
    claimed_by: str | None = None,
) -> str:
    """Scannable in the topic list: number, language, age, place, status (and who has it)."""
    parts = [f"#{case_id}", locale]
    if age is not None:
        parts.append(f"{age} J.")
    if municipality:
        parts.append(municipality)
    if status == "claimed" and claimed_by:
        parts.append(f"bei {claimed_by}")
    else:
        parts.append(STATUS_DE.get(status, status))
    return " · ".join(parts)[:TOPIC_NAME_LIMIT]


def card_buttons(case_id: int, status: str) -> list[list[tuple[str, str]]]:
    """(label, action) rows; actions are checked against the case's state when pressed."""
    rows: list[list[tuple[str, str]]] = []
    if status == "open":
        rows.append([("🙋 Übernehmen", f"claim.{case_id}")])
    if status in {"open", "claimed"}:
        rows.append(
            [("✅ Abschließen", f"close.{case_id}"), ("📝 Einschätzung ändern", f"est.{case_id}")]
        )
        rows.append([("💬 Vorlagen", f"tpls.{case_id}")])
    if status == "closed":
        rows.append([("↩️ Wieder öffnen", f"reopen.{case_id}")])
    return rows


def status_lines(
    status: str,
    claimed_by: str | None,
    override: Mapping[str, Any] | None,
    original_stage: str | None,
) -> list[str]:
    lines = []
    if status == "claimed" and claimed_by:
        lines.append(f"🙋 Übernommen von {claimed_by}")
    elif status == "closed":
        lines.append("✅ Abgeschlossen")
    if override:
        new_stage = STAGE_DE.get(str(override.get("stage")), "?")
        automatic = STAGE_DE.get(original_stage or "", "?")
        lines.append(
            f"📝 Einschätzung geändert von {override.get('by', '?')} am {override.get('at', '?')}: "
            f"{new_stage} (automatisch: {automatic}). Grund: {override.get('reason', '')}"
        )
    return lines


def child_section(
    number: int,
    answers: Mapping[str, Any],
    assessment: Mapping[str, Any],
    *,
    instrument: Instrument,
    kreis: Kreis,
) -> str:
    names = {m.id: m.name for m in kreis.municipalities}
    rows = [f"👧 Kind {number}"]
    for q in instrument.questions:
        if q.case_card and q.id in answers:
            rows.append(
                f"• {q.staff_label}: {staff_value(q, answers[q.id], municipality_names=names)}"
            )
    support = ", ".join(SUPPORT_DE.get(s, s) for s in assessment.get("support", [])) or "keine"
    authority = AUTHORITY_DE.get(assessment.get("placing_authority") or "", "–")
    rows += [
        "",
        "📋 Ersteinschätzung (automatisch, vorläufig)",
        f"• Stufe: {STAGE_DE.get(assessment.get('stage', ''), '?')}"
        + (f", Klasse {assessment['grade_band']}" if assessment.get("grade_band") else ""),
        f"• Schulpflicht: {OBLIGATION_DE.get(assessment.get('school_obligation', ''), '?')}",
        f"• Förderung: {support}",
        f"• Zuweisung durch: {authority}",
        f"• Begründung: {assessment.get('explanation', '')}",
        f"• Quellen (FACTS): {', '.join(assessment.get('reasons', []))}",
    ]
    return "\n".join(rows)


def case_card(
    case_id: int,
    *,
    locale: str,
    status: str,
    children: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    instrument: Instrument,
    kreis: Kreis,
    contact_only: bool = False,
    claimed_by: str | None = None,
    override: Mapping[str, Any] | None = None,
) -> str:
    original_stage = children[0][1].get("stage") if children else None
    header = [
        f"📁 Fall #{case_id} · {STATUS_DE.get(status, status)}",
        *status_lines(status, claimed_by, override, original_stage),
        f"Sprache der Familie: {language_name(locale, 'de')} ({locale})",
        f"Instrument: {instrument.id} v{instrument.version}",
    ]
    if contact_only and not children:
        header.append(
            "🙋 Die Familie möchte mit einer Person sprechen. Noch keine Angaben zum Kind."
        )
    sections = [
        child_section(i, answers, assessment, instrument=instrument, kreis=kreis)
        for i, (answers, assessment) in enumerate(children, start=1)
    ]
    return "\n\n".join(["\n".join(header), *sections])
