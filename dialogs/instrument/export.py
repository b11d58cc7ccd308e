"""The instrument's `export` section: which answers leave the KI, under which German headers.

The KI decides this in the same file as the questions, so a new question is never exported by
accident: only what is listed here goes into the case sheet (PDF for the school or the
Schulamt) and the data set (XLSX/CSV for the municipalities and the Schulaufsicht). Health data
(`special_category`) is refused in both: it is discussed in person, never sent on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.instrument.model import ExportColumn, ExportSpec, Question
from dialogs.instrument.yaml_source import Checker

# Columns that are no question's answer but derived from the case and the estimate; the data
# set computes them (dialogs/report/dataset.py). None of them is personal on its own.
DERIVED_FIELDS: Mapping[str, str] = {
    "case": "case number",
    "child": "number of the child within its case",
    "received": "date the case was opened (a date cell)",
    "status": "offen | übernommen | abgeschlossen",
    "closed": "date the case was closed (a date cell)",
    "locale": "the family's chat language (code)",
    "age": "age in whole years when the answers were sent",
    "age_band": "0–5, 6–9, 10–15, 16–17, 18+",
    "stage_auto": "the automatic estimate of the school stage",
    "stage": "the stage that counts: a counsellor's correction, else the automatic estimate",
    "overridden": "ja when a counsellor corrected the estimate",
    "support": "kinds of initial German support in the estimate",
    "authority": "who assigns the school place (Schulamt or Bezirksregierung)",
}
_KEYS = {"consent", "case_sheet", "dataset"}


def parse_export(check: Checker, raw: Any, questions: Sequence[Question]) -> ExportSpec | None:
    if raw is None:
        return None
    path: tuple[str | int, ...] = ("export",)
    if not isinstance(raw, dict):
        check.fail(path, "must be a mapping with consent, case_sheet and dataset")
        return None
    for key in sorted(set(raw) - _KEYS, key=str):
        check.fail((*path, key), f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    by_id = {q.id: q for q in questions}
    consent = check.string(raw, "consent", path, need=True) or ""
    if consent and (consent not in by_id or by_id[consent].kind != "yes_no"):
        check.fail((*path, "consent"), f"must name a yes_no question; '{consent}' is none")
    sheet = _sheet(check, raw.get("case_sheet"), (*path, "case_sheet"), by_id)
    columns = _columns(check, raw.get("dataset"), (*path, "dataset"), by_id)
    return ExportSpec(consent, sheet, columns)


def _exportable(
    check: Checker, name: Any, where: tuple[str | int, ...], by_id: Mapping[str, Question]
) -> Question | None:
    question = by_id.get(name) if isinstance(name, str) else None
    if question is None:
        check.fail(where, f"{name!r} is no question of this instrument")
    elif question.special_category:
        check.fail(where, f"'{name}' is health data (special_category): it is never exported")
        return None
    return question


def _sheet(
    check: Checker, raw: Any, path: tuple[str | int, ...], by_id: Mapping[str, Question]
) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        check.fail(path, "must be a list of question ids, e.g. [first_name, birth_date]")
        return ()
    found = [_exportable(check, name, (*path, i), by_id) for i, name in enumerate(raw)]
    return tuple(q.id for q in found if q is not None)


def _columns(
    check: Checker, raw: Any, path: tuple[str | int, ...], by_id: Mapping[str, Question]
) -> tuple[ExportColumn, ...]:
    if not isinstance(raw, list) or not raw:
        check.fail(path, "must be a list of {field: …, header: …}")
        return ()
    columns: list[ExportColumn] = []
    for i, item in enumerate(raw):
        where = (*path, i)
        if not isinstance(item, dict) or set(item) != {"field", "header"}:
            check.fail(where, "each column is a mapping with exactly field and header")
            continue
        name, header = item["field"], check.string(item, "header", where, need=True)
        if name in DERIVED_FIELDS:
            personal = False
        else:
            question = _exportable(check, name, (*where, "field"), by_id)
            if question is None:
                continue
            personal = question.personal
        if header:
            columns.append(ExportColumn(str(name), header, personal))
    headers = [c.header for c in columns]
    for header in sorted({h for h in headers if headers.count(h) > 1}):
        check.fail(path, f"header '{header}' is used twice")
    return tuple(columns)
