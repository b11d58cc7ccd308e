"""Typed answers are re-read at every step (`recheck`), so their reading takes shortcuts: the
ASCII digits that need no conversion, the digit groups read once for a date and its
precision. The shortcuts must read exactly as the long way did."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.instrument import Instrument, default_instrument_path, load_instrument
from dialogs.instrument.parsing import ascii_digits, parse_date, parse_date_answer
from dialogs.text import Renderer, Text

TODAY = date(2026, 11, 15)


def _ascii_digits_the_long_way(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(d) if (d := unicodedata.decimal(ch, None)) is not None else ch for ch in text
    )


@given(st.text())
def test_digits_read_as_the_long_way_reads_them(text: str) -> None:
    assert ascii_digits(text) == _ascii_digits_the_long_way(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_reads_as_the_long_way_reads_it(text: str) -> None:
    assert ascii_digits(text) == _ascii_digits_the_long_way(text)


@pytest.mark.parametrize(
    ("raw", "digits"),
    [("٣١/١٢/٢٠١٥", "31/12/2015"), ("۳۱", "31"), ("１２.２０２５", "12.2025"), ("3 ½", "3 1⁄2")],
)
def test_other_digits_become_ascii(raw: str, digits: str) -> None:
    assert ascii_digits(raw) == digits


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return load_instrument(default_instrument_path())


FORMAT = "Bitte schreiben Sie das Datum so: 31.12.2015"
FORMAT_MONTH = f"{FORMAT} – oder nur Monat und Jahr: 12.2015"
NOT_IN_CALENDAR = "Den 13.2026 gibt es nicht im Kalender. Bitte prüfen Sie Tag und Monat."
FUTURE = "Dieses Datum liegt in der Zukunft. Bitte prüfen Sie das Jahr."
BEFORE_BIRTH = "Dieses Datum liegt vor der Geburt Ihres Kindes. Bitte prüfen Sie das Datum."
BORN = {"birth_date": "2016-03-12"}


@pytest.mark.parametrize(
    ("qid", "raw", "answers", "expected"),
    [
        ("birth_date", "03.2026", {}, FORMAT),  # no month-only birth dates
        ("birth_date", "31.12.2015", {}, "2015-12-31"),
        ("birth_date", "31122015", {}, "2015-12-31"),
        ("birth_date", "20151231", {}, "2015-12-31"),
        ("birth_date", "1.1.1899", {}, "Bitte prüfen Sie das Jahr."),
        ("arrival_date", "03.2026", BORN, "2026-03"),
        ("arrival_date", "2026-03", BORN, "2026-03"),
        ("arrival_date", "03/26", BORN, "2026-03"),
        ("arrival_date", "12 2025", BORN, "2025-12"),
        ("arrival_date", "٠٣٫٢٠٢٦", BORN, "2026-03"),
        ("arrival_date", "１２.２０２５", BORN, "2025-12"),
        ("arrival_date", "13.2026", BORN, NOT_IN_CALENDAR),
        ("arrival_date", "11.2027", BORN, FUTURE),
        ("arrival_date", "03.2010", BORN, BEFORE_BIRTH),
        ("arrival_date", "03.2010", {"birth_date": "2016-05"}, "2010-03"),
        ("arrival_date", "31.12.2015", {}, "2015-12-31"),
        ("arrival_date", "31122015", BORN, BEFORE_BIRTH),
        ("arrival_date", "122015", BORN, FORMAT_MONTH),
        ("arrival_date", "2015", BORN, FORMAT_MONTH),
    ],
)
def test_a_date_and_its_precision_are_read_as_before(
    inst: Instrument, qid: str, raw: str, answers: dict[str, Any], expected: str
) -> None:
    q = inst.question(qid)
    result = parse_date_answer(q, raw, today=TODAY, answers=answers)
    shown = Renderer().render(result, "de") if isinstance(result, Text) else result
    assert shown == expected
    as_date = parse_date(q, raw, today=TODAY, answers=answers)
    assert isinstance(as_date, Text) == isinstance(result, Text)
    if not isinstance(as_date, Text):
        assert str(result) in as_date.isoformat()
