"""Which cases wait, in which order, and when the group is reminded (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dialogs.kreis import WeeklyHours


@dataclass(frozen=True)
class QueuedCase:
    case_id: int
    status: str  # open | claimed
    created_at: datetime
    locale: str
    claimed_by_name: str | None = None
    reminded_at: datetime | None = None


def waiting(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} Min."
    hours = minutes // 60
    if hours < 48:
        return f"{hours} Std."
    return f"{hours // 24} Tage"


def ordered(cases: Sequence[QueuedCase]) -> list[QueuedCase]:
    """Unclaimed first, each group oldest first: the longest wait is at the top."""
    return sorted(cases, key=lambda c: (c.status != "open", c.created_at))


def queue_text(cases: Sequence[QueuedCase], now: datetime) -> str:
    if not cases:
        return "📭 Keine offenen Fälle."
    lines = ["📋 Offene Fälle (unübernommen zuerst):"]
    for case in ordered(cases):
        who = f"bei {case.claimed_by_name}" if case.status == "claimed" else "⚠️ frei"
        lines.append(
            f"• #{case.case_id} · {case.locale} · wartet {waiting(case.created_at, now)} · {who}"
        )
    return "\n".join(lines)


def due_for_reminder(
    cases: Sequence[QueuedCase], now: datetime, *, after: timedelta, hours: WeeklyHours
) -> list[QueuedCase]:
    """Unclaimed cases older than `after`, not reminded within `after`, during office hours."""
    if not hours.is_open(now):
        return []
    due = []
    for case in cases:
        if case.status != "open" or now - case.created_at < after:
            continue
        if case.reminded_at is not None and now - case.reminded_at < after:
            continue
        due.append(case)
    return ordered(due)


def reminder_text(cases: Sequence[QueuedCase], now: datetime) -> str:
    listed = ", ".join(f"#{c.case_id} ({waiting(c.created_at, now)})" for c in cases)
    return f"⏰ Noch nicht übernommen: {listed}. Bitte im jeweiligen Thema auf „Übernehmen“ tippen."
