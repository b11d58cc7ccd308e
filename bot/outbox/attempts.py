"""What became of one try to deliver an outbox row (the worker records it afterwards)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.outbox import items


@dataclass(frozen=True)
class Sent:
    chat_id: int  # resolved (the staff placeholder replaced)
    item: items.OutboxItem
    result: int | None  # the topic or message id Telegram gave


@dataclass(frozen=True)
class Retry:
    seconds: float
    reason: str
    alert: str | None = None  # for the staff group's General topic, German
    alert_to: int = items.STAFF_CHAT  # that staff group (the default one, or the topic's)


@dataclass(frozen=True)
class Refused:
    """Telegram refused for good (or the row is unreadable): recorded, never retried."""

    reason: str
    alert: str | None = None  # for the staff group's General topic, German
    alert_to: int = items.STAFF_CHAT  # that staff group (the default one, or the topic's)
    # Tried again in the topic deletions' own line: a deletion queued in the staff group's
    # line before it had one, which must not hold that line back while it waits for a right.
    requeue: items.DeleteTopic | None = None


@dataclass(frozen=True)
class Released:
    """Not tried: an earlier row of the same chat failed, so the worker keeps the order."""


Attempt = Sent | Retry | Refused | Released
