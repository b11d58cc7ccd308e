"""Answers back into text: in the parent's language for the summary, in German for the
counsellors' case card."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.instrument import OTHER_PREFIX, Question
from dialogs.instrument.answers import answer_date, answer_month
from dialogs.text import LanguageName, Raw, Renderable, TerritoryName, Text, _, lines, render_german

SKIPPED = _("übersprungen")


def display_value(q: Question, value: Any, *, municipality_names: Mapping[str, str]) -> Renderable:
    """The answer as the parent sees it in the summary, in the parent's language."""
    if value is None:
        return SKIPPED
    if isinstance(value, list):
        return lines(*(_one(q, v, municipality_names) for v in value), sep=", ")
    return _one(q, value, municipality_names)


def staff_value(q: Question, value: Any, *, municipality_names: Mapping[str, str]) -> str:
    """The answer in German for the counsellors' case card."""
    if value is None:
        return render_german(SKIPPED)
    if isinstance(value, list):
        return ", ".join(staff_value(q, v, municipality_names=municipality_names) for v in value)
    if q.kind == "date" and (month := answer_month(value)) is not None:
        return f"{month.month:02}.{month.year}"  # as the parent gave it: no invented day
    if q.kind == "date" and (day := answer_date(value)) is not None:
        return day.strftime("%d.%m.%Y")  # counsellors compare with papers written this way
    if q.kind == "yes_no" and isinstance(value, bool):
        return "ja" if value else "nein"
    option = q.option(value) if isinstance(value, str) else None
    if option is not None and option.staff_text:
        return option.staff_text
    return render_german(_one(q, value, municipality_names))


def _one(q: Question, value: Any, names: Mapping[str, str]) -> Renderable:
    if q.kind == "yes_no" and isinstance(value, bool):
        option = q.option("yes" if value else "no")
        return option.label if option else Raw(str(value))
    if q.kind == "date" and (month := answer_month(value)) is not None:
        return Text("{date}", {"date": month})
    if q.kind == "date" and (day := answer_date(value)) is not None:
        # Built directly, not with _(): "{date}" is no sentence to translate, and the renderer
        # formats the date for the reader's locale.
        return Text("{date}", {"date": day})
    if q.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return Text("{value}", {"value": value})
    if q.kind == "municipality":
        return Raw(names.get(str(value), str(value)))
    if not isinstance(value, str):
        return Raw(str(value))
    if value.startswith(OTHER_PREFIX):
        return Raw(value[len(OTHER_PREFIX) :])
    option = q.option(value)
    if option is not None:
        return option.label
    # A code typed by hand rather than pressed: still a name, not a code, for the reader.
    if q.kind == "country":
        return TerritoryName(value)
    if q.kind == "languages":
        return LanguageName(value)
    return Raw(value)
