"""The explanations write their dates with Babel's German locale and long pattern looked up
once: exactly as `format_date(..., format="long", locale="de")` writes them."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from dialogs.assessment.explain import _d


@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_dates_are_written_as_babel_writes_them(day: date) -> None:
    assert _d(day) == format_date(day, format="long", locale="de")


def test_a_moment_is_written_as_its_day() -> None:
    moment = datetime(2026, 3, 1, 23, 59)
    assert _d(moment) == format_date(moment, format="long", locale="de") == "1. März 2026"


def test_the_long_german_form() -> None:
    assert _d(date(2026, 9, 30)) == "30. September 2026"
