"""Reading and checking `instrument.yaml` (the model and branching live in dialogs.instrument).

A KI editor, not a programmer, changes this file, so the checks aim at the mistakes people make:
typos in keys, a `when` that names a question that does not exist or comes later, an option
without a value, `no` unquoted. Each problem names its YAML path and line; the loader and the
line tracking are in `dialogs.instrument.yaml_source`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dialogs.instrument.export import parse_export
from dialogs.instrument.model import (
    AGE,
    BIRTH_DATE,
    KINDS,
    OPS,
    OTHER,
    Instrument,
    InstrumentError,
    Option,
    Question,
)
from dialogs.instrument.yaml_source import Checker, Path_, compose_and_load
from dialogs.text import LanguageName, Renderable, TerritoryName, Text, _, cldr_codes

# compose_and_load is re-exported: dialogs.instrument.extract imports it from here.
__all__ = ["compose_and_load", "parse_instrument"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_TOP_KEYS = {"version", "id", "title", "questions", "export"}
_COMMON = {"id", "type", "text", "hint", "personal", "special_category", "case_card", "family"}
_COMMON |= {"staff_label", "required", "when", "translator_note"}
_BY_KIND: dict[str, set[str]] = {
    "choice": {"options"},
    "multi_choice": {"options", "min_selected", "max_selected"},
    "yes_no": set(),
    "date": {"not_future", "min_age_years", "max_age_years", "not_before_birth", "allow_month"},
    "number": {"min", "max", "integer", "at_most_age_minus"},
    "text": {"max_length", "pattern"},
    "municipality": set(),
    "country": {"options"},
    "languages": {"options", "min_selected", "max_selected"},
}
_OPTION_KEYS = {"value", "text", "staff_text", "translator_note"}
_DEFAULT_MAX_LENGTH = 200


def parse_instrument(text: str, source: str = "instrument") -> Instrument:
    root, data = compose_and_load(text, source)
    check = Checker(root)
    if not isinstance(data, dict):
        raise InstrumentError(["(top level): must be a mapping with version, id, title, questions"])
    for key in sorted(set(data) - _TOP_KEYS, key=str):
        check.fail((key,), f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        check.fail(("version",), 'must be a text in quotes, e.g. "2026-11.1"')
    ident = check.string(data, "id", (), need=True)
    title = check.string(data, "title", (), need=True)
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        check.fail(("questions",), "must be a non-empty list of questions")
        raw_questions = []
    for i, raw in enumerate(raw_questions):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            check.qids[i] = raw["id"]
    for i, raw in enumerate(raw_questions):
        q = _question(check, raw, ("questions", i), questions)
        if q is not None:
            questions.append(q)
    export = parse_export(check, data.get("export"), questions)
    if check.problems:
        raise InstrumentError(check.problems, source)
    return Instrument(
        str(version).strip(), ident or "", Text(title or ""), tuple(questions), export
    )


def _question(check: Checker, raw: Any, path: Path_, earlier: list[Question]) -> Question | None:
    if not isinstance(raw, dict):
        check.fail(path, "each question must be a mapping with id, type, text, …")
        return None
    before = len(check.problems)
    qid = check.string(raw, "id", path, need=True) or ""
    if qid and not _ID.match(qid):
        check.fail((*path, "id"), "use snake_case: lower-case letters, digits and _")
    elif qid == AGE:
        check.fail((*path, "id"), f"'{AGE}' is reserved for the age derived from birth_date")
    elif qid and min(i for i, other in check.qids.items() if other == qid) != path[1]:
        check.fail((*path, "id"), f"duplicate id '{qid}'")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in KINDS:
        check.fail((*path, "type"), f"unknown type {kind!r} (allowed: {', '.join(sorted(KINDS))})")
        return None
    allowed = _COMMON | _BY_KIND[kind]
    for key in sorted(set(raw) - allowed, key=str):
        check.fail(
            (*path, key), f"not allowed for type {kind} (allowed: {', '.join(sorted(allowed))})"
        )
    prompt = check.string(raw, "text", path, need=True)
    hint = check.string(raw, "hint", path, need=False)
    staff_label = check.string(raw, "staff_label", path, need=True)
    check.string(raw, "translator_note", path, need=False)
    # No default: whoever adds a question must decide whether it is personal data.
    personal = check.flag(raw, "personal", path, None)
    special = check.flag(raw, "special_category", path, False)
    required = check.flag(raw, "required", path, True)
    if special and (not personal or required):
        check.fail(path, "special_category needs personal: true and required: false (Art. 9 DSGVO)")
    options = _options(check, raw, kind, path)
    limits = _limits(check, raw, kind, path, len(options), required)
    rules = _date_rules(check, raw, path, earlier)
    when = _when(check, raw.get("when"), (*path, "when"), earlier)
    case_card = check.flag(raw, "case_card", path, True)
    family = check.flag(raw, "family", path, False)
    if family and special:
        check.fail(path, "family: true cannot be special_category (asked per child, with consent)")
    if len(check.problems) > before:
        return None
    return Question(
        id=qid,
        kind=kind,
        prompt=Text(prompt or ""),
        hint=Text(hint) if hint else None,
        options=options,
        personal=personal,
        special_category=special,
        case_card=case_card,
        family=bool(family),
        staff_label=staff_label or qid,
        required=required,
        when=when,
        **limits,
        **rules,
    )


def _limits(
    check: Checker, raw: Mapping[str, Any], kind: str, path: Path_, n_options: int, required: bool
) -> dict[str, Any]:
    """min/max, integer, max_length, pattern, min_selected/max_selected."""
    low = check.number(raw, "min", path, whole=False)
    high = check.number(raw, "max", path, whole=False)
    if low is not None and high is not None and low > high:
        check.fail((*path, "min"), "is greater than max")
    min_sel = check.number(raw, "min_selected", path, whole=True)
    max_sel = check.number(raw, "max_selected", path, whole=True)
    if kind in {"multi_choice", "languages"}:
        min_sel = 1 if min_sel is None and required else (min_sel or 0)
        if min_sel > n_options:
            check.fail((*path, "min_selected"), f"is more than the {n_options} options")
        if max_sel is not None and not max(min_sel, 1) <= max_sel <= n_options:
            check.fail((*path, "max_selected"), f"must be between min_selected and {n_options}")
    max_length = check.number(raw, "max_length", path, whole=True)
    if max_length == 0:
        check.fail((*path, "max_length"), "must be at least 1")
    pattern = check.string(raw, "pattern", path, need=False)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            check.fail((*path, "pattern"), f"is not a valid regular expression: {exc}")
    return {
        "min": low,
        "max": high,
        "integer": check.flag(raw, "integer", path, True),
        "at_most_age_minus": check.number(raw, "at_most_age_minus", path, whole=True),
        "max_length": (max_length or _DEFAULT_MAX_LENGTH) if kind == "text" else None,
        "pattern": pattern,
        "min_selected": min_sel or 0,
        "max_selected": max_sel,
    }


def _date_rules(
    check: Checker, raw: Mapping[str, Any], path: Path_, earlier: list[Question]
) -> dict[str, Any]:
    min_age = check.number(raw, "min_age_years", path, whole=True)
    max_age = check.number(raw, "max_age_years", path, whole=True)
    if min_age is not None and max_age is not None and min_age > max_age:
        check.fail((*path, "min_age_years"), "is greater than max_age_years")
    not_before_birth = check.flag(raw, "not_before_birth", path, False)
    if not_before_birth and not any(q.id == BIRTH_DATE for q in earlier):
        check.fail((*path, "not_before_birth"), f"needs a '{BIRTH_DATE}' question before it")
    return {
        "not_future": check.flag(raw, "not_future", path, False),
        "not_before_birth": not_before_birth,
        "min_age_years": min_age,
        "max_age_years": max_age,
        "allow_month": check.flag(raw, "allow_month", path, False),
    }


def _options(check: Checker, raw: Mapping[str, Any], kind: str, path: Path_) -> tuple[Option, ...]:
    items = raw.get("options")
    if kind in {"yes_no", "date", "number", "text", "municipality"}:
        # TRANSLATORS: the two buttons of every yes/no question in the intake.
        return (Option("yes", _("Ja")), Option("no", _("Nein"))) if kind == "yes_no" else ()
    if not isinstance(items, list) or len(items) < (1 if kind in {"country", "languages"} else 2):
        check.fail((*path, "options"), "needs a list of options (at least two)")
        return ()
    if kind in {"country", "languages"}:
        # TRANSLATORS: button after the list of countries or languages; the parent then types it.
        other = Option(OTHER, _("Anderes"))
        return (*_code_options(check, items, kind, (*path, "options")), other)
    result: list[Option] = []
    for j, item in enumerate(items):
        where = (*path, "options", j)
        if not isinstance(item, dict):
            check.fail(where, "each option must be a mapping with value and text")
            continue
        for key in sorted(set(item) - _OPTION_KEYS, key=str):
            check.fail((*where, key), f"unknown key (allowed: {', '.join(sorted(_OPTION_KEYS))})")
        value = item.get("value")
        if value is None:
            check.fail(where, "option needs a 'value'")
        elif not isinstance(value, str) or not _VALUE.match(value):
            check.fail((*where, "value"), "must be lower-case letters, digits and _ (in quotes)")
        elif any(o.value == value for o in result):
            check.fail((*where, "value"), f"duplicate option value '{value}'")
        label = check.string(item, "text", where, need=True)
        staff_text = check.string(item, "staff_text", where, need=False)
        check.string(item, "translator_note", where, need=False)
        if isinstance(value, str) and label:
            result.append(Option(value, Text(label), staff_text))
    return tuple(result)


def _code_options(check: Checker, items: list[Any], kind: str, path: Path_) -> Iterator[Option]:
    # A code CLDR has no German name for is a slip (the lists: dialogs/text/cldr.py).
    countries, languages = cldr_codes("de", "territories"), cldr_codes("de", "languages")
    seen: set[str] = set()
    for j, code in enumerate(items):
        known = isinstance(code, str) and (
            code in countries if kind == "country" else code.replace("-", "_") in languages
        )
        if not known or (kind == "country" and not re.fullmatch(r"[A-Z]{2}", code)):
            what = "ISO 3166 country code like SY" if kind == "country" else "ISO 639 code like ar"
            check.fail((*path, j), f"{code!r} is not a known {what}")
        elif code in seen:
            check.fail((*path, j), f"duplicate code {code!r}")
        else:
            seen.add(code)
            label: Renderable = TerritoryName(code) if kind == "country" else LanguageName(code)
            yield Option(code, label)


def _when(check: Checker, when: Any, path: Path_, earlier: list[Question]) -> dict[str, Any] | None:
    if when is None:
        return None
    if not isinstance(when, dict) or not when:
        check.fail(path, "must be a mapping like {question_id: {op: value}}")
        return None
    by_id = {q.id: q for q in earlier}
    # Conditions may only look back: then one pass in file order decides every question.
    before = {qid for i, qid in check.qids.items() if i < path[1]}  # type: ignore[operator]
    for key, ops in when.items():
        where = (*path, key)
        if key == AGE:
            ref: Question | None = None
            if BIRTH_DATE not in before:
                check.fail(where, f"'{AGE}' needs a '{BIRTH_DATE}' question before this one")
        elif key in by_id:
            ref = by_id[key]
        elif key in before:
            continue  # that question is broken itself and already reported
        elif key in check.qids.values():
            check.fail(where, "refers to a later question; conditions may only look back")
            continue
        else:
            check.fail(where, f"refers to unknown question '{key}'")
            continue
        if not isinstance(ops, dict) or not ops:
            check.fail(
                where, f"must be a mapping of operators ({', '.join(sorted(OPS))}) to values"
            )
            continue
        for op, expected in ops.items():
            if ref is not None and ref.kind == "yes_no":
                # Stored yes/no answers are booleans; let editors write the words as well.
                ops[op] = expected = _as_bool(expected)
            problem = _op_problem(op, expected, ref)
            if problem:
                check.fail((*where, op), problem)
    return when


def _as_bool(value: Any) -> Any:
    if isinstance(value, list):
        return [_as_bool(v) for v in value]
    return {"yes": True, "no": False}.get(value, value) if isinstance(value, str) else value


def _op_problem(op: Any, expected: Any, ref: Question | None) -> str | None:
    """`ref` None means the derived age."""
    if op not in OPS:
        return f"unknown operator (allowed: {', '.join(sorted(OPS))})"
    if op == "answered":
        return None if isinstance(expected, bool) else "answered takes true or false"
    if op == "non_latin":
        if ref is None or ref.kind != "text":
            return "non_latin applies to text questions only"
        return None if isinstance(expected, bool) else "non_latin takes true or false"
    numeric = ref is None or ref.kind == "number"
    if op in {"gt", "gte", "lt", "lte"}:
        ok = numeric and isinstance(expected, int | float) and not isinstance(expected, bool)
        return None if ok else "compares numbers only (a number question or age)"
    values = expected if op in {"in", "not_in"} else [expected]
    if op in {"in", "not_in"} and (not isinstance(expected, list) or not expected):
        return f"{op} takes a list, e.g. [a, b]"
    for value in values:
        if ref is not None and ref.kind == "yes_no" and not isinstance(value, bool):
            return f"question '{ref.id}' is yes/no: compare with yes or no"
        if ref is not None and ref.options and ref.kind != "yes_no" and not ref.option(value):
            known = ", ".join(o.value for o in ref.options)
            return f"{value!r} is not an option of '{ref.id}' (options: {known})"
        if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"{value!r} is not a number"
    return None
