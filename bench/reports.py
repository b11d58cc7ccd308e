"""The monthly report, the data set, the queue and a case lookup on 100 000 generated cases.

    python -m bench.reports [--cases N] [--runs R] [--postgres] [--skip-sqlite]

The population (tests/support/population.py) spreads N cases over three years; cases older
than 60 days are closed, as in a Kreis after a few years. Children's answers and estimates
are encrypted as the bot stores them, so every report and data-set row pays its decryption.
Each figure is the median of R runs, each in a fresh transaction. Then the indexes of
migration 0005 are dropped and the report's queries are timed again, to show what they buy.
Targets (issue 12): report < 2 s; queue listing and case lookup < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from bench.measure import median
from bench.scenarios import POSTGRES_URL, _create_schema, _drop_schema, postgres_reachable
from bot.desks.staff import StaffDesk
from bot.reports.building import build_dataset, build_report
from bot.reports.collect import month_data
from bot.views import case_view
from dialogs.report.figures import report
from dialogs.report.month import Month
from dialogs.staff.queue import queue_text
from storage import cases, crypto
from storage.db import Database
from tests.support.apps import app_on
from tests.support.env import TEST_KEY
from tests.support.population import STAFF_CHAT, generate, insert_population, topic_of

START = datetime(2023, 11, 1, tzinfo=UTC)
DAYS = 3 * 365  # to 31 October 2026
MONTH = Month(2026, 9)
INDEXES = (
    ("ix_cases_created_at", "cases", "created_at"),
    ("ix_cases_closed_at", "cases", "closed_at"),
    ("ix_audit_log_action_at", "audit_log", "action, at"),
)


async def timed(runs: int, job: Callable[[], Awaitable[object]]) -> float:
    """Median seconds of `runs` runs."""
    seconds = []
    for _run in range(runs):
        began = time.perf_counter()
        await job()
        seconds.append(time.perf_counter() - began)
    return median(seconds)


async def measure(db: Database, n: int, runs: int) -> dict[str, float | int]:
    began = time.perf_counter()
    population = generate(n, seed=2026, start=START, days=DAYS, settle_after_days=60)
    await insert_population(db, population)
    seeded = time.perf_counter() - began
    app = app_on(db)
    results: dict[str, float | int] = {"seed s": seeded}
    async with db.transaction() as tx:
        data = await month_data(tx, MONTH, app.kreis)
        results["cases read for the month"] = len(data.cases)
        results["open cases"] = len(await cases.queue(tx))

    async def figures_only() -> None:
        async with db.transaction() as tx:
            report(await month_data(tx, MONTH, app.kreis))

    async def with_files() -> None:
        async with db.transaction() as tx:
            await build_report(app, tx, MONTH)

    async def data_set(fmt: str, since: date, until: date) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            async with db.transaction() as tx:
                _content, children = await build_dataset(
                    app,
                    tx,
                    since,
                    until,
                    fmt,
                    personal=True,  # type: ignore[arg-type]
                )
                results[f"children in data set {since}..{until}"] = children

        return job

    desk = StaffDesk(app)

    async def queue() -> None:
        """What /queue does: the open cases with their counsellors' names, as text."""
        async with db.transaction() as tx:
            queue_text(await desk.queue(tx, STAFF_CHAT), datetime.now(UTC))

    async def lookup() -> None:
        async with db.transaction() as tx:
            record = await cases.by_topic(tx, STAFF_CHAT, topic_of(n // 2))
            assert record is not None
            await case_view(tx, app, record)

    await with_files()  # matplotlib's first import and font cache are not the report's cost
    results["report: figures s"] = await timed(runs, figures_only)
    results["report: figures + files (Markdown, CSV, charts) s"] = await timed(runs, with_files)
    quarter = await data_set("xlsx", date(2026, 8, 1), date(2026, 10, 31))
    results["data set 3 months, XLSX s"] = await timed(runs, quarter)
    whole = await data_set("csv", date(2023, 11, 1), date(2026, 10, 31))
    results["data set all cases, CSV s"] = await timed(1, whole)
    whole_xlsx = await data_set("xlsx", date(2023, 11, 1), date(2026, 10, 31))
    results["data set all cases, XLSX s"] = await timed(1, whole_xlsx)
    results["queue listing ms"] = 1000 * await timed(runs * 3, queue)
    results["case lookup (topic → case view) ms"] = 1000 * await timed(runs * 3, lookup)
    async with db.transaction() as tx:
        for name, _table, _columns in INDEXES:
            await tx.execute(text(f"DROP INDEX {name}"))
    results["report: figures, without 0005's indexes s"] = await timed(runs, figures_only)
    async with db.transaction() as tx:
        for name, table, columns in INDEXES:
            await tx.execute(text(f"CREATE INDEX {name} ON {table} ({columns})"))
    return results


async def on_sqlite(n: int, runs: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}")
        await db.migrate()
        try:
            return await measure(db, n, runs)
        finally:
            await db.close()


async def on_postgres(n: int, runs: int, url: str) -> dict[str, float | int]:
    schema = await _create_schema(url)
    db = Database(url, schema=schema)
    try:
        await db.migrate()
        return await measure(db, n, runs)
    finally:
        await db.close()
        await _drop_schema(url, schema)


def table(results: dict[str, dict[str, float | int]]) -> str:
    names = list(results)
    rows = [f"| measure | {' | '.join(names)} |", "|---|" + "---:|" * len(names)]
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    for key in keys:
        cells = []
        for name in names:
            value = results[name].get(key)
            cells.append(
                "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
            )
        rows.append(f"| {key} | {' | '.join(cells)} |")
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reports")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args()
    crypto.configure(TEST_KEY)
    results: dict[str, dict[str, float | int]] = {}
    if not args.skip_sqlite:
        results["SQLite"] = await on_sqlite(args.cases, args.runs)
    if args.postgres:
        reason = await postgres_reachable(args.postgres_url)
        if reason:
            print(f"PostgreSQL skipped: {reason}")
        else:
            results["PostgreSQL"] = await on_postgres(args.cases, args.runs, args.postgres_url)
    print(f"{args.cases} cases, month {MONTH.key}, median of {args.runs} runs\n")
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())
