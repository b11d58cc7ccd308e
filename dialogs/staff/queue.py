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


# From this many minutes of waiting messages on, the queue says the group is behind.
BEHIND_MINUTES = 2


def backlog_line(minutes: int) -> str | None:
    """The staff group's own queue (Telegram's 20 messages a minute): when it is behind, the
    team sees new cards and family messages that much later."""
    if minutes < BEHIND_MINUTES:
        return None
    return (
        f"⏳ Die Gruppe ist im Rückstand: Nachrichten für etwa {minutes} Minuten warten auf "
        "Telegram (20 pro Minute). Neue Fälle kommen zuerst."
    )


def queue_text(cases: Sequence[QueuedCase], now: datetime, backlog_minutes: int = 0) -> str:
    behind = backlog_line(backlog_minutes)
    if not cases:
        return "\n".join(filter(None, ["📭 Keine offenen Fälle.", behind]))
    lines = ["📋 Offene Fälle (unübernommen zuerst):"]
    for case in ordered(cases):
        who = f"bei {case.claimed_by_name}" if case.status == "claimed" else "⚠️ frei"
        lines.append(
            f"• #{case.case_id} · {case.locale} · wartet {waiting(case.created_at, now)} · {who}"
        )
    if behind:
        lines.append(behind)
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
