"""Turning what a parent typed or pressed into a stored answer, and answers back into text.

Parents type on phones set to Arabic, Farsi, Ukrainian…: digits arrive as ٣ or ۳, dates with
Arabic separators, names wrapped in direction marks. Parsing forgives all of that; when it must
refuse, it says precisely what to change, in the parent's language.

Stored values are JSON: dates as ISO strings, numbers as int, yes/no as bool, multi-answers
as lists. A country or language typed by hand is stored as "other:<text>".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogs.instrument import BIRTH_DATE, OTHER, OTHER_PREFIX, Question, age_on
from dialogs.instrument.parsing import (
    ascii_digits,
    clean,
    fold,
    is_language_code,
    language_code,
    parse_date_answer,
    territory_code,
)
from dialogs.instrument.sounds import latin_skeletons, skeletons
from dialogs.text import (
    LanguageName,
    MonthYear,
    Raw,
    Renderable,
    TerritoryName,
    Text,
    _,
    _n,
    lines,
    render_german,
)


@dataclass(frozen=True)
class Accepted:
    value: Any


@dataclass(frozen=True)
class Rejected:
    hint: Text


_MULTI = {"multi_choice", "languages"}
_MAX_OTHER_LENGTH = 60
_YES = {"ja", "j", "yes", "y", "نعم", "بله", "آره", "اره", "так", "да", "evet", "oui", "po"}
_NO = {"nein", "n", "no", "لا", "نه", "ні", "нет", "hayır", "hayir", "non", "jo"}

PICK_A_BUTTON = _("Bitte tippen Sie auf einen der Knöpfe unter der Frage.")
SKIPPED = _("übersprungen")


def parse_typed(
    q: Question,
    raw: str,
    *,
    today: date,
    municipalities: Sequence[tuple[str, str, Sequence[str]]],
    answers: Mapping[str, Any] | None = None,
) -> Accepted | Rejected:
    """Interpret a typed message as the answer to `q`.

    Pass `answers` (the child's answers so far) so that an arrival date before the birth date
    is refused. For `languages` the result is a list of typed entries to merge into the
    selection with `add_selected`.
    """
    text = clean(raw)
    if not text:
        return Rejected(_("Bitte schreiben Sie eine Antwort."))
    if q.kind == "date":
        parsed = parse_date_answer(q, text, today=today, answers=answers or {})
        return Rejected(parsed) if isinstance(parsed, Text) else Accepted(parsed)
    if q.kind == "number":
        return _number(q, ascii_digits(text), today=today, answers=answers or {})
    if q.kind == "text":
        return _text(q, text)
    if q.kind == "municipality":
        return _municipality(text, municipalities)
    if q.kind == "country":
        picked = _by_number(q, text)
        if picked is not None:
            return picked
        code = territory_code(text)
        return Accepted(code) if code is not None else _other(text)
    if q.kind == "languages":
        return _languages(q, text)
    return _typed_choice(q, text)


def choose(q: Question, value: str) -> Accepted | Rejected:
    """A button press for a single-answer question; forged or stale values are refused."""
    if q.kind in _MULTI or q.option(value) is None:
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
    if q.kind not in _MULTI or not (q.option(value) or typed):
        return Rejected(PICK_A_BUTTON)
    if value in selected:
        selected.remove(value)
        return Accepted(selected)
    if q.max_selected is not None and len(selected) >= q.max_selected:
        return Rejected(_too_many(q.max_selected))
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
    if q.kind == "date" and (day := _as_date(value)) is not None:
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
    if q.kind == "date" and (day := _as_date(value)) is not None:
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


def answer_month(value: Any) -> MonthYear | None:
    """A date answer given as month and year only (stored "YYYY-MM")."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        return MonthYear(year, month) if 1 <= month <= 12 else None
    return None


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _too_many(limit: int) -> Text:
    return _n(
        "Sie können höchstens {n} Antwort auswählen.",
        "Sie können höchstens {n} Antworten auswählen.",
        limit,
    )


_NUMBER = re.compile(r"[-−]?\d+(?:[.,٫]\d+)?")


def _number(
    q: Question, text: str, *, today: date, answers: Mapping[str, Any]
) -> Accepted | Rejected:
    found = _NUMBER.findall(text)
    if len(found) != 1:
        # "3-4" or "2 oder 3": better to ask than to pick one for the parent.
        return Rejected(_("Bitte schreiben Sie genau eine Zahl, zum Beispiel: 3"))
    number = float(found[0].replace("−", "-").replace(",", ".").replace("٫", "."))
    if q.integer and not number.is_integer():
        return Rejected(_("Bitte schreiben Sie eine ganze Zahl ohne Komma, zum Beispiel: 3"))
    too_low = q.min is not None and number < q.min
    too_high = q.max is not None and number > q.max
    if too_low or too_high:
        low, high = _whole(q.min), _whole(q.max)
        if low is not None and high is not None:
            return Rejected(
                _("Bitte schreiben Sie eine Zahl von {min} bis {max}.", min=low, max=high)
            )
        if low is not None:
            return Rejected(_("Bitte schreiben Sie eine Zahl ab {min}.", min=low))
        return Rejected(_("Bitte schreiben Sie eine Zahl bis {max}.", max=high or 0))
    birth = _as_date(answers.get(BIRTH_DATE))
    if q.at_most_age_minus is not None and birth is not None:
        # "10 school years" for a 7-year-old is a slip; the assessment would refuse it later,
        # when the parent can no longer correct it.
        age = age_on(birth, today)
        most = max(age - q.at_most_age_minus, 0)
        if number > most:
            return Rejected(
                _n(
                    "Ihr Kind ist {n} Jahr alt. Dann passt höchstens {most}. "
                    "Bitte prüfen Sie die Zahl.",
                    "Ihr Kind ist {n} Jahre alt. Dann passt höchstens {most}. "
                    "Bitte prüfen Sie die Zahl.",
                    age,
                    most=most,
                )
            )
    return Accepted(int(number) if q.integer else number)


def _whole(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def yes_or_no(text: str) -> bool | None:
    """A typed yes or no ("ja", "نعم", "так" …), None for anything else."""
    word = clean(text).casefold().strip(" .!")
    return True if word in _YES else False if word in _NO else None


def unreadable(hint: Text | None) -> Text:
    """A refusal that says it was refused, then how it is written: the hint alone would read
    like the question asked again, as if nothing had been typed."""
    if hint is None:
        return _("Diese Antwort hat nicht die passende Form. Bitte prüfen Sie sie.")
    return _("So kann ich die Antwort nicht lesen. {hint}", hint=hint)


def _text(q: Question, text: str) -> Accepted | Rejected:
    if q.pattern is None and not any(ch.isalpha() for ch in text):
        return Rejected(unreadable(q.hint))  # "😀😀" or "123" is no name
    if q.pattern is not None:
        text = ascii_digits(text)
    limit = q.max_length
    if limit is not None and len(text) > limit:
        return Rejected(
            _n(
                "Bitte schreiben Sie höchstens {n} Zeichen.",
                "Bitte schreiben Sie höchstens {n} Zeichen.",
                limit,
            )
        )
    if q.pattern is not None and not re.fullmatch(q.pattern, text):
        return Rejected(unreadable(q.hint))
    return Accepted(text)


def _municipality(
    text: str, municipalities: Sequence[tuple[str, str, Sequence[str]]]
) -> Accepted | Rejected:
    typed = fold(text)
    if not typed:
        return Rejected(PICK_A_BUTTON)
    exact, prefix = set(), set()
    for mid, name, aliases in municipalities:
        keys = set().union(*(fold(k) for k in (mid, name, *aliases)))
        if typed & keys:
            exact.add(mid)
        elif any(k.startswith(t) for k in keys for t in typed if len(t) >= 3):
            prefix.add(mid)  # "Haltern" for "Haltern am See"
    matches = exact or prefix
    if not matches and (heard := skeletons(text)):
        # "دولمن", "Дюльмен": written as heard, in another script (aliases in that script are
        # matched above, as written).
        matches = {
            mid
            for mid, name, aliases in municipalities
            if any(latin_skeletons(k) & heard for k in (name, *aliases))
        }
    if len(matches) == 1:
        return Accepted(matches.pop())
    if matches:
        return Rejected(_("Dazu passen mehrere Orte. Bitte tippen Sie auf den richtigen Knopf."))
    return Rejected(
        _("Diesen Ort kenne ich nicht. Bitte tippen Sie auf einen der Knöpfe mit den Orten.")
    )


def _other(text: str) -> Accepted | Rejected:
    if not any(ch.isalpha() for ch in text):
        # A date or a number typed where a country or language belongs is no name.
        return Rejected(unreadable(_("Bitte schreiben Sie den Namen mit Buchstaben.")))
    if len(text) > _MAX_OTHER_LENGTH:
        return Rejected(
            _n(
                "Bitte schreiben Sie höchstens {n} Zeichen.",
                "Bitte schreiben Sie höchstens {n} Zeichen.",
                _MAX_OTHER_LENGTH,
            )
        )
    return Accepted(OTHER_PREFIX + text)


# "Arabisch und Kurdisch", "عربي، كردي", "укр/рос": the separators parents use between languages.
_LIST_SEPARATORS = re.compile(
    r"\s*(?:[,;/+&،؛\n]|\s(?:und|and|oder|or|و|и|і|та|ve|va)\s)\s*", re.IGNORECASE
)


def _languages(q: Question, text: str) -> Accepted | Rejected:
    entries: list[str] = []
    offered = {o.value for o in q.options}
    for piece in filter(None, _LIST_SEPARATORS.split(text)):
        codes = _language_codes(piece, offered)
        if codes is None:
            result = _other(piece)
            if isinstance(result, Rejected):
                return result
            codes = [result.value]
        entries.extend(code for code in codes if code not in entries)
    if q.max_selected is not None and len(entries) > q.max_selected:
        return Rejected(_too_many(q.max_selected))
    return Accepted(entries)


def _language_codes(piece: str, offered: set[str]) -> list[str] | None:
    """Codes for one piece of a typed list; None if any word of it is no known language."""
    code = language_code(piece, offered)
    if code is not None:
        return [code]
    # "العربية والكردية": Arabic writes "and" (و) onto the next word instead of between commas.
    codes = []
    for word in piece.split():
        code = language_code(word, offered)
        if code is None and word.startswith("و") and len(word) > 2:
            code = language_code(word[1:], offered)
        if code is None:
            return None
        codes.append(code)
    return codes


def _typed_choice(q: Question, text: str) -> Accepted | Rejected:
    """Typed instead of pressed: a number (console) or the option's own words."""
    if q.kind in _MULTI:
        return Rejected(PICK_A_BUTTON)
    picked = _by_number(q, text)
    if picked is not None:
        return picked
    word = text.casefold().strip(" .!")
    if q.kind == "yes_no" and (word in _YES or word in _NO):
        return Accepted(word in _YES)
    for option in q.options:
        label = render_german(option.label).casefold().strip(" .!")
        if word in {option.value, label}:
            return choose(q, option.value)
    return Rejected(PICK_A_BUTTON)


def _by_number(q: Question, text: str) -> Accepted | Rejected | None:
    """ "2" for the second option: the console channel numbers the choices."""
    digits = ascii_digits(text).strip(" .)")
    if digits.isdigit() and 1 <= int(digits) <= len(q.options):
        return choose(q, q.options[int(digits) - 1].value)
    return None
