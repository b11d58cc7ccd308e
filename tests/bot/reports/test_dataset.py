"""The data set read back: headers from the instrument, one row per child, date cells,
personal columns only with the flag and only for children whose family agreed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.reports.building import build_dataset
from dialogs.report import dataset
from storage.db import Database
from tests.support.apps import app_on
from tests.support.population import generate, insert_population

SINCE, UNTIL = date(2026, 8, 1), date(2026, 10, 31)


async def seeded(database: Database) -> list:  # type: ignore[type-arg]
    cases = generate(120, seed=3, start=datetime(2026, 7, 20, tzinfo=UTC), days=110)
    await insert_population(database, cases)
    return cases


def in_range(created: datetime) -> bool:
    local = created.astimezone(ZoneInfo("Europe/Berlin")).date()
    return SINCE <= local <= UNTIL


async def test_xlsx_rows_headers_dates_and_personal_columns(database: Database) -> None:
    cases = await seeded(database)
    app = app_on(database)
    async with database.transaction() as tx:
        plain, n_plain = await build_dataset(app, tx, SINCE, UNTIL, "xlsx", personal=False)
        full, n_full = await build_dataset(app, tx, SINCE, UNTIL, "xlsx", personal=True)
    expected = [
        (c, n, k) for c in cases if in_range(c.created_at) for n, k in enumerate(c.children, 1)
    ]
    assert n_plain == n_full == len(expected) > 20

    def rows(content: bytes) -> tuple[list[str], list[tuple]]:  # type: ignore[type-arg]
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        values = list(sheet.iter_rows(values_only=True))
        return list(values[0]), values[1:]

    headers, body = rows(plain)
    assert headers == dataset.headers(app.instrument)
    assert "Vorname" in headers and "Eingang" in headers and "Besonderer" not in " ".join(headers)
    col = {h: i for i, h in enumerate(headers)}
    assert len(body) == len(expected)
    by_key = {(r[col["Fall-Nr."]], r[col["Kind-Nr."]]): r for r in body}
    for case, number, kid in expected:
        row = by_key[(case.id, number)]
        # Dates are date cells (openpyxl reads them back as datetimes), not text.
        assert isinstance(row[col["Eingang"]], datetime)
        assert row[col["Alter bei Eingang"]] == kid.age
        assert row[col["Vorname"]] is None and row[col["Geburtsdatum"]] is None

    _headers, body = rows(full)
    by_key = {(r[col["Fall-Nr."]], r[col["Kind-Nr."]]): r for r in body}
    for case, number, kid in expected:
        row = by_key[(case.id, number)]
        if kid.consent is True:
            assert row[col["Vorname"]] == kid.first_name
            assert row[col["Geburtsdatum"]] == datetime.combine(kid.birth, datetime.min.time())
            assert row[col["Weitergabe erlaubt"]] == "ja"
        else:
            assert row[col["Vorname"]] is None and row[col["Geburtsdatum"]] is None


async def test_csv_is_semicolon_separated_utf8_with_bom(database: Database) -> None:
    await seeded(database)
    app = app_on(database)
    async with database.transaction() as tx:
        content, children = await build_dataset(app, tx, SINCE, UNTIL, "csv", personal=False)
    assert content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == dataset.headers(app.instrument)
    assert len(lines) == children + 1
    received = lines[1][lines[0].index("Eingang")]
    assert date.fromisoformat(received)
