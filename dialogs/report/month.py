"""A report month: parsed from "2026-10", bounded in the Kreis's time (Europe/Berlin)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# The KI counts months as its staff live them: a case opened at 00:30 on 1 November in Berlin
# belongs to November, although it is still 31 October in UTC.
KREIS_TIME = ZoneInfo("Europe/Berlin")
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthError(ValueError):
    """Not a month; the message says how to write one (German, for staff and the CLI)."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise MonthError(f"„{text.strip()}“ ist kein Monat: bitte so schreiben: 2026-10")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, moment: datetime) -> Month:
        local = moment.astimezone(KREIS_TIME)
        return cls(local.year, local.month)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def start(self) -> datetime:
        """The first instant of the month in Berlin, as UTC."""
        return datetime.combine(self.first_day, time(), KREIS_TIME).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        return self.next().start

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def german(self) -> str:
        return f"{MONTHS_DE[self.month - 1]} {self.year}"


def local_date(moment: datetime) -> date:
    return moment.astimezone(KREIS_TIME).date()
