"""Making the report's, the data set's and the case sheet's files from the database.

Shared by the CLI (`python -m bot report|export`) and the staff group (`/bericht`, `/export`):
both get the same bytes. CPU-heavy drawing (charts, the PDF) runs in a worker thread, so a
bot that builds a report keeps answering families meanwhile.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from openpyxl import Workbook

from bot.app import App
from bot.reports.charts import chart_png, chartable
from bot.reports.collect import month_data
from bot.reports.pdf import render_pdf
from bot.reports.tables import CSV_DELIMITER, CSV_ENCODING, csv_text, markdown
from bot.views import case_view
from dialogs.report import dataset
from dialogs.report.casesheet import Note, Refused, case_sheet
from dialogs.report.figures import Table, report
from dialogs.report.month import KREIS_TIME, Month
from storage import Tx, cases, notes, reports

Progress = Callable[[int], None]
Format = Literal["xlsx", "csv"]


@dataclass(frozen=True)
class File:
    name: str
    content: bytes
    caption: str = ""


def report_files(tables: list[Table], month: Month, now: datetime) -> list[File]:
    generated = now.astimezone(KREIS_TIME).strftime("%d.%m.%Y %H:%M")
    stem = f"bericht-{month.key}"
    title = f"Monatsbericht {month.german}"
    files = [
        File(
            f"{stem}.md",
            markdown(tables, month, generated=generated).encode(),
            f"{title}: alle Tabellen (Markdown)",
        ),
        File(f"{stem}.csv", csv_text(tables, month).encode(CSV_ENCODING), f"{title}: CSV"),
    ]
    for table in tables:
        if chartable(table):
            png = chart_png(table, month)
            files.append(
                File(f"{stem}-{table.figure.key}.png", png, f"{title}: {table.figure.title}")
            )
    return files


async def build_report(
    app: App, tx: Tx, month: Month, *, progress: Progress | None = None
) -> list[File]:
    data = await month_data(tx, month, app.kreis, progress=progress)
    tables = report(data)
    return await asyncio.to_thread(report_files, tables, month, app.clock())


class CaseSheetRefused(Exception):
    """No sheet: the case is gone, or its family did not agree (German reason)."""


async def build_case_sheet(app: App, tx: Tx, case_id: int, *, with_notes: bool) -> File:
    """Checked again when made: the family may have erased its data since the request."""
    record = await cases.by_id(tx, case_id)
    if record is None:
        raise CaseSheetRefused(f"Fall #{case_id} gibt es nicht (mehr).")
    view = await case_view(tx, app, record)
    kept = (
        [Note(n.author_name, n.created_at, n.text) for n in await notes.of_case(tx, case_id)]
        if with_notes
        else None
    )
    try:
        sheet = case_sheet(
            view, instrument=app.instrument, kreis=app.kreis, now=app.clock(), notes=kept
        )
    except Refused as exc:
        raise CaseSheetRefused(str(exc)) from exc
    pdf = await asyncio.to_thread(render_pdf, sheet)
    return File(sheet.file_name, pdf, f"Fallblatt Fall #{case_id}")


# --- the data set ---------------------------------------------------------------------------------


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """[since 00:00, the day after `until` 00:00) in Berlin time: `until` is included."""
    start = datetime.combine(since, time(), KREIS_TIME)
    return start, datetime.combine(until + timedelta(days=1), time(), KREIS_TIME)


async def dataset_size(tx: Tx, since: date, until: date) -> int:
    start, end = _bounds(since, until)
    return await reports.count_cases(tx, created_since=start, created_before=end)


class _DatasetWriter:
    """Rows go out as they come: an XLSX in write-only mode streams them to a temporary file,
    so a data set of 100 000 children never sits in memory as a whole."""

    def __init__(self, headers: list[str], fmt: Format) -> None:
        self.fmt = fmt
        if fmt == "csv":
            self.text = io.StringIO()
            self.writer = csv.writer(self.text, delimiter=CSV_DELIMITER, lineterminator="\n")
            self.writer.writerow(headers)
        else:
            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet("Datensatz")
            self.sheet.append(headers)

    def add(self, row: list[dataset.Value]) -> None:
        if self.fmt == "csv":
            self.writer.writerow(
                ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
            )
        else:
            self.sheet.append(row)  # a `date` becomes a date cell

    def finish(self) -> bytes:
        if self.fmt == "csv":
            return self.text.getvalue().encode(CSV_ENCODING)
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


async def build_dataset(
    app: App,
    tx: Tx,
    since: date,
    until: date,
    fmt: Format,
    *,
    personal: bool,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """The file's bytes and how many children (rows) it holds."""
    start, end = _bounds(since, until)
    out = _DatasetWriter(dataset.headers(app.instrument), fmt)
    children = 0
    async for batch in reports.iter_cases(tx, created_since=start, created_before=end):
        for record in batch:
            for row in dataset.child_rows(
                case_id=record.id,
                status=record.status,
                locale=record.locale,
                created_at=record.created_at,
                closed_at=record.closed_at,
                children=record.children,
                override=record.override,
                instrument=app.instrument,
                kreis=app.kreis,
                personal=personal,
            ):
                out.add(row)
                children += 1
        if progress is not None:
            progress(len(batch))
    return await asyncio.to_thread(out.finish), children


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
