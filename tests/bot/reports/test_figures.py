"""Every figure of the monthly report against a seeded database with known answers.

The expectations are worked out here from the generated cases themselves, in plain Python
and independently of `dialogs/report/figures.py`, then compared with what the report reads
from the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.reports.collect import month_data
from bot.reports.tables import csv_text, markdown
from dialogs.report.cells import Count, Median
from dialogs.report.figures import FIGURES, Table, report
from dialogs.report.month import Month
from dialogs.report.sources import MonthData
from dialogs.staff.card import STAGE_DE, SUPPORT_DE
from storage.db import Database
from tests.support.dialog_driver import KREIS
from tests.support.population import GenCase, GenChild, generate, insert_population

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 10, 1, tzinfo=BERLIN).astimezone(UTC)  # 2026-09-30 22:00 UTC
END = datetime(2026, 11, 1, tzinfo=BERLIN).astimezone(UTC)  # 2026-10-31 23:00 UTC (CET)
NAMES = {m.id: m.name for m in KREIS.municipalities}


def population() -> list[GenCase]:
    cases = generate(300, seed=7, start=datetime(2026, 8, 1, tzinfo=UTC), days=110)
    # Edge cases at the month's borders in Berlin time: 00:30 on 1 October in Berlin is still
    # 30 September in UTC; 23:30 on 31 October UTC is already November in Berlin.
    edge = cases[0]
    edge.created_at, edge.status, edge.closed_at = (
        datetime(2026, 9, 30, 22, 30, tzinfo=UTC),
        "open",
        None,
    )
    late = cases[1]
    late.created_at, late.status, late.closed_at = (
        datetime(2026, 10, 31, 23, 30, tzinfo=UTC),
        "open",
        None,
    )
    for case in (edge, late):
        case.places, case.overrides, case.first_answer_at = [], {}, None
        for child in case.children:
            child.submitted = case.created_at.date()
    return cases


@pytest.fixture
async def month(database: Database) -> tuple[MonthData, list[GenCase]]:
    cases = population()
    await insert_population(database, cases)
    async with database.transaction() as tx:
        data = await month_data(tx, Month(2026, 10), KREIS)
    return data, cases


def table(data: MonthData, key: str) -> Table:
    return next(t for t in report(data) if t.figure.key == key)


def counts(t: Table) -> dict[str, int]:
    """label (the row's text cells joined) → its first count."""
    result = {}
    for row in t.rows:
        labels = " · ".join(c for c in row if isinstance(c, str))
        result[labels] = next(c.n for c in row if isinstance(c, Count))
    return result


def in_month(moment: datetime | None) -> bool:
    return moment is not None and START <= moment < END


def new_children(cases: list[GenCase]) -> list[tuple[GenCase, int, GenChild]]:
    return [
        (c, n, k)
        for c in cases
        for n, k in enumerate(c.children, start=1)
        if date(2026, 10, 1) <= k.submitted < date(2026, 11, 1)
        and (c.closed_at is None or c.closed_at >= START)
    ]


def stage_of(case: GenCase, number: int, child: GenChild) -> str:
    return case.overrides.get(number, child.stage)


def where(child: GenChild) -> str:
    return NAMES[child.municipality] if child.municipality else "Landeseinrichtung (ZUE/EAE)"


async def test_case_counts_follow_berlin_months(month: tuple[MonthData, list[GenCase]]) -> None:
    data, cases = month
    got = counts(table(data, "cases"))
    assert got["neu eingegangen"] == sum(in_month(c.created_at) for c in cases)
    assert got["abgeschlossen"] == sum(in_month(c.closed_at) for c in cases)
    assert got["am Monatsende offen"] == sum(
        c.created_at < END and (c.closed_at is None or c.closed_at >= END) for c in cases
    )
    ids = {c.id for c in data.cases}
    assert cases[0].id in ids  # opened 00:30 on 1 October, Berlin
    assert cases[1].id not in ids  # opened in November, Berlin


async def test_children_breakdowns(month: tuple[MonthData, list[GenCase]]) -> None:
    data, cases = month
    kids = new_children(cases)
    assert kids, "the seed must give October children"
    by_code = Counter(c.locale for c, _n, _k in kids)
    got = counts(table(data, "children_language"))
    assert {label.rsplit("(", 1)[-1].rstrip(")"): n for label, n in got.items()} == by_code
    assert counts(table(data, "children_municipality")) == Counter(where(k) for _c, _n, k in kids)

    def band(age: int) -> str:
        return "0–5" if age < 6 else "6–9" if age < 10 else "10–15" if age < 16 else (
            "16–17" if age < 18 else "18+")  # fmt: skip

    assert counts(table(data, "children_age_band")) == Counter(band(k.age) for _c, _n, k in kids)
    assert list(counts(table(data, "children_age_band"))) == [
        b
        for b in ("0–5", "6–9", "10–15", "16–17", "18+")
        if b in counts(table(data, "children_age_band"))
    ]
    stages = Counter(STAGE_DE[stage_of(c, n, k)] for c, n, k in kids)
    assert counts(table(data, "children_stage")) == stages
    supports = Counter(SUPPORT_DE[s] for _c, _n, k in kids for s in k.support)
    supports["keine"] = sum(not k.support for _c, _n, k in kids)
    assert counts(table(data, "children_support")) == +supports


async def test_overrides_and_times(month: tuple[MonthData, list[GenCase]]) -> None:
    data, cases = month
    overridden = [
        STAGE_DE[stage] for c in cases if in_month(c.override_at) for stage in c.overrides.values()
    ]
    got = counts(table(data, "overrides"))
    assert got.pop("insgesamt") == len(overridden)
    assert got == Counter(overridden)

    opened = [c for c in cases if in_month(c.created_at)]
    # A counsellor answers by writing or by sending a ready reply (the generated "place").
    answers = {
        c.id: min([*([c.first_answer_at] if c.first_answer_at else []), *c.places])
        for c in opened
        if c.first_answer_at or c.places
    }
    hours = [
        (answers[c.id] - c.created_at).total_seconds() / 3600 for c in opened if c.id in answers
    ]
    rows = {row[0]: row[1] for row in table(data, "first_answer").rows}
    median = rows["Median bis zur ersten Antwort"]
    assert isinstance(median, Median) and median.n == len(hours)
    assert median.value == pytest.approx(statistics.median(hours))
    assert rows["Fälle mit Antwort"] == Count(len(hours))
    assert rows["Fälle noch ohne Antwort"] == Count(len(opened) - len(hours))

    days = [
        (c.closed_at - c.created_at).total_seconds() / 86400
        for c in cases
        if c.closed_at is not None and in_month(c.closed_at)
    ]
    (only,) = table(data, "time_to_close").rows
    assert isinstance(only[1], Median)
    assert only[1].value == pytest.approx(statistics.median(days)) and only[1].n == len(days)


async def test_waiting_children_and_interpreters(month: tuple[MonthData, list[GenCase]]) -> None:
    data, cases = month
    waits: dict[tuple[str, str], list[int]] = {}
    for c in cases:
        if c.created_at >= END or (c.closed_at is not None and c.closed_at < END):
            continue
        placed = sum(at < END for at in c.places)
        for n, k in enumerate(c.children, start=1):
            stage = stage_of(c, n, k)
            if stage not in ("primary", "secondary_1", "berufskolleg"):
                continue
            if k.submitted >= date(2026, 11, 1):
                continue
            if placed:
                placed -= 1
                continue
            waits.setdefault((where(k), STAGE_DE[stage]), []).append(
                (date(2026, 11, 1) - k.submitted).days
            )
    rows = table(data, "waiting").rows
    assert {(r[0], r[1]): r[2] for r in rows} == {k: Count(len(v)) for k, v in waits.items()}
    for r in rows:
        median = r[3]
        assert isinstance(median, Median)
        assert median.value == statistics.median(waits[(str(r[0]), str(r[1]))])
    # A place found ends a wait: some generated cases have one, so some children stop waiting.
    assert any(c.places for c in cases)

    asked = Counter(c.locale for c, _n, k in new_children(cases) if k.interpreter)
    got = counts(table(data, "interpreters"))
    assert {label.rsplit("(", 1)[-1].rstrip(")"): n for label, n in got.items()} == asked


async def test_volunteer_figures_are_recorded(month: tuple[MonthData, list[GenCase]]) -> None:
    data, _cases = month
    tables = {t.figure.key: t for t in report(data)}
    # Referrals, announcements and empty offer searches are recorded (volunteers): none in the
    # generated population.
    for key in ("referrals", "empty_searches"):
        assert tables[key].recorded and tables[key].rows == ()
    assert [row[1] for row in tables["announcements"].rows] == [Count(0), Count(0)]
    # Appointments are recorded: none in the generated population, so two zero counts.
    assert tables["appointments"].recorded
    assert [row[1] for row in tables["appointments"].rows] == [Count(0), Count(0)]
    assert {f.key for f in FIGURES} == set(tables)


async def test_small_counts_are_hidden_everywhere(month: tuple[MonthData, list[GenCase]]) -> None:
    data, _cases = month
    tables = report(data)
    small = [
        (t.figure.key, row)
        for t in tables
        for row in t.rows
        if any(isinstance(c, Count) and 0 < c.n < 3 for c in row)
    ]
    assert small, "the seed should produce some counts of 1 or 2"
    text = markdown(tables, data.month, generated="heute")
    rows_csv = csv_text(tables, data.month)
    for _key, row in small:
        labels = " | ".join(c for c in row if isinstance(c, str))
        assert f"| {labels} | <3" in text
    assert ";1\n" not in rows_csv and ";2\n" not in rows_csv


def test_month_bounds_in_berlin_time() -> None:
    october = Month.parse("2026-10")
    assert (october.start, october.end) == (START, END)
    assert october.end - october.start == timedelta(days=31, hours=1)  # summer time ends
    assert Month.of(datetime(2026, 9, 30, 22, 30, tzinfo=UTC)) == october
    assert Month.parse("2026-01").previous() == Month(2025, 12)
    for bad in ("2026-13", "10/2026", "", "2026"):
        with pytest.raises(ValueError, match="2026-10"):
            Month.parse(bad)
