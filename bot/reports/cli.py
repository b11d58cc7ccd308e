"""`python -m bot report` and `python -m bot export`: files for the KI, paths on stdout.

Errors go to stderr with exit status 2 (as `assess` does); a progress bar on stderr shows how
many cases have been read (tqdm: one small pure-Python dependency, it writes to stderr and
turns itself off when stderr is no terminal, so scripts and tests see clean output).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.app import App, build_app
from bot.config import Settings
from dialogs.report.month import Month, MonthError
from storage import audit


class UsageError(Exception):
    """Bad arguments or a refused export; the message is for the person at the terminal."""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="the monthly report: Markdown, CSV and PNG charts")
    report.add_argument("--month", required=True, help="e.g. 2026-10 (Europe/Berlin)")
    report.add_argument("--out", type=Path, default=Path("."), help="folder for the files")
    export = sub.add_parser(
        "export", help="a case sheet (--case N, PDF) or the data set (--from … --to …)"
    )
    export.add_argument("--case", type=int, help="the case number: its case sheet as PDF")
    export.add_argument("--notes", action="store_true", help="with the counsellors' notes")
    export.add_argument("--from", dest="since", type=_day, help="first day, e.g. 2026-08-01")
    export.add_argument("--to", dest="until", type=_day, help="last day, e.g. 2026-10-31")
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument(
        "--personal",
        action="store_true",
        help="fill personal columns (only for children whose family agreed to passing data on)",
    )
    # Kept as text: Path("out/") forgets the slash that says "a folder".
    export.add_argument("--out", default=".", help="a file, or a folder (existing, or ending in /)")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-08-01") from exc


def _target(out: str, default_name: str) -> Path:
    path = Path(out)
    return path / default_name if path.is_dir() or out.endswith(("/", "\\")) else path


def _bar(total: int, what: str) -> Any:
    from tqdm import tqdm  # only a long CLI run shows a bar

    return tqdm(total=total, unit=" Fälle", desc=what, file=sys.stderr, disable=None, leave=False)


async def _report(app: App, args: argparse.Namespace) -> list[Path]:
    from bot.reports.building import build_report, write
    from bot.reports.collect import month_size

    try:
        month = Month.parse(args.month)
    except MonthError as exc:
        raise UsageError(str(exc)) from exc
    async with app.db.transaction() as tx:
        with _bar(await month_size(tx, month), f"Bericht {month.key}") as bar:
            files = await build_report(app, tx, month, progress=bar.update)
        await audit.record(tx, action="report", detail=f"{month.key} cli")
    return [write(args.out / f.name, f.content) for f in files]


async def _export(app: App, args: argparse.Namespace) -> list[Path]:
    from bot.reports.building import (
        CaseSheetRefused,
        build_case_sheet,
        build_dataset,
        dataset_size,
        write,
    )

    if args.case is not None:
        if args.since or args.until:
            raise UsageError("--case and --from/--to exclude each other")
        async with app.db.transaction() as tx:
            try:
                file = await build_case_sheet(app, tx, args.case, with_notes=args.notes)
            except CaseSheetRefused as exc:
                raise UsageError(str(exc)) from exc
            detail = "cli mit Notizen" if args.notes else "cli"
            await audit.record(tx, action="export_case_sheet", case_id=args.case, detail=detail)
        return [write(_target(args.out, file.name), file.content)]
    if args.since is None or args.until is None:
        raise UsageError("give --case N, or --from and --to")
    if args.since > args.until:
        raise UsageError("--from is after --to")
    if app.instrument.export is None:
        raise UsageError("the instrument has no export section (instrument.yaml: export)")
    name = f"datensatz-{args.since.isoformat()}-{args.until.isoformat()}.{args.format}"
    async with app.db.transaction() as tx:
        with _bar(await dataset_size(tx, args.since, args.until), "Datensatz") as bar:
            content, children = await build_dataset(
                app,
                tx,
                args.since,
                args.until,
                args.format,
                personal=args.personal,
                progress=bar.update,
            )
        # Who asked is not known on the command line; what and how much is.
        detail = (
            f"{args.since.isoformat()}..{args.until.isoformat()} {args.format} "
            f"{children} Kinder{' personenbezogen' if args.personal else ''}"
        )
        await audit.record(tx, action="export_dataset", detail=detail)
    return [write(_target(args.out, name), content)]


def _run(
    settings: Settings, args: argparse.Namespace, job: Callable[..., Awaitable[list[Path]]]
) -> int:
    async def run() -> list[Path]:
        app = await build_app(settings)
        try:
            return await job(app, args)
        finally:
            await app.db.close()

    try:
        paths = asyncio.run(run())
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args, _report)


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args, _export)
