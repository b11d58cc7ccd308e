"""Date arithmetic for the NRW school calendar.

Kept apart from the assessment rules so the edge cases (30 September / 1 October birthdays,
31 July / 1 August reference dates, 29 February) can be reasoned about and tested on their own.
FACTS ids: sp.year (school year 1 Aug – 31 Jul), sp.start (six by 30 September → school on
1 August), sp.sek2 (obligation until the end of the school year in which the person turns 18).
"""

from __future__ import annotations

from datetime import date

# sp.start: the cut-off is "six by 30 September", compared as (month, day).
ENTRY_CUTOFF: tuple[int, int] = (9, 30)
ENTRY_AGE = 6
ADULT_AGE = 18


def school_year_of(day: date) -> int:
    """Calendar year in which the school year containing `day` began (sp.year)."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_start(year: int) -> date:
    return date(year, 8, 1)


def school_year_end(year: int) -> date:
    """Last day (31 July) of the school year that began on 1 August `year`."""
    return date(year + 1, 7, 31)


def anniversary(birth: date, years: int) -> date:
    """The day on which a person born on `birth` turns `years` old.

    A 29 February birthday becomes 1 March in common years: German law (BGB §§ 187, 188)
    completes the year at the end of 28 February, so the new age starts the next day.
    """
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`; consistent with `anniversary` for 29 February."""
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - int(before_birthday)


def entry_year(birth: date) -> int:
    """Year whose 1 August is the child's first school day (sp.start).

    Born on or before 30 September: six by the cut-off in the year it turns six. Born later
    (1 October onwards): the next year. A 29 February birthday is always before the cut-off.
    """
    if (birth.month, birth.day) <= ENTRY_CUTOFF:
        return birth.year + ENTRY_AGE
    return birth.year + ENTRY_AGE + 1


def entry_date(birth: date) -> date:
    return school_year_start(entry_year(birth))


def cohort_grade(birth: date, day: date) -> int:
    """Grade of the child's birth cohort in the school year containing `day`.

    Zero or negative means school has not started yet. Newcomers are placed by age, so this is
    the starting point of the placement estimate, not a decision.
    """
    return school_year_of(day) - entry_year(birth) + 1


def obligation_end(birth: date) -> date:
    """Last day of school obligation without an apprenticeship (sp.sek2).

    The end of the school year in which the person turns 18: turning 18 on 1 March 2026 ends it
    on 31 July 2026, turning 18 on 15 September 2026 on 31 July 2027. The 10 full-time years
    (sp.full) always end earlier for a child who started on time, so this date is the binding one.
    """
    return school_year_end(school_year_of(anniversary(birth, ADULT_AGE)))
