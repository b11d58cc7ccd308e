"""Assessment rules: dated edge cases and explanations.

School-year arithmetic is tested in test_school_year.py, JSON and input validation in
test_assessment_json.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract

import dialogs.assessment.explain as assessment_text
from bot.catalog_check import KEYWORDS
from dialogs.assessment import (
    REASON_ORDER,
    Assessment,
    AssessmentInput,
    assess,
    explain_for_parent,
    explain_for_staff,
)
from dialogs.assessment.school_year import age_on, cohort_grade, obligation_end
from dialogs.text import Lines, Renderer, Text

FACTS = Path("/work/shared/domain/FACTS.md")
D = date.fromisoformat


def run(birth: str, on: str, **kw: Any) -> Assessment:
    return assess(AssessmentInput(D(birth), D(on), **kw))


def parent_text(a: Assessment, locale: str = "de") -> str:
    return Renderer().render(explain_for_parent(a), locale)


def texts(node: Lines) -> Iterator[Text]:
    for part in node.parts:
        assert isinstance(part, Text), f"parent text must be built from _() only: {part!r}"
        yield part


def facts_ids() -> set[str]:
    if not FACTS.exists():
        pytest.skip(f"{FACTS} not present: cannot check reason ids against it")
    ids = set()
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().split("|")]
        if len(cells) > 2 and line.lstrip().startswith("|"):
            ids.add(cells[1])
    return {i for i in ids if re.fullmatch(r"[a-z]+\.[a-z0-9]+", i)}


# --- stage, obligation, start date --------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "stage", "obligation", "start", "band"),
    [
        # 30 September / 1 October birthdays around 31 July / 1 August
        ("2019-09-30", "2025-07-31", "not_yet_school_age", "not_yet", "2025-08-01", None),
        ("2019-09-30", "2025-08-01", "primary", "yes", None, "1"),
        ("2019-10-01", "2025-08-01", "not_yet_school_age", "not_yet", "2026-08-01", None),
        ("2019-10-01", "2026-07-31", "not_yet_school_age", "not_yet", "2026-08-01", None),
        ("2019-10-01", "2026-08-01", "primary", "yes", None, "1"),
        # still five in August, but six by 30 September: already obliged
        ("2019-09-15", "2025-08-20", "primary", "yes", None, "1"),
        # already six in July, but school starts only on 1 August
        ("2019-05-01", "2025-07-15", "not_yet_school_age", "not_yet", "2025-08-01", None),
        ("2020-02-29", "2026-07-31", "not_yet_school_age", "not_yet", "2026-08-01", None),
        ("2020-02-29", "2026-08-01", "primary", "yes", None, "1"),
        ("2026-03-10", "2026-03-10", "not_yet_school_age", "not_yet", "2032-08-01", None),
        # stage boundaries by cohort grade
        ("2018-03-01", "2026-03-10", "primary", "yes", None, "1–2"),
        ("2015-10-01", "2025-08-01", "primary", "yes", None, "3–4"),
        ("2015-09-30", "2025-08-01", "secondary_1", "yes", None, "5"),
        ("2010-01-15", "2025-09-01", "secondary_1", "yes", None, "9–10"),
        ("2009-09-30", "2025-09-01", "berufskolleg", "yes", None, "IFK"),
        # the obligation ends on 31 July of the school year in which the person turns 18
        ("2008-03-01", "2026-07-31", "berufskolleg", "yes", None, "IFK"),
        ("2008-03-01", "2026-08-01", "beyond_school_age", "no", None, None),
        ("2008-09-15", "2026-09-15", "berufskolleg", "yes", None, "IFK"),
        ("2008-09-15", "2027-07-31", "berufskolleg", "yes", None, "IFK"),
        ("2008-09-15", "2027-08-01", "beyond_school_age", "no", None, None),
        ("2008-07-31", "2026-07-31", "berufskolleg", "yes", None, "IFK"),
        ("2008-08-01", "2026-08-01", "berufskolleg", "yes", None, "IFK"),
        ("2008-02-29", "2026-07-31", "berufskolleg", "yes", None, "IFK"),
        ("2008-02-29", "2026-08-01", "beyond_school_age", "no", None, None),
        ("1996-03-10", "2026-03-10", "beyond_school_age", "no", None, None),
    ],
)
def test_stage_and_obligation(
    birth: str, on: str, stage: str, obligation: str, start: str | None, band: str | None
) -> None:
    a = run(birth, on, german="a2")
    assert (a.stage, a.school_obligation, a.grade_band) == (stage, obligation, band)
    assert a.school_start == (D(start) if start else None)
    assert a.age == age_on(D(birth), D(on))


def test_a_sixth_birthday_already_past_is_not_told_as_future() -> None:
    """Born 1 October 2020, asked in November 2026: six since October, one day after the
    cut-off, so school starts in 2027 (issue 9.12)."""
    a = run("2020-10-01", "2026-11-25")
    staff = explain_for_staff(a)
    assert "Es wird am 1. Oktober 2026" not in staff
    assert "Es ist seit dem 1. Oktober 2026 sechs (nach dem Stichtag 30. September 2026)" in staff
    assert "Schulbeginn am 1. August 2027" in staff
    assert "Es wird am 1. Oktober 2026 sechs" in explain_for_staff(run("2020-10-01", "2026-09-01"))


def test_obligation_end_is_reported_even_after_it_passed() -> None:
    a = run("2008-03-01", "2026-08-01")
    assert a.obligation_ends == D("2026-07-31") < a.input.on
    assert "31. Juli 2026" in explain_for_staff(a)
    assert "nicht mehr zur Schule" in parent_text(a)
    assert "Berufskolleg" in parent_text(a)  # offers mentioned, as advice only
    assert a.support == () and a.placing_authority is None


def test_b1_german_narrows_the_band_to_the_cohort_grade() -> None:
    assert run("2015-10-01", "2025-08-01", german="b1_plus").grade_band == "4"
    assert run("2015-10-01", "2025-08-01", german="none").grade_band == "3–4"
    assert run("2015-10-01", "2025-08-01").grade_band == "3–4"  # unknown: assume support


@pytest.mark.parametrize(
    ("birth", "authority"),
    [
        ("2022-01-01", None),
        ("2018-01-01", "schulamt"),
        ("2013-01-01", "schulamt"),
        ("2009-01-01", "bezirksregierung"),
        ("2000-01-01", None),
    ],
)
def test_placing_authority_follows_stage(birth: str, authority: str | None) -> None:
    a = run(birth, "2026-03-10")
    assert a.placing_authority == authority
    last = parent_text(a).splitlines()[-1]
    assert "entscheidet" in last
    assert {"schulamt": "Schulamt", "bezirksregierung": "Bezirksregierung"}.get(
        authority or "", "Schulbehörde"
    ) in last


# --- apprenticeship and reception centre --------------------------------------------------


def test_apprenticeship_keeps_obligation_open_ended() -> None:
    with_job = run("2007-01-01", "2026-03-10", apprenticeship=True)
    without = run("2007-01-01", "2026-03-10")
    assert without.stage == "beyond_school_age" and without.school_obligation == "no"
    assert (with_job.stage, with_job.school_obligation) == ("berufskolleg", "yes")
    assert with_job.obligation_ends is None and with_job.grade_band == "Ausbildung"
    assert with_job.placing_authority == "bezirksregierung"
    assert "sp.sek2" in with_job.reasons
    assert "21. Geburtstag" not in parent_text(with_job)


def test_apprenticeship_at_21_or_older_depends_on_its_start() -> None:
    a = run("2004-01-01", "2026-03-10", apprenticeship=True)
    assert (a.stage, a.school_obligation, a.obligation_ends) == ("berufskolleg", "yes", None)
    assert "vor dem 21. Geburtstag" in explain_for_staff(a)
    assert "vor dem 21. Geburtstag" in parent_text(a)


def test_apprenticeship_before_ten_full_time_years_is_flagged() -> None:
    a = run("2010-11-01", "2026-03-10", apprenticeship=True, german="a2")
    assert cohort_grade(D("2010-11-01"), D("2026-03-10")) == 9
    assert (a.stage, a.school_obligation, a.obligation_ends) == ("secondary_1", "yes", None)
    assert "bitte prüfen" in explain_for_staff(a)
    assert "in der Regel 10 Schuljahre" in parent_text(a)
    assert "Nach dem Alter" not in parent_text(a)


@pytest.mark.parametrize(
    ("birth", "stage", "authority"),
    [
        ("2017-05-01", "primary", "schulamt"),
        ("2012-05-01", "secondary_1", "schulamt"),
        ("2009-01-01", "berufskolleg", "bezirksregierung"),
    ],
)
def test_reception_centre_has_no_obligation_yet(birth: str, stage: str, authority: str) -> None:
    a = run(birth, "2026-03-10", lives_in="reception_centre", literacy="none")
    assert (a.stage, a.school_obligation, a.placing_authority) == (stage, "no", authority)
    assert {"sp.reception", "sp.asylum"} <= set(a.reasons) and "sp.who" not in a.reasons
    assert "german_support" in a.support and "literacy_group" in a.support
    text = parent_text(a)
    assert "keine Schulpflicht" in text and "zugewiesen" in text
    assert "Ihr Kind muss zur Schule gehen" not in text


def test_reception_centre_before_school_age() -> None:
    a = run("2021-10-01", "2026-03-10", lives_in="reception_centre")
    assert (a.stage, a.school_obligation, a.school_start) == (
        "not_yet_school_age",
        "no",
        D("2028-08-01"),
    )
    assert {"sp.reception", "sp.asylum", "sys.kita"} <= set(a.reasons)


# --- support ------------------------------------------------------------------------------

SEK1_CHILD = ("2012-05-05", "2026-03-10")  # cohort grade 8: seven completed school years


@pytest.mark.parametrize(
    ("german", "wanted"), [("none", True), ("a1", True), ("a2", True), ("b1_plus", False)]
)
def test_german_support_unless_b1(german: str, wanted: bool) -> None:
    a = run(*SEK1_CHILD, german=german, literacy="latin", school_years_abroad=7)
    assert ("german_support" in a.support) is wanted
    assert "neu.goal" in a.reasons
    assert ("neu.forms" in a.reasons) is wanted


@pytest.mark.parametrize(
    ("literacy", "support", "reason"),
    [
        ("none", ("german_support", "literacy_group"), "neu.alpha"),
        ("other_script", ("german_support", "latin_script"), "neu.scripts"),
        ("latin", ("german_support",), None),
        (None, ("german_support",), "neu.scripts"),  # unknown: the counsellor checks
    ],
)
def test_literacy_values(
    literacy: str | None, support: tuple[str, ...], reason: str | None
) -> None:
    a = run(*SEK1_CHILD, german="a1", literacy=literacy, school_years_abroad=7)
    assert a.support == support
    if reason:
        assert reason in a.reasons
    else:
        assert not {"neu.alpha", "neu.scripts"} & set(a.reasons)


@pytest.mark.parametrize(
    ("years", "last_grade", "group"),
    [
        (0, None, True),
        (3, None, True),  # under half of the cohort's seven years
        (4, None, False),
        (None, 2, True),  # last grade stands in for the count
        (5, 1, False),  # an explicit count wins over the last grade
        (None, None, False),  # unknown: no guess, the counsellor asks
    ],
)
def test_little_schooling_means_literacy_group(
    years: int | None, last_grade: int | None, group: bool
) -> None:
    a = run(*SEK1_CHILD, literacy="latin", school_years_abroad=years, last_grade=last_grade)
    assert ("literacy_group" in a.support) is group
    asks = "Bisherige Schuljahre nicht angegeben" in explain_for_staff(a)
    assert asks is (years is None and last_grade is None)


@pytest.mark.parametrize(
    ("birth", "years", "literacy", "group"),
    [
        ("2018-03-01", 0, "none", False),  # grade 2: reading is taught in the entry phase
        ("2017-03-01", 0, "latin", True),  # grade 3 without school
        ("2017-03-01", 1, "latin", False),  # grade 3, half of two years
        ("2017-03-01", 2, "none", True),
    ],
)
def test_literacy_group_only_from_grade_3(
    birth: str, years: int, literacy: str, group: bool
) -> None:
    a = run(birth, "2026-03-10", school_years_abroad=years, literacy=literacy, german="a1")
    assert ("literacy_group" in a.support) is group
    entry_phase = "Schuleingangsphase" in explain_for_staff(a)
    assert entry_phase is (cohort_grade(D(birth), D("2026-03-10")) < 3 and literacy == "none")


def test_support_order_is_fixed() -> None:
    a = run(*SEK1_CHILD, german="none", literacy="other_script", school_years_abroad=0)
    assert a.support == ("german_support", "literacy_group", "latin_script")


@pytest.mark.parametrize("birth", ["2022-01-01", "2000-01-01"])
def test_no_support_outside_school_age(birth: str) -> None:
    a = run(birth, "2026-03-10", german="none", literacy="none", school_years_abroad=0)
    assert a.support == ()


def test_not_yet_school_age_mentions_kita_only_as_advice() -> None:
    a = run("2022-01-01", "2026-03-10")
    assert "sys.kita" in a.reasons
    assert "Allgemeiner Hinweis" in explain_for_staff(a)
    assert "allgemeiner Hinweis" in parent_text(a)


def test_early_start_only_mentioned_in_the_year_before_school() -> None:
    assert "früher in die Schule" in parent_text(run("2020-12-01", "2026-03-10"))
    assert "früher in die Schule" not in parent_text(run("2022-01-01", "2026-03-10"))
    # starting regularly next August anyway
    assert "früher in die Schule" not in parent_text(run("2020-05-01", "2026-03-10"))


def test_unknown_fields_are_left_to_the_counsellor() -> None:
    unknown = run(*SEK1_CHILD)
    staff = explain_for_staff(unknown)
    assert staff.count("nicht angegeben") == 3
    assert parent_text(unknown).count("Die Beratung") >= 3
    known = run(*SEK1_CHILD, german="a2", literacy="latin", school_years_abroad=7)
    assert "nicht angegeben" not in explain_for_staff(known)


# --- issue 9: duration, scripts, routes at 16 ---------------------------------------------

# Cohort grade 11 on 10 March 2026 (school from 1 August 2015): 16 years old, Berufskolleg age.
SIXTEEN = ("2009-05-12", "2026-03-10")


def test_sixteen_without_schooling_is_not_told_the_obligation_is_over() -> None:
    a = run(*SIXTEEN, school_years_abroad=0, literacy="none", german="none")
    assert (a.age, a.stage, a.school_obligation) == (16, "berufskolleg", "yes")
    assert a.support == ("german_support", "literacy_group")
    text, staff = parent_text(a), explain_for_staff(a)
    assert "Ihr Kind muss zur Schule gehen" in text
    assert "Die Vollzeitschulpflicht dauert in der Regel 10 Schuljahre." in text
    assert "vorbei" not in text and "Nach dem Alter" not in text
    assert "erfüllt" not in staff and "10 Schuljahre; angegeben: 0 Schuljahre" in staff
    assert "Das ist der 31. Juli 2027." in text  # sp.sek2: the end of the year she turns 18
    assert "Oberstufe" not in text  # no schooling: the upper level is not suggested
    assert {"sp.full", "sp.sek2", "neu.ifk", "neu.alpha", "neu.lang"} <= set(a.reasons)


def test_ukrainian_sixteen_with_nine_years_and_english() -> None:
    """Reads Cyrillic, knows English: no Latin-script beginner; IFK and the upper level."""
    a = run(
        *SIXTEEN,
        school_years_abroad=9,
        last_grade=9,
        literacy="other_script",
        english="good",
        german="none",
    )
    assert (a.stage, a.grade_band, a.placing_authority) == (
        "berufskolleg",
        "IFK",
        "bezirksregierung",
    )
    assert a.support == ("german_support",)
    text, staff = parent_text(a), explain_for_staff(a)
    assert "kennt es wahrscheinlich schon aus dem Englischen" in text
    assert "lateinische Schrift, also das Alphabet" not in text
    assert "Internationale Förderklasse" in text and "einmal wiederholen" in text
    assert "Ersten Schulabschluss" in text and "Aufenthaltsstatus" in text
    assert "Oberstufe an einem Gymnasium oder einer Gesamtschule" in text
    assert "Prüfung in der Sprache Ihrer Familie" in text  # neu.lang
    assert "Englisch: gut" in staff and "gymnasiale Oberstufe" in staff
    assert {"sys.sek2", "sys.ages", "neu.ifk", "neu.lang", "neu.scripts"} <= set(a.reasons)
    assert "neu.alpha" not in a.reasons


@pytest.mark.parametrize(
    ("english", "latin_known"), [("good", True), ("some", True), ("none", False), (None, False)]
)
def test_other_script_with_english_knows_latin_letters(
    english: str | None, latin_known: bool
) -> None:
    a = run(*SEK1_CHILD, german="a1", literacy="other_script", school_years_abroad=7,
            english=english)  # fmt: skip
    assert ("latin_script" in a.support) is not latin_known
    text = parent_text(a)
    assert ("aus dem Englischen" in text) is latin_known
    # neu.alpha says "may": without Latin letters the literacy year is offered, not promised
    assert ("kann es zuerst in eine eigene Gruppe gehen" in text) is not latin_known
    assert ("neu.alpha" in a.reasons) is not latin_known
    assert "neu.scripts" in a.reasons


def test_english_does_not_matter_for_other_literacy() -> None:
    for literacy in ("none", "latin", None):
        a = run(*SEK1_CHILD, literacy=literacy, english="good", school_years_abroad=7)
        assert "aus dem Englischen" not in parent_text(a)


@pytest.mark.parametrize(("years", "upper"), [(8, False), (9, True), (11, True), (None, False)])
def test_upper_level_named_after_about_nine_school_years(years: int | None, upper: bool) -> None:
    a = run(*SIXTEEN, school_years_abroad=years, literacy="latin", german="a2")
    assert ("Oberstufe" in parent_text(a)) is upper
    assert ("sys.ages" in a.reasons) is upper
    assert "Internationale Förderklasse" in parent_text(a)  # the IFK is always named


def test_home_language_exam_named_from_secondary_school_on() -> None:
    assert "neu.lang" in run(*SEK1_CHILD).reasons
    assert "neu.lang" not in run("2017-03-01", "2026-03-10").reasons  # primary school
    assert "neu.lang" not in run("2007-01-01", "2026-03-10", apprenticeship=True).reasons


def test_no_unexplained_jargon_for_parents() -> None:
    reception = parent_text(run("2012-05-05", "2026-03-10", lives_in="reception_centre"))
    assert "Landesaufnahme" not in reception and "(ZUE oder EAE)" in reception
    b1 = parent_text(run(*SEK1_CHILD, german="a2"))
    assert "Sprachstufe" not in b1 and "B1 heißt:" in b1


# --- reasons and explanations -------------------------------------------------------------


def sweep() -> Iterator[Assessment]:
    """Birthdays every 23 days over 30 years, on several reference dates and with varied input."""
    variants: list[dict[str, Any]] = [
        {},
        {"german": "b1_plus", "literacy": "latin", "school_years_abroad": 0},
        {"german": "none", "literacy": "other_script", "lives_in": "reception_centre"},
        {"german": "a1", "literacy": "none", "last_grade": 1},
        {"german": "a2", "literacy": "other_script", "english": "some"},
    ]
    for on in (D("2025-07-31"), D("2025-08-01"), D("2026-09-30")):
        birth, i = on - timedelta(days=30 * 365), 0
        while birth <= on:
            kw = variants[i % len(variants)]
            if age_on(birth, on) < 4:  # too young for a last grade abroad
                kw = {k: v for k, v in kw.items() if k != "last_grade"}
            yield assess(AssessmentInput(birth, on, **kw))
            if age_on(birth, on) >= 15:
                yield assess(AssessmentInput(birth, on, apprenticeship=True))
            birth, i = birth + timedelta(days=23), i + 1


def test_reasons_exist_in_facts_md() -> None:
    known = facts_ids()
    assert set(REASON_ORDER) <= known
    for a in sweep():
        assert set(a.reasons) <= known, a


def test_invariants_over_many_dates() -> None:
    with open(assessment_text.__file__, "rb") as source:
        # The project's keywords (babel.cfg): `_` and the plural marker `_n`.
        found = extract("python", source, keywords=KEYWORDS)
        extracted = {msg[0] if isinstance(msg, tuple) else msg for _, msg, _, _ in found}
    for a in sweep():
        assert list(a.reasons) == [r for r in REASON_ORDER if r in a.reasons]
        staff = explain_for_staff(a)
        cited = set(re.findall(r"\[([^\]]+)\]$", staff, re.MULTILINE))
        assert {i.strip() for c in cited for i in c.split(",")} == set(a.reasons)
        assert all(line.endswith("]") for line in staff.splitlines())
        parent = explain_for_parent(a)
        for t in texts(parent):
            assert t.msgid in extracted, t.msgid
            for key in ("date", "cutoff"):
                assert key not in t.params or isinstance(t.params[key], date)
        rendered = parent_text(a)
        assert "{" not in rendered and "}" not in rendered
        assert "entscheidet" in rendered.splitlines()[-1]
        assert rendered.startswith("Ihr Kind") or rendered.startswith("Sie wohnen")
        for text in (staff, rendered):
            assert "§" not in text and "€" not in text and "Bußgeld" not in text
        assert (a.school_start is not None) is (a.stage == "not_yet_school_age")
        if a.school_start:
            assert (a.school_start.month, a.school_start.day) == (8, 1)
            assert a.school_start > a.input.on
        if a.input.apprenticeship:
            assert a.obligation_ends is None
        else:
            assert a.obligation_ends == obligation_end(a.input.birth_date)
        if a.input.lives_in == "reception_centre":
            assert a.school_obligation == "no"


def test_parent_text_renders_in_a_right_to_left_locale() -> None:
    a = run("2019-10-01", "2025-08-01", lives_in="reception_centre")
    rendered = parent_text(a, "ar")
    assert "{" not in rendered and "\u2068" in rendered  # dates isolated in RTL
