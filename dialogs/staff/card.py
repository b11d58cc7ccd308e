"""What counsellors see: the German case card and the topic name (pure, staff-facing).

A card is one Telegram message whose edits must keep every child and the buttons, so it always
fits Telegram's 4 096 characters: the full card while it fits, else each child compact with its
details on demand (`/kind N`), else one line per child.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.case import Child
from dialogs.german_terms import AUTHORITY_DE, OBLIGATION_DE, STAGE_DE, STATUS_DE, SUPPORT_DE
from dialogs.instrument import Instrument, Question, has_non_latin_letters
from dialogs.instrument.display import staff_value
from dialogs.kreis import Kreis
from dialogs.reply import Reply
from dialogs.staff.buttons import card_buttons
from dialogs.staff.view import CaseView, EstimateOverride
from dialogs.text import FSI, PDI, TEXT_LIMIT, Raw, language_name, utf16_len, utf16_prefix

TOPIC_NAME_LIMIT = 128
# The card's room for text: Telegram's limit with a margin for what the channel adds.
CARD_LIMIT = TEXT_LIMIT - 96
NAME_ON_LIST = 110  # a name (and its Latin spelling) in a one-line summary
# Answers to special-category questions that say nothing needs talking about.
_NOTHING_TO_TALK_ABOUT = (None, False, "no")
# What a compact card keeps of a child's answers: what a first call is planned by.
COMPACT_ANSWERS = (
    "birth_date",
    "lives_in",
    "municipality",
    "school_years_abroad",
    "last_grade",
    "literacy",
    "german",
    "contact_preference",
    "phone",
)
SPECIAL_NEEDS_LINE = "🩺 Besonderer Unterstützungsbedarf: bitte persönlich besprechen"
SPECIAL_NEEDS_HOW = "(Angabe der Familie: Knopf „🩺 Angabe ansehen“, nur für Sie sichtbar)"


def _ages(view: CaseView) -> list[int]:
    ages = [c.assessment.get("age") for c in view.children]
    known = [a for a in ages if isinstance(a, int)]
    return known or ([view.age] if view.age is not None else [])


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
    """Scannable in the topic list: number, the family's language, every child's age (as an
    age band with MINIMAL_CARD), place, status (and who has it)."""
    parts = [f"#{view.id}", view.reader_locale]
    if ages := _ages(view):
        if minimal:
            parts.append("/".join(age_band(a) for a in ages))
        else:
            parts.append(f"{'/'.join(str(a) for a in ages)} J.")
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


def child_name(answers: Mapping[str, Any]) -> str:
    """The first name as the family wrote it, with the Latin spelling when it gave one. A name
    in another script is isolated (FSI…PDI): in the German line an Arabic name would otherwise
    pull the age after it into its right-to-left run ("16 · محمد")."""
    name = str(answers.get("first_name") or "").strip()
    latin = str(answers.get("first_name_latin") or "").strip()
    if name and has_non_latin_letters(name):
        name = f"{FSI}{name}{PDI}"
    if name and latin and latin != name:
        return f"{name} ({latin})"
    return name


def special_questions(instrument: Instrument) -> tuple[Question, ...]:
    return tuple(q for q in instrument.questions if q.special_category)


def needs_a_talk(answers: Mapping[str, Any], instrument: Instrument) -> bool:
    """Whether the family said something in a special-category question (asked only with its
    explicit consent): the card says so, never what (Art. 9 data stays off the group)."""
    return any(
        answers.get(q.id) not in _NOTHING_TO_TALK_ABOUT for q in special_questions(instrument)
    )


def special_answers(view: CaseView, instrument: Instrument) -> str:
    """What the family said in the special-category questions, per child, for the one
    counsellor who asked (shown as a toast, at most Telegram's 200 characters)."""
    rows = []
    for number, child in enumerate(view.children, start=1):
        for q in special_questions(instrument):
            value = child.answers.get(q.id)
            if value not in _NOTHING_TO_TALK_ABOUT:
                name = utf16_prefix(str(child.answers.get("first_name") or ""), 20)
                said = staff_value(q, value, municipality_names={})
                rows.append(f"Kind {number} {name}: {said}")
    return utf16_prefix("\n".join(rows) or "Keine Angabe.", 200)


# The counsellor judges from the date given; the rule is FACTS neu.who.
SCHOOL_IN_GERMANY_NOTE = (
    "Hinweis: Mit 2 oder mehr Jahren Schule in Deutschland ist die Beratung für neu "
    "zugewanderte Kinder meist nicht mehr nötig (FACTS neu.who)."
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
    if answers.get("school_in_germany") is True:
        rows.append(f"• {SCHOOL_IN_GERMANY_NOTE}")
    if needs_a_talk(answers, instrument):
        rows.append(f"• {SPECIAL_NEEDS_LINE} {SPECIAL_NEEDS_HOW}")
    support = ", ".join(SUPPORT_DE.get(s, s) for s in assessment.get("support", [])) or "keine"
    authority = AUTHORITY_DE.get(assessment.get("placing_authority") or "", "–")
    rows += [
        "",
        "📋 Ersteinschätzung (automatisch, vorläufig)",
        f"• Stufe: {_stage(assessment)}",
        f"• Schulpflicht: {OBLIGATION_DE.get(assessment.get('school_obligation', ''), '?')}",
        f"• Förderung: {support}",
        f"• Zuweisung durch: {authority}",
        f"• Begründung: {assessment.get('explanation', '')}",
        f"• Quellen (FACTS): {', '.join(assessment.get('reasons', []))}",
    ]
    if override is not None:
        rows.append(override_line(override, assessment.get("stage")))
    return "\n".join(rows)


def _stage(assessment: Mapping[str, Any]) -> str:
    stage = STAGE_DE.get(assessment.get("stage", ""), "?")
    band = assessment.get("grade_band")
    return stage + (f", Klasse {band}" if band else "")


def _age(assessment: Mapping[str, Any]) -> str:
    age = assessment.get("age")
    return f"{age} J." if isinstance(age, int) else "Alter ?"


def compact_section(
    number: int,
    child: Child,
    *,
    instrument: Instrument,
    kreis: Kreis,
    override: EstimateOverride | None,
) -> str:
    """A child in a few lines: who, the answers a first call needs, the estimate that holds,
    whether to talk in person."""
    answers, assessment = child.answers, child.assessment
    names = {m.id: m.name for m in kreis.municipalities}
    head = " · ".join(p for p in (f"👧 Kind {number}", child_name(answers), _age(assessment)) if p)
    rows = [head]
    for qid in COMPACT_ANSWERS:
        q = instrument.question(qid) if qid in answers else None
        if q is not None and q.case_card:
            rows.append(
                f"• {q.staff_label}: {staff_value(q, answers[qid], municipality_names=names)}"
            )
    rows.append(f"• Stufe: {_stage(assessment)}")
    if override is not None:
        rows.append(f"• 📝 geändert: {STAGE_DE.get(override.stage, '?')} ({override.by})")
    support = ", ".join(SUPPORT_DE.get(s, s) for s in assessment.get("support", [])) or "keine"
    rows.append(f"• Förderung: {support}")
    if needs_a_talk(answers, instrument):
        rows.append(f"• {SPECIAL_NEEDS_LINE}")
    rows.append(f"• Alle Angaben: /kind {number}")
    return "\n".join(rows)


def list_line(
    number: int, child: Child, override: EstimateOverride | None, instrument: Instrument
) -> str:
    """A child in one line, when even compact sections would not fit."""
    name = utf16_prefix(child_name(child.answers), NAME_ON_LIST)
    stage = STAGE_DE.get((override.stage if override else child.assessment.get("stage")) or "", "?")
    talk = " · 🩺 persönlich besprechen" if needs_a_talk(child.answers, instrument) else ""
    return f"👧 {number}. {name} · {_age(child.assessment)} · {stage}{talk} · /kind {number}"


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


def _header(view: CaseView, instrument: Instrument) -> list[str]:
    header = [f"📁 Fall #{view.id} · {STATUS_DE.get(view.status, view.status)}"]
    if view.status == "claimed" and view.claimed_by_name:
        header.append(f"🙋 Übernommen von {view.claimed_by_name}")
    elif view.status == "closed":
        header.append("✅ Abgeschlossen")
    locale = view.reader_locale
    header += [
        # The chat language (ready replies go out in it), not the child's languages below.
        f"Sprache im Chat: {language_name(locale, 'de')} ({locale})",
        f"Instrument: {instrument.id} v{instrument.version}",
    ]
    if view.initiative:
        header.append(f"🤝 Eingeladen von der Initiative {view.initiative}")
    if not view.children:
        header.append(
            "🙋 Die Familie möchte mit einer Person sprechen. Noch keine Angaben zum Kind."
        )
        # A counsellor may record an estimate after a phone call, before any answers exist.
        header += [override_line(o, None) for _n, o in sorted(view.overrides.items())]
    return header


def card_text(
    view: CaseView, *, instrument: Instrument, kreis: Kreis, minimal: bool = False
) -> str:
    if minimal:
        sections = [
            minimal_child_section(number, child.answers, child.assessment, kreis=kreis)
            for number, child in enumerate(view.children, start=1)
        ]
        return "\n\n".join(["\n".join(_header(view, instrument)), *sections, MINIMAL_NOTE])
    header = "\n".join(_header(view, instrument))
    numbered = list(enumerate(view.children, start=1))
    full = [
        child_section(
            n,
            c.answers,
            c.assessment,
            instrument=instrument,
            kreis=kreis,
            override=view.overrides.get(n),
        )
        for n, c in numbered
    ]
    text = "\n\n".join([header, *full])
    if utf16_len(text) <= CARD_LIMIT:
        return text
    header += "\n\nKurzfassung (die ganze Karte wäre zu lang für Telegram)."
    compact = [
        compact_section(n, c, instrument=instrument, kreis=kreis, override=view.overrides.get(n))
        for n, c in numbered
    ]
    text = "\n\n".join([header, *compact])
    if utf16_len(text) <= CARD_LIMIT:
        return text
    listed = [list_line(n, c, view.overrides.get(n), instrument) for n, c in numbered]
    return utf16_prefix("\n\n".join([header, "\n".join(listed)]), CARD_LIMIT)


def card(view: CaseView, *, instrument: Instrument, kreis: Kreis, minimal: bool = False) -> Reply:
    text = card_text(view, instrument=instrument, kreis=kreis, minimal=minimal)
    talk = any(needs_a_talk(c.answers, instrument) for c in view.children)
    return Reply(Raw(text), card_buttons(view.id, view.status, special=talk))


# Posted under a card the outbox made again because the case's topic was deleted by hand.
TOPIC_MADE_AGAIN = (
    "♻️ Das Thema dieses Falls war gelöscht und wurde neu angelegt. Nachrichten, die auf die "
    "Zustellung warteten, folgen hier; ältere Nachrichten sind mit dem alten Thema gelöscht."
)

# Posted under a card the outbox made in this group for a case whose topic is in another
# staff group: an earlier one (COUNSELLOR_CHAT_ID or STAFF_GROUPS was changed), or the one of
# the municipality it had before (dialogs/staff/groups.py).
TOPIC_MOVED = (
    "↪️ Dieser Fall hatte sein Thema bisher in einer anderen Beratungsgruppe (einer früheren "
    "oder der für seine vorige Gemeinde); der bisherige Verlauf steht dort. Hier geht es weiter."
)
