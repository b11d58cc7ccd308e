"""The case sheet as the school receives it: text read back from the PDF, the first page
rendered to PNG, consent and notes respected."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bot.reports.building import CaseSheetRefused, build_case_sheet
from storage import cases, notes
from storage.db import Database
from storage.models import utcnow
from tests.support.apps import app_on
from tests.support.tools import require_tool


def child(name: str, latin: str | None, consent: bool | None, **more: Any) -> dict[str, Any]:
    answers = {
        "first_name": name,
        "birth_date": "2014-05-02",
        "country_of_origin": "SY",
        "lives_in": "municipality",
        "municipality": "duelmen",
        "home_languages": ["ar"],
        "literacy": "other_script",
        "german": "none",
        "share_consent": consent,
        **more,
    }
    if latin:
        answers["first_name_latin"] = latin
    assessment = {
        "stage": "secondary_1",
        "school_obligation": "yes",
        "support": ["german_support", "latin_script"],
        "placing_authority": "schulamt",
        "grade_band": "6–7",
        "reasons": ["sp.who", "neu.goal"],
        "age": 12,
        "explanation": "Mit 12 Jahren gehört das Kind in die Sekundarstufe I.",
        "input": {"on": "2026-10-05"},
    }
    return {"answers": answers, "assessment": assessment}


async def make_case(database: Database, children: list[dict[str, Any]]) -> int:
    async with database.transaction() as tx:
        record = await cases.create(
            tx,
            family_id=None,
            locale="ar",
            municipality="Dülmen",
            age=12,
            children=children,
            now=utcnow(),
        )
        await cases.update_fields(
            tx,
            record.id,
            override={"1": {"stage": "primary", "reason": "Zeugnis Klasse 4", "by": "Anna",
                            "at": "06.10.2026"}},
        )  # fmt: skip
        await notes.add(
            tx, case_id=record.id, author_id=1, author_name="Anna", text="Vater spricht Englisch."
        )
    return record.id


async def sheet_text(database: Database, case_id: int, *, with_notes: bool) -> tuple[bytes, str]:
    app = app_on(database, clock=lambda: datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    async with database.transaction() as tx:
        file = await build_case_sheet(app, tx, case_id, with_notes=with_notes)
    assert file.name == f"fallblatt-{case_id}.pdf" and file.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(file.content))
    return file.content, "\n".join(page.extract_text() for page in reader.pages)


async def test_names_in_their_own_script_beside_the_latin_spelling(
    database: Database, tmp_path: Path
) -> None:
    case_id = await make_case(
        database,
        [
            child("أمينة", "Amina", True, special_needs="yes"),
            child("Олександр", "Oleksandr", True),
            child("Zaid", None, False),
        ],
    )
    pdf, text = await sheet_text(database, case_id, with_notes=True)
    # Arabic is stored in logical order, joined by shaping: extraction gives the name as typed.
    assert "أمينة" in text and "Amina" in text
    assert "Олександр" in text and "Oleksandr" in text
    assert "Zaid" not in text and "Kind 3: keine Zustimmung zur Weitergabe" in text
    assert "Besonderer Unterstützungsbedarf" not in text  # health data never leaves
    assert "Sekundarstufe I, Klasse 6–7" in text and "sp.who" in text and "neu.goal" in text
    assert "Korrektur durch die Beratung" in text and "Zeugnis Klasse 4" in text
    assert "Anna am 06.10.2026" in text
    assert "Vater spricht Englisch." in text

    # The first page as a picture (looked at by eye when the layout changed).
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    png = await asyncio.to_thread(first_page_png, pdftoppm, pdf, tmp_path)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def first_page_png(pdftoppm: str, pdf: bytes, folder: Path) -> bytes:
    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "sheet.pdf", "page"],
        cwd=folder,
        check=True,
        timeout=60,
    )
    return next(folder.glob("page*.png")).read_bytes()


async def test_notes_only_when_asked_for(database: Database) -> None:
    case_id = await make_case(database, [child("Amira", None, True)])
    _pdf, text = await sheet_text(database, case_id, with_notes=False)
    assert "Amira" in text and "Vater spricht Englisch." not in text


async def test_no_sheet_without_consent(database: Database) -> None:
    case_id = await make_case(database, [child("Amira", None, None), child("Omar", None, False)])
    app = app_on(database)
    async with database.transaction() as tx:
        with pytest.raises(CaseSheetRefused, match="nicht zugestimmt"):
            await build_case_sheet(app, tx, case_id, with_notes=False)
        with pytest.raises(CaseSheetRefused, match="gibt es nicht"):
            await build_case_sheet(app, tx, case_id + 100, with_notes=False)
