"""Flood control (Telegram's broadcast limits) and injected faults."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SEND_METHODS_EXEMPT = frozenset({"sendchataction", "sendmessagedraft", "sendrichmessagedraft"})


def counts_as_message(method: str) -> bool:
    """Whether a call is a message for flood control: every send*, copy* and forward*."""
    key = method.lower()
    if key in SEND_METHODS_EXEMPT:
        return False
    return key.startswith(("send", "copymessage", "forwardmessage"))


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented limits; private chats allow a short burst before ~1/s."""

    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20


class _Window:
    """At most `limit` events in any `span` seconds."""

    def __init__(self, limit: int, span: float) -> None:
        self.limit, self.span = limit, span
        self.times: deque[float] = deque()

    def wait(self, at: float) -> float:
        while self.times and self.times[0] <= at - self.span:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.span - at

    def record(self, at: float) -> None:
        self.times.append(at)


@dataclass
class _Bucket:
    """Token bucket: `burst` messages at once, refilled at `rate` per second."""

    rate: float
    burst: int
    tokens: float = -1.0
    updated: float = 0.0

    def wait(self, at: float) -> float:
        if self.tokens < 0:
            self.tokens, self.updated = float(self.burst), at
        self.tokens = min(self.burst, self.tokens + (at - self.updated) * self.rate)
        self.updated = at
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def record(self, at: float) -> None:
        self.tokens -= 1


class FloodControl:
    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._global = _Window(limits.global_per_second, 1.0)
        self._private: dict[int | str, _Bucket] = {}
        self._groups: dict[int | str, _Window] = {}

    def retry_after(self, chat_id: int | str, private: bool) -> int | None:
        """Seconds the bot must wait (answer 429) or None, in which case the message counts."""
        at = self._clock()
        if private:
            chat: _Bucket | _Window = self._private.setdefault(
                chat_id, _Bucket(self.limits.private_per_second, self.limits.private_burst)
            )
        else:
            chat = self._groups.setdefault(chat_id, _Window(self.limits.group_per_minute, 60.0))
        wait = max(self._global.wait(at), chat.wait(at))
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.record(at)
        chat.record(at)
        return None


@dataclass
class Fault:
    """An injected failure for matching requests; see FakeBotAPI.inject."""

    method: str | None = None
    status: int | None = 429
    retry_after: int = 1
    times: int | None = 3
    chat_id: int | str | None = None
    delay: float = 0.0
    drop: bool = False
    description: str | None = None
    hits: int = field(default=0)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.exhausted:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def error_body(self) -> dict[str, Any]:
        descriptions = {
            400: "Bad Request",
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {self.retry_after}",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        assert self.status is not None
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description or descriptions.get(self.status, "Error"),
        }
        if self.status == 429:
            body["parameters"] = {"retry_after": self.retry_after}
        return body
