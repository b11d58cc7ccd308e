"""`python -m bot check`: everything a KI edits, validated before the bot uses it."""

from __future__ import annotations

from datetime import date

from bot.catalog_check import check_all
from bot.config import Settings
from bot.content import ContentError, staff_groups
from dialogs.instrument import InstrumentError, assessment_problems, load_instrument
from dialogs.kreis import KreisDataError, check_kreis, load_kreis


def run_checks(settings: Settings) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    try:
        instrument = load_instrument(settings.instrument_file)
        problems += [f"instrument: {p}" for p in assessment_problems(instrument)]
        count = len(instrument.questions)
        notes.append(f"instrument {instrument.id} v{instrument.version}: {count} questions")
    except InstrumentError as exc:
        problems.append(f"instrument: {exc}")
    try:
        kreis = load_kreis(settings.kreis_file)
        kreis_problems = check_kreis(kreis, today=date.today())
        problems += [f"kreis: {p}" if not p.startswith("warning:") else p for p in kreis_problems]
        sizes = f"{len(kreis.municipalities)} municipalities, {len(kreis.schools)} schools"
        notes.append(f"{kreis.name}: {sizes}")
        try:
            groups = staff_groups(settings, kreis)
            if groups is not None and len(groups.chats) > 1:
                notes.append(f"staff groups: {len(groups.chats)}, default {groups.default}")
        except ContentError as exc:
            problems.append(str(exc))
    except KreisDataError as exc:
        problems.append(f"kreis: {exc}")
    catalog_problems = check_all(settings.locales_dir, settings.languages)
    problems += [f"catalog {p}" for p in catalog_problems]
    if not catalog_problems:
        notes.append(f"catalogs complete: {', '.join(settings.languages)}")
    return problems, notes
