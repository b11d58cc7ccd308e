"""`python -m bot report` and `python -m bot export` as a person runs them: real processes,
paths on stdout, errors on stderr with exit status 2, every export in the audit log."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.db import Database
from storage.models import AuditEntry
from tests.bot.test_cli import run_bot
from tests.support.population import generate, insert_population


def seed(folder: Path) -> dict[str, str]:
    url = f"sqlite+aiosqlite:///{folder / 'cli.sqlite3'}"

    async def run() -> None:
        db = Database(url)
        await db.migrate()
        await insert_population(
            db, generate(150, seed=11, start=datetime(2026, 8, 1, tzinfo=UTC), days=100)
        )
        await db.close()

    asyncio.run(run())
    return {"DATABASE_URL": url, "LOG_LEVEL": "WARNING"}


def audit_actions(env: dict[str, str]) -> list[tuple[str, str | None]]:
    async def run() -> list[tuple[str, str | None]]:
        db = Database(env["DATABASE_URL"])
        async with db.transaction() as tx:
            rows = await tx.execute(
                select(AuditEntry.action, AuditEntry.detail).where(
                    AuditEntry.action.in_(("report", "export_case_sheet", "export_dataset"))
                )
            )
            result = [(a, d) for a, d in rows]
        await db.close()
        return result

    return asyncio.run(run())


@pytest.mark.slow  # seconds of real pacing or subprocesses
def test_report_writes_its_files_and_prints_their_paths(tmp_path: Path) -> None:
    env = seed(tmp_path)
    out = tmp_path / "bericht"
    result = run_bot("report", "--month", "2026-10", "--out", str(out), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert {p.name for p in paths} >= {"bericht-2026-10.md", "bericht-2026-10.csv"}
    assert all(p.exists() and p.parent == out for p in paths)
    assert any(p.suffix == ".png" for p in paths)
    assert "# Monatsbericht Oktober 2026" in (out / "bericht-2026-10.md").read_text()
    assert ("report", "2026-10 cli") in audit_actions(env)

    bad = run_bot("report", "--month", "2026-13", cwd=tmp_path, env=env)
    assert bad.returncode == 2 and "2026-10" in bad.stderr and bad.stdout == ""


@pytest.mark.slow  # seconds of real pacing or subprocesses
def test_export_data_set_and_case_sheet(tmp_path: Path) -> None:
    env = seed(tmp_path)
    result = run_bot(
        "export", "--from", "2026-08-01", "--to", "2026-10-31", "--format", "xlsx",
        "--out", str(tmp_path / "daten.xlsx"), cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "daten.xlsx")
    sheet = load_workbook(tmp_path / "daten.xlsx").active
    assert sheet is not None and sheet["A1"].value == "Fall-Nr." and sheet.max_row > 50

    # Default name in the working directory; a case whose family agreed gets a sheet.
    cases = generate(150, seed=11, start=datetime(2026, 8, 1, tzinfo=UTC), days=100)
    agreed = next(c for c in cases if c.children and all(k.consent for k in c.children[:1]))
    refused = next(c for c in cases if c.children and not any(k.consent for k in c.children))
    ok = run_bot("export", "--case", str(agreed.id), "--notes", cwd=tmp_path, env=env)
    assert ok.returncode == 0, ok.stderr
    assert Path(ok.stdout.strip()) == Path(f"fallblatt-{agreed.id}.pdf")
    assert (tmp_path / f"fallblatt-{agreed.id}.pdf").read_bytes().startswith(b"%PDF")
    no = run_bot("export", "--case", str(refused.id), cwd=tmp_path, env=env)
    assert no.returncode == 2 and "nicht zugestimmt" in no.stderr and no.stdout == ""

    actions = audit_actions(env)
    assert ("export_case_sheet", "cli mit Notizen") in actions
    assert any(
        a == "export_dataset" and d and d.startswith("2026-08-01..2026-10-31 xlsx")
        for a, d in actions
    )

    for args, message in (
        (("export",), "--case N"),
        (("export", "--from", "2026-10-31", "--to", "2026-08-01"), "after"),
        (("export", "--case", "1", "--from", "2026-08-01", "--to", "2026-08-02"), "exclude"),
    ):
        bad = run_bot(*args, cwd=tmp_path, env=env)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr
