"""What counsellors see: the German case card and the topic name (pure, staff-facing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.german_terms import AUTHORITY_DE, OBLIGATION_DE, STAGE_DE, STATUS_DE, SUPPORT_DE
from dialogs.instrument import Instrument
from dialogs.instrument.answers import staff_value
from dialogs.kreis import Kreis
from dialogs.reply import Reply
from dialogs.staff.buttons import card_buttons
from dialogs.staff.view import CaseView, EstimateOverride
from dialogs.text import Raw, language_name, utf16_prefix

TOPIC_NAME_LIMIT = 128


def age_band(age: int) -> str:
    """An age as the school stage it points to (FACTS sys.ages: ~6–10 Grundschule, ~10–16
    Sek I, ~16–18 Berufskolleg; sp.sek2: obligation ends at 18), not the exact year."""
    if age < 6:
        return "unter 6 J."
    if age < 10:
        return "6–9 J."
    if age < 16:
        return "10–15 J."
    if age < 18:
        return "16–17 J."
    return "18+ J."


def initials(name: object) -> str:
    """ "Amira Sara" → "A. S.": enough to tell two children of a family apart."""
    if not isinstance(name, str) or not name.strip():
        return "?"
    return " ".join(f"{part[0]}." for part in name.split() if part)


def topic_name(view: CaseView, *, minimal: bool = False) -> str:
    """Scannable in the topic list: number, language, age, place, status (and who has it)."""
    parts = [f"#{view.id}", view.locale]
    if view.age is not None:
        parts.append(age_band(view.age) if minimal else f"{view.age} J.")
    if view.municipality:
        parts.append(view.municipality)
    if view.status == "claimed" and view.claimed_by_name:
        parts.append(f"bei {view.claimed_by_name}")
    else:
        parts.append(STATUS_DE.get(view.status, view.status))
    return utf16_prefix(" · ".join(parts), TOPIC_NAME_LIMIT)


def override_line(override: EstimateOverride, automatic: str | None) -> str:
    return (
        f"📝 Einschätzung geändert von {override.by} am {override.at}: "
        f"{STAGE_DE.get(override.stage, '?')} (automatisch: {STAGE_DE.get(automatic or '', '?')})."
        f" Grund: {override.reason}"
    )


def child_section(
    number: int,
    answers: Mapping[str, Any],
    assessment: Mapping[str, Any],
    *,
    instrument: Instrument,
    kreis: Kreis,
    override: EstimateOverride | None = None,
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
    if override is not None:
        rows.append(override_line(override, assessment.get("stage")))
    return "\n".join(rows)


MINIMAL_NOTE = (
    "🔒 Kurzkarte (MINIMAL_CARD): Name, Geburtsdatum und Antworten stehen nicht in Telegram. "
    "Einzelheiten bei Bedarf: /export (Fallblatt aus der Datenbank)."
)


def minimal_child_section(
    number: int, answers: Mapping[str, Any], assessment: Mapping[str, Any], *, kreis: Kreis
) -> str:
    """One line per child: what a counsellor needs to pick up the case, no more."""
    names = {m.id: m.name for m in kreis.municipalities}
    parts = [f"👧 Kind {number}: {initials(answers.get('first_name'))}"]
    if isinstance(assessment.get("age"), int):
        parts.append(age_band(assessment["age"]))
    municipality = names.get(str(answers.get("municipality") or ""))
    if municipality:
        parts.append(municipality)
    stage = STAGE_DE.get(assessment.get("stage", ""), "?")
    return " · ".join(parts) + f"\n• Stufe (automatisch, vorläufig): {stage}"


def card_text(
    view: CaseView, *, instrument: Instrument, kreis: Kreis, minimal: bool = False
) -> str:
    header = [f"📁 Fall #{view.id} · {STATUS_DE.get(view.status, view.status)}"]
    if view.status == "claimed" and view.claimed_by_name:
        header.append(f"🙋 Übernommen von {view.claimed_by_name}")
    elif view.status == "closed":
        header.append("✅ Abgeschlossen")
    header += [
        f"Sprache der Familie: {language_name(view.locale, 'de')} ({view.locale})",
        f"Instrument: {instrument.id} v{instrument.version}",
    ]
    if not view.children:
        header.append(
            "🙋 Die Familie möchte mit einer Person sprechen. Noch keine Angaben zum Kind."
        )
        # A counsellor may record an estimate after a phone call, before any answers exist.
        header += [override_line(o, None) for _n, o in sorted(view.overrides.items())]
    if minimal:
        sections = [
            minimal_child_section(number, child.answers, child.assessment, kreis=kreis)
            for number, child in enumerate(view.children, start=1)
        ]
        return "\n\n".join(["\n".join(header), *sections, MINIMAL_NOTE])
    sections = [
        child_section(
            number,
            child.answers,
            child.assessment,
            instrument=instrument,
            kreis=kreis,
            override=view.overrides.get(number),
        )
        for number, child in enumerate(view.children, start=1)
    ]
    return "\n\n".join(["\n".join(header), *sections])


def card(view: CaseView, *, instrument: Instrument, kreis: Kreis, minimal: bool = False) -> Reply:
    text = card_text(view, instrument=instrument, kreis=kreis, minimal=minimal)
    return Reply(Raw(text), card_buttons(view.id, view.status))


# Posted under a card the outbox made again because the case's topic was deleted by hand.
TOPIC_MADE_AGAIN = (
    "♻️ Das Thema dieses Falls war gelöscht und wurde neu angelegt. Nachrichten, die auf die "
    "Zustellung warteten, folgen hier; ältere Nachrichten sind mit dem alten Thema gelöscht."
)
