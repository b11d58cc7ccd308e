"""The data set for the municipalities and the Schulaufsicht: one row per child, the columns
the instrument's `export.dataset` names, German headers.

Personal columns (a question marked `personal`) are filled only when asked for
(`--personal`) and only for children whose family agreed to passing data on; otherwise they
stay empty, so the file has the same shape either way. Dates are `date` values (the XLSX
writer makes date cells of them, the CSV writer writes them as ISO dates).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from dialogs.case import overrides_from_json
from dialogs.german_terms import AUTHORITY_DE, STAGE_DE, STATUS_DE, SUPPORT_DE
from dialogs.instrument import ExportColumn, Instrument
from dialogs.instrument.display import staff_value
from dialogs.kreis import Kreis
from dialogs.report.casesheet import consented
from dialogs.report.facts import age_band
from dialogs.report.month import local_date

Value = str | int | date | None


def columns(instrument: Instrument) -> tuple[ExportColumn, ...]:
    return instrument.export.dataset if instrument.export else ()


def headers(instrument: Instrument) -> list[str]:
    return [c.header for c in columns(instrument)]


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def child_rows(
    *,
    case_id: int,
    status: str,
    locale: str,
    created_at: datetime,
    closed_at: datetime | None,
    children: Sequence[Mapping[str, Any]] | None,
    override: Mapping[str, Any] | None,
    instrument: Instrument,
    kreis: Kreis,
    personal: bool,
) -> Iterator[list[Value]]:
    """The rows of one case's children (none for a case without answers)."""
    names = {m.id: m.name for m in kreis.municipalities}
    overrides = overrides_from_json(override)
    for number, child in enumerate(children or (), start=1):
        answers = child.get("answers") or {}
        assessment = child.get("assessment") or {}
        changed = overrides.get(number)
        stage_auto = assessment.get("stage")
        derived: dict[str, Value] = {
            "case": case_id,
            "child": number,
            "received": local_date(created_at),
            "status": STATUS_DE.get(status, status),
            "closed": local_date(closed_at) if closed_at else None,
            "locale": locale,
            "age": assessment.get("age"),
            "age_band": age_band(assessment.get("age")),
            "stage_auto": STAGE_DE.get(stage_auto or "", None),
            "stage": STAGE_DE.get(changed.stage if changed else stage_auto or "", None),
            "overridden": "ja" if changed else "nein",
            "support": ", ".join(SUPPORT_DE.get(s, s) for s in assessment.get("support", [])),
            "authority": AUTHORITY_DE.get(assessment.get("placing_authority") or "", None),
        }
        allowed = personal and consented(answers, instrument)
        row: list[Value] = []
        for column in columns(instrument):
            if column.field in derived:
                row.append(derived[column.field])
            elif column.personal and not allowed:
                row.append(None)
            else:
                row.append(_answer(instrument, column.field, answers, names))
        yield row


def _answer(
    instrument: Instrument, qid: str, answers: Mapping[str, Any], names: Mapping[str, str]
) -> Value:
    if qid not in answers or answers[qid] is None:
        return None
    q = instrument.question(qid)
    value = answers[qid]
    if q.kind == "date":
        # Month and year only stay text ("03.2026"): a date cell would invent the day.
        return _as_date(value) or staff_value(q, value, municipality_names=names)
    if q.kind == "number" and isinstance(value, int) and not isinstance(value, bool):
        return value
    return staff_value(q, value, municipality_names=names)
