"""Who is a counsellor: a member of the staff group, as Telegram says, cached briefly."""

from __future__ import annotations

import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

log = logging.getLogger(__name__)
# Not "restricted": a member the admins muted or limited is still in the group (is_member), but
# the team took rights away, so they must not claim cases or write to families either.
MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})


class Membership:
    def __init__(self, chat_id: int | None, ttl: float = 300.0, max_entries: int = 5000) -> None:
        self.chat_id, self.ttl, self.max_entries = chat_id, ttl, max_entries
        self._cache: dict[int, tuple[bool, float]] = {}

    async def is_counsellor(self, bot: Bot, user_id: int) -> bool:
        if self.chat_id is None:
            return False
        cached = self._cache.get(user_id)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            member = await bot.get_chat_member(self.chat_id, user_id)
        except TelegramAPIError as exc:
            # Fail closed and do not cache: the next action asks Telegram again.
            log.warning("membership check failed: %s", type(exc).__name__)
            return False
        allowed = member.status in MEMBER_STATUSES
        if len(self._cache) >= self.max_entries:
            self._cache.clear()
        self._cache[user_id] = (allowed, now + self.ttl)
        return allowed
