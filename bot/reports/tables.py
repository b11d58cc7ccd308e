"""The monthly report's tables as Markdown and as CSV text (from `dialogs.report.figures`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from dialogs.report.cells import MIN_COUNT, NONE, Cell, Count, cell_text
from dialogs.report.figures import NOT_RECORDED, Table
from dialogs.report.month import Month

# German spreadsheet programs split CSV on ";" and read UTF-8 only with a byte-order mark.
CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(tables: Sequence[Table], month: Month, *, generated: str) -> str:
    out = [
        f"# Monatsbericht {month.german}",
        "",
        f"Erstellt {generated}. Keine personenbezogenen Daten: Zahlen unter {MIN_COUNT} "
        f"erscheinen als „<{MIN_COUNT}“, Mediane über weniger als {MIN_COUNT} Fälle als „{NONE}“.",
    ]
    notes: list[str] = []  # each distinct footnote once

    def mark(note: str) -> str:
        if note not in notes:
            notes.append(note)
        return f"[^{notes.index(note) + 1}]"

    section = None
    for table in tables:
        figure = table.figure
        if figure.section != section:
            section = figure.section
            out += ["", f"## {section}"]
        marks = [mark(NOT_RECORDED)] if not table.recorded else []
        if figure.note:
            marks.append(mark(figure.note))
        out += ["", f"### {figure.title}{''.join(marks)}", ""]
        columns = [c or " " for c in figure.columns]
        rows = table.rows or _placeholder(table)
        out.append("| " + " | ".join(columns) + " |")
        # Labels left, numbers right.
        out.append("|" + "|".join("---" if isinstance(c, str) else "---:" for c in rows[0]) + "|")
        for row in rows:
            out.append("| " + " | ".join(_escape(cell_text(c)) for c in row) + " |")
    out.append("")
    out += [f"[^{i}]: {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(out) + "\n"


def _placeholder(table: Table) -> tuple[tuple[Cell, ...], ...]:
    """What an empty table shows: its known row labels with "—" when nothing is recorded yet,
    else one row "keine"."""
    width = len(table.figure.columns)
    if table.recorded:
        return (("keine", *[Count(0)] * (width - 1)),)
    labels = table.figure.placeholder_rows or (NONE,)
    return tuple((label, *[NONE] * (width - 1)) for label in labels)


def csv_text(tables: Sequence[Table], month: Month) -> str:
    """Long format: one line per table row; groups in up to two columns, then the value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\n")
    writer.writerow(["Monat", "Kennzahl", "Titel", "Gruppe", "Untergruppe", "Spalte", "Wert"])
    for table in tables:
        figure = table.figure
        if not table.recorded:
            writer.writerow([month.key, figure.key, figure.title, "", "", "", NOT_RECORDED])
            continue
        for row in table.rows:
            labels = [
                cell_text(c)
                for c, col in zip(row, figure.columns, strict=True)
                if isinstance(c, str)
            ]
            values = [
                (col, cell_text(c))
                for c, col in zip(row, figure.columns, strict=True)
                if not isinstance(c, str)
            ]
            group = labels[0] if labels else ""
            sub = labels[1] if len(labels) > 1 else ""
            for column, value in values:
                writer.writerow([month.key, figure.key, figure.title, group, sub, column, value])
    return buffer.getvalue()
