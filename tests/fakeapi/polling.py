"""The pending-update queue behind getUpdates, with Telegram's long-polling semantics."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .updates import update_kind

# Telegram's default when allowed_updates was never set: everything except these three.
_OPT_IN_ONLY = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class _Queued:
    update: dict[str, Any]
    seen: bool = False  # a poll returned it: the next offset past it confirms it


class UpdateQueue:
    def __init__(self) -> None:
        self._pending: list[_Queued] = []
        self._last_id = 0
        self._allowed: frozenset[str] | None = None  # None = Telegram's default set
        self._wakeup = asyncio.Event()
        self._poll_seq = 0
        self._closed = False
        self.dropped: list[dict[str, Any]] = []
        # Every update the bot is going to get, in push order (one pushed twice is here
        # twice); `discarded` are those that drop_pending_updates threw away before that.
        self.accepted: list[int] = []
        self.discarded: list[int] = []

    @property
    def pending(self) -> list[dict[str, Any]]:
        return [q.update for q in self._pending]

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def allows(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in _OPT_IN_ONLY
        return kind in self._allowed

    def push(self, upd: dict[str, Any]) -> dict[str, Any]:
        """Queue an update; like Telegram, types outside allowed_updates are never created.

        An update pushed again with its old id is delivered again, as Telegram does when the
        bot's confirmation (the next offset) never reached it.
        """
        if "update_id" not in upd:
            upd = {"update_id": self.next_id(), **upd}
        self._last_id = max(self._last_id, upd["update_id"])
        if self.allows(update_kind(upd)):
            self._pending.append(_Queued(upd))
            self.accepted.append(upd["update_id"])
            self._wake()
        else:
            self.dropped.append(upd)
        return upd

    def drop_pending(self) -> None:
        self.discarded += [q.update["update_id"] for q in self._pending]
        self._pending.clear()

    def close(self) -> None:
        """Answer every waiting long poll now (server shutdown)."""
        self._closed = True
        self._wake()

    def _wake(self) -> None:
        # Waiters hold the old event; swapping lets every one of them see exactly one wakeup.
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset:
            # Only what a poll returned is confirmed: an update queued since, even with an
            # older id (see push), has not reached the bot yet.
            self._pending = [
                q for q in self._pending if q.update["update_id"] >= offset or not q.seen
            ]

    async def get(
        self,
        offset: int = 0,
        limit: int = 100,
        poll_timeout: float = 0,
        allowed_updates: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm below `offset`, then wait up to `poll_timeout` for updates."""
        self._confirm(offset)
        if allowed_updates is not None:
            # An empty list means "back to the default", as in the Bot API.
            self._allowed = frozenset(allowed_updates) or None
        self._poll_seq += 1
        mine = self._poll_seq
        self._wake()  # an older poll still waiting gets a 409, like on Telegram
        loop = asyncio.get_running_loop()
        deadline = loop.time() + poll_timeout
        while True:
            if self._poll_seq != mine:
                raise ApiError(CONFLICT, status=409)
            batch = self._pending[: max(1, min(limit or 100, 100))]
            remaining = deadline - loop.time()
            if batch or self._closed or remaining <= 0:
                for queued in batch:
                    queued.seen = True
                return [q.update for q in batch]
            wakeup = self._wakeup
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)
