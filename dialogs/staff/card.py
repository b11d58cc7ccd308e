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


def topic_name(view: CaseView) -> str:
    """Scannable in the topic list: number, language, age, place, status (and who has it)."""
    parts = [f"#{view.id}", view.locale]
    if view.age is not None:
        parts.append(f"{view.age} J.")
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


def card_text(view: CaseView, *, instrument: Instrument, kreis: Kreis) -> str:
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


def card(view: CaseView, *, instrument: Instrument, kreis: Kreis) -> Reply:
    text = card_text(view, instrument=instrument, kreis=kreis)
    return Reply(Raw(text), card_buttons(view.id, view.status))


# Posted under a card the outbox made again because the case's topic was deleted by hand.
TOPIC_MADE_AGAIN = (
    "♻️ Das Thema dieses Falls war gelöscht und wurde neu angelegt. Nachrichten, die auf die "
    "Zustellung warteten, folgen hier; ältere Nachrichten sind mit dem alten Thema gelöscht."
)

# Posted under a card the outbox made in this group for a case whose topic is in an earlier
# staff group (COUNSELLOR_CHAT_ID was changed).
TOPIC_MOVED = (
    "↪️ Dieser Fall hatte sein Thema in einer früheren Beratungsgruppe; der bisherige Verlauf "
    "steht dort. Hier geht es weiter."
)
