"""Bar charts of the report's figures as PNG, readable in a Telegram preview on a phone.

matplotlib's `Figure` drawn by the Agg canvas: no display, no pyplot's global state, so it is
safe in a worker thread; DejaVu Sans, which matplotlib ships, has the
umlauts and the Cyrillic and Arabic letters of language names. Counts hidden as "<3" are drawn
as a hatched stub labelled "<3", never as their true height.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dialogs.report.cells import MIN_COUNT, Count
from dialogs.report.figures import Table
from dialogs.report.month import Month

# A phone shows a preview about 1080 px wide: 6 in × 180 dpi, letters at 12 pt stay legible.
WIDTH_IN, DPI = 6.0, 180
MAX_BARS = 15  # more labels would be unreadable; the table has them all
PALETTE = ("#2b6cb0", "#dd6b20", "#2f855a", "#805ad5", "#c53030")
STUB_COLOR = "#a0aec0"


def chartable(table: Table) -> bool:
    return table.figure.chart and table.recorded and bool(table.rows)


def bars(table: Table) -> list[tuple[tuple[str, ...], Count]]:
    """(labels, count) per row: the row's text cells, its first count."""
    result = []
    for row in table.rows:
        labels = tuple(c for c in row if isinstance(c, str))
        counts = [c for c in row if isinstance(c, Count)]
        if counts:
            result.append((labels, counts[0]))
    return result


def _value_label(table: Table) -> str:
    row = table.rows[0]
    index = next(i for i, c in enumerate(row) if isinstance(c, Count))
    return table.figure.columns[index]


def _draw(ax: Any, y: float, count: Count, height: float, color: str) -> None:
    shown = MIN_COUNT - 1 if count.suppressed else count.n
    bar = ax.barh(y, shown, height=height, color=STUB_COLOR if count.suppressed else color)[0]
    if count.suppressed:
        bar.set_hatch("///")
    ax.annotate(
        count.text(),
        (shown, y),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=10,
    )


def chart_png(table: Table, month: Month) -> bytes:
    """One bar per row; rows with two labels (municipality · stage) as groups of bars, the
    second label in the legend, so a long list stays readable on a phone."""
    data = bars(table)
    grouped = all(len(labels) == 2 for labels, _c in data)
    groups = list(dict.fromkeys(labels[0] for labels, _c in data))[:MAX_BARS]
    series = list(dict.fromkeys(labels[-1] for labels, _c in data)) if grouped else [""]
    per_group = len(series) if grouped else 1
    height_in = max(3.0, 1.5 + 0.32 * len(groups) * max(per_group, 1.5))
    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    slot = 0.8 / per_group
    highest = 1
    for labels, count in data:
        if labels[0] not in groups:
            continue
        i = len(groups) - 1 - groups.index(labels[0])  # first group at the top
        j = series.index(labels[-1]) if grouped else 0
        y = i + 0.4 - slot * (j + 0.5) if grouped else i
        _draw(ax, y, count, slot * 0.9, PALETTE[j % len(PALETTE)])
        highest = max(highest, count.n if not count.suppressed else MIN_COUNT - 1)
    ax.set_yticks(range(len(groups)), [_wrap(g) for g in groups][::-1], fontsize=10)
    if grouped:
        handles = [
            Patch(color=PALETTE[j % len(PALETTE)], label=name) for j, name in enumerate(series)
        ]
        # One row under the title, so it never covers a bar.
        fig.legend(
            handles=handles,
            fontsize=8.5,
            loc="upper left",
            bbox_to_anchor=(0.01, 1 - 0.62 / height_in),
            ncol=len(series),
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
        )
    fig.suptitle(f"{table.figure.title}\n{month.german}", x=0.02, ha="left", fontsize=12)
    ax.set_xlabel(_value_label(table), fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, highest * 1.18 + 0.5)
    ax.set_ylim(-0.6, len(groups) - 0.4)
    if len(data) > len([1 for labels, _c in data if labels[0] in groups]):
        ax.annotate(
            "… weitere in der Tabelle", (0, 0), xycoords="figure fraction", xytext=(6, 4),
            textcoords="offset points", fontsize=8,
        )  # fmt: skip
    # Margins from the longest label instead of tight_layout(), which draws the chart once
    # more to measure it (a third of the time of a chart).
    longest = max((len(line) for g in groups for line in _wrap(g).split("\n")), default=4)
    fig.subplots_adjust(
        left=min(0.5, (0.25 + 0.085 * longest) / WIDTH_IN),
        right=0.97,
        top=1 - (1.0 if grouped else 0.75) / height_in,
        bottom=0.55 / height_in,
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _wrap(label: str, width: int = 24) -> str:
    """Long labels on two lines: the bars keep most of a phone's width."""
    lines = textwrap.wrap(label, width, max_lines=2, placeholder="…", break_long_words=False)
    return "\n".join(lines) or label
