"""Turning what a parent typed into the answer to a question.

Parents type on phones set to Arabic, Farsi, Ukrainian…: digits arrive as ٣ or ۳, dates with
Arabic separators, names wrapped in direction marks. Parsing forgives all of that; when it must
refuse, it says precisely what to change, in the parent's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dialogs.instrument import BIRTH_DATE, OTHER_PREFIX, Question, age_on
from dialogs.instrument.answers import (
    MULTI_KINDS,
    PICK_A_BUTTON,
    Accepted,
    Rejected,
    answer_date,
    choose,
    too_many,
)
from dialogs.instrument.parsing import (
    ascii_digits,
    clean,
    fold,
    language_code,
    parse_date_answer,
    territory_code,
)
from dialogs.instrument.sounds import latin_skeletons, skeletons
from dialogs.text import Text, _, _n, render_german

_MAX_OTHER_LENGTH = 60
_YES = {"ja", "j", "yes", "y", "نعم", "بله", "آره", "اره", "так", "да", "evet", "oui", "po"}
_NO = {"nein", "n", "no", "لا", "نه", "ні", "нет", "hayır", "hayir", "non", "jo"}


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
    birth = answer_date(answers.get(BIRTH_DATE))
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
        return Rejected(too_many(q.max_selected))
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
    if q.kind in MULTI_KINDS:
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
