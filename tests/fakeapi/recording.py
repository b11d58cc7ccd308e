"""The record of every request the bot made, and helpers to wait for requests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .spec import Upload


@dataclass
class Call:
    """One request: params decoded by their spec types (JSON values parsed).

    `files` holds uploads by parameter name ("photo") or, for attachments referenced from
    inside JSON (media groups), by multipart part name. status/response are filled in when
    the answer is sent; status stays None while a long poll is still waiting.
    """

    method: str
    params: dict[str, Any]
    files: dict[str, Upload]
    at: float
    status: int | None = None
    response: dict[str, Any] | None = None
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    def __str__(self) -> str:
        params = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(params) > 160:
            params = params[:157] + "..."
        answer = "pending" if self.status is None else str(self.status)
        if self.response and not self.response.get("ok"):
            answer += f" {self.response.get('description')}"
        return f"{self.method}({params}) -> {answer}"


CallPredicate = Callable[[Call], bool]


class RecordingMixin:
    """Call log of FakeBotAPI: `calls`, `violations` and the waiting helpers.

    Waiting is driven by the fake's own events (a request arrives, a request is answered, an
    update is pushed): every waiter re-checks its condition exactly then, never on a timer.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self._changed = asyncio.Event()
        self._listeners: list[Callable[[], None]] = []
        self._in_flight = 0

    # Called by the server when a request arrives or is answered, and by pushes.
    def _touch(self) -> None:
        self._changed.set()
        # Waiters hold the old event; a fresh one makes each see exactly one wakeup.
        self._changed = asyncio.Event()
        for listener in self._listeners:
            listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever a request arrives or is answered, or an update is pushed."""
        self._listeners.append(listener)

    @property
    def in_flight(self) -> int:
        """Requests still being answered (long polls for updates do not count)."""
        return self._in_flight

    def requests_in_flight(self) -> list[Call]:
        return [c for c in self.calls if c.status is None and c.method.lower() != "getupdates"]

    def mark(self) -> int:
        """Position in `calls`; pass as `since=` to wait only for later requests."""
        return len(self.calls)

    def calls_to(self, method: str, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method.lower() == method.lower()]

    def assert_no_violations(self) -> None:
        if self.violations:
            listing = "\n  ".join(self.violations)
            raise AssertionError(f"{len(self.violations)} Bot API violation(s):\n  {listing}")

    def describe_recent(self, count: int = 15) -> str:
        recent = self.calls[-count:]
        return "\n  ".join(str(c) for c in recent) or "(no requests at all)"

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the whole wait, not one call
    ) -> bool:
        """Wait until `condition()` holds; False if it still does not after `timeout`.

        The condition is checked now and after every change the fake sees, which are the
        only moments anything the bot did can become visible here.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed  # taken before the check: no change slips through
            if condition():
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def wait_for(
        self,
        method: str | None,
        predicate: CallPredicate | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the whole wait, not one call
        count: int = 1,
        since: int = 0,
    ) -> list[Call]:
        """Wait until at least `count` calls to `method` (any if None) match `predicate`.

        Counts calls from `since` (default: all calls so far) and returns all that match.
        A call matches from the moment it arrives; its answer may still be pending.
        """

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls[since:]
                if (method is None or c.method.lower() == method.lower())
                and (predicate is None or predicate(c))
            ]

        if not await self.wait_until(lambda: len(matching()) >= count, timeout):
            raise AssertionError(
                f"timed out after {timeout}s waiting for {count} x {method or 'any method'}"
                f" (found {len(matching())}); recent requests:\n  {self.describe_recent()}"
            )
        return matching()
