"""What an answer is: a stored value, accepted or refused with a hint, and the answers a
parent gives by pressing (one option, or several ticked).

Stored values are JSON: dates as ISO strings ("YYYY-MM" for a month only), numbers as int,
yes/no as bool, multi-answers as lists. A country or language typed by hand is stored as
"other:<text>". Typed answers are read in `typed`, answers shown again in `display`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogs.instrument import OTHER, OTHER_PREFIX, Question
from dialogs.instrument.parsing import is_language_code
from dialogs.text import MonthYear, Text, _, _n


@dataclass(frozen=True)
class Accepted:
    value: Any


@dataclass(frozen=True)
class Rejected:
    hint: Text


MULTI_KINDS = {"multi_choice", "languages"}

PICK_A_BUTTON = _("Bitte tippen Sie auf einen der Knöpfe unter der Frage.")


def choose(q: Question, value: str) -> Accepted | Rejected:
    """A button press for a single-answer question; forged or stale values are refused."""
    if q.kind in MULTI_KINDS or q.option(value) is None:
        return Rejected(PICK_A_BUTTON)
    if q.kind == "yes_no":
        return Accepted(value == "yes")
    return Accepted(value)


def toggle(q: Question, current: list[str] | None, value: str) -> Accepted | Rejected:
    """Select or unselect one option of a multi-answer question."""
    selected = list(current or [])
    # Besides the buttons: a language typed by hand, as a CLDR code or as "other:<text>".
    typed = (value.startswith(OTHER_PREFIX) and q.allows_other) or (
        q.kind == "languages" and is_language_code(value)
    )
    if q.kind not in MULTI_KINDS or not (q.option(value) or typed):
        return Rejected(PICK_A_BUTTON)
    if value in selected:
        selected.remove(value)
        return Accepted(selected)
    if q.max_selected is not None and len(selected) >= q.max_selected:
        return Rejected(too_many(q.max_selected))
    return Accepted([*selected, value])


def add_selected(
    q: Question, current: list[str] | None, values: Sequence[str]
) -> Accepted | Rejected:
    """Merge typed entries (from `parse_typed`) into a multi-answer selection.

    The bare "other" button only meant "I will type it", so it is replaced by what was typed.
    """
    selected = [v for v in current or [] if v != OTHER]
    for value in values:
        if value not in selected:
            result = toggle(q, selected, value)
            if isinstance(result, Rejected):
                return result
            selected = result.value
    return Accepted(selected)


def answer_month(value: Any) -> MonthYear | None:
    """A date answer given as month and year only (stored "YYYY-MM")."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        return MonthYear(year, month) if 1 <= month <= 12 else None
    return None


def answer_date(value: Any) -> date | None:
    """A date answer given with its day (stored as an ISO date)."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def too_many(limit: int) -> Text:
    """The refusal of more than `limit` ticked answers."""
    return _n(
        "Sie können höchstens {n} Antwort auswählen.",
        "Sie können höchstens {n} Antworten auswählen.",
        limit,
    )
