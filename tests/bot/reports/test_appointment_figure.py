"""The monthly report's appointment figure, read from the appointments table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.reports.collect import month_data
from dialogs.report.cells import Count
from dialogs.report.figures import report
from dialogs.report.month import Month
from storage.db import Database
from tests.storage.test_appointments import START, _booked, _save
from tests.support.dialog_driver import KREIS


async def test_the_monthly_report_counts_held_and_missed(database: Database) -> None:
    """Booked times in December 2026 (Berlin): 3 held, 4 missed, one still booked, one
    cancelled; a held one in November and a never-booked offer are not counted."""
    case_id = await _booked(database)
    plan = [("held", 3), ("missed", 4), ("booked", 1), ("cancelled", 1)]
    async with database.transaction() as tx:
        n = 0
        for status, times in plan:
            for _ in range(times):
                n += 1
                await _save(tx, f"d{n}", case_id, status, START + timedelta(days=n))
        await _save(tx, "nov", case_id, "held", datetime(2026, 11, 30, 22, 59, tzinfo=UTC))
        await _save(tx, "offer", case_id, "offered", None)
        data = await month_data(tx, Month(2026, 12), KREIS)
    (figure,) = [t for t in report(data) if t.figure.key == "appointments"]
    # "k1" from _booked is booked for 3 December too: two still planned, uncounted here.
    assert [row[1] for row in figure.rows] == [Count(3), Count(4)]
