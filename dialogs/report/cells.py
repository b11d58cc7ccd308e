"""The values in a report's tables, and how small numbers are hidden.

A count of one or two children in a municipality, a language and an age band can point at
one family, so every count below `MIN_COUNT` is shown as "<3", and a median over fewer than
`MIN_COUNT` cases is not shown at all. Zero stays zero: it names nobody.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_COUNT = 3
SMALL = "<3"
NONE = "—"


@dataclass(frozen=True)
class Count:
    n: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.n < MIN_COUNT

    def text(self) -> str:
        return SMALL if self.suppressed else str(self.n)


@dataclass(frozen=True)
class Median:
    """The median of `n` durations in `unit` (None when there are none)."""

    value: float | None
    n: int
    unit: str

    @classmethod
    def of(cls, values: Sequence[float], unit: str) -> Median:
        return cls(statistics.median(values) if values else None, len(values), unit)

    @property
    def shown(self) -> bool:
        return self.value is not None and self.n >= MIN_COUNT

    def text(self) -> str:
        if not self.shown:
            return NONE
        assert self.value is not None
        return f"{self.value:.1f}".replace(".", ",") + f" {self.unit}"


Cell = str | Count | Median


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.text()
