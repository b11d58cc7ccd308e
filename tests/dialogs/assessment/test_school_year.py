"""School-year arithmetic: school years from 1 August, the 30 September cut-off, leap days."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.assessment.school_year import (
    age_on,
    anniversary,
    entry_year,
    obligation_end,
    school_year_of,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "year"),
    [("2025-07-31", 2024), ("2025-08-01", 2025), ("2025-12-31", 2025), ("2026-01-01", 2025)],
)
def test_school_year_runs_from_1_august(day: str, year: int) -> None:
    assert school_year_of(D(day)) == year


@pytest.mark.parametrize(
    ("birth", "year"),
    [
        ("2019-01-01", 2025),
        ("2019-09-30", 2025),  # six on the cut-off day itself: this cohort
        ("2019-10-01", 2026),  # one day later: next year
        ("2019-12-31", 2026),
        ("2020-02-29", 2026),
    ],
)
def test_entry_year_uses_30_september_cut_off(birth: str, year: int) -> None:
    assert entry_year(D(birth)) == year


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("2020-02-29", "2026-02-28", 5),
        ("2020-02-29", "2026-03-01", 6),
        ("2020-02-29", "2024-02-28", 3),
        ("2020-02-29", "2024-02-29", 4),
        ("2015-03-10", "2026-03-09", 10),
        ("2015-03-10", "2026-03-10", 11),
        ("2026-03-10", "2026-03-10", 0),
    ],
)
def test_age_in_whole_years_with_leap_days(birth: str, on: str, age: int) -> None:
    assert age_on(D(birth), D(on)) == age


def test_anniversary_of_29_february_is_1_march_in_common_years() -> None:
    assert anniversary(D("2008-02-29"), 18) == D("2026-03-01")
    assert anniversary(D("2008-02-29"), 16) == D("2024-02-29")


@pytest.mark.parametrize(
    ("birth", "ends"),
    [
        ("2008-03-01", "2026-07-31"),  # turns 18 before 1 August: this school year
        ("2008-07-31", "2026-07-31"),  # turns 18 on the last day of the school year
        ("2008-08-01", "2027-07-31"),  # turns 18 on the first day: the whole next year
        ("2008-09-15", "2027-07-31"),
        ("2008-02-29", "2026-07-31"),
    ],
)
def test_obligation_ends_with_school_year_of_18th_birthday(birth: str, ends: str) -> None:
    assert obligation_end(D(birth)) == D(ends)
