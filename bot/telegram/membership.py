"""Who is a counsellor: a member of the staff group they act in, as Telegram says, cached
briefly. Each staff group has its own members: a member of one is no counsellor in another."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message, User

log = logging.getLogger(__name__)
# Not "restricted": a member the admins muted or limited is still in the group (is_member), but
# the team took rights away, so they must not claim cases or write to families either.
MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})


class Membership:
    """`chat_ids`: the staff groups; a user counts as a counsellor only in one of them."""

    def __init__(
        self, chat_ids: Collection[int] | int | None, ttl: float = 300.0, max_entries: int = 5000
    ) -> None:
        if chat_ids is None:
            chat_ids = ()
        elif isinstance(chat_ids, int):
            chat_ids = (chat_ids,)
        self.chat_ids = frozenset(chat_ids)
        self.ttl, self.max_entries = ttl, max_entries
        self._cache: dict[tuple[int, int], tuple[bool, float]] = {}

    @property
    def chat_id(self) -> int | None:
        """The staff group, when there is exactly one."""
        return next(iter(self.chat_ids)) if len(self.chat_ids) == 1 else None

    async def sender_if_counsellor(self, bot: Bot, message: Message) -> User | None:
        """Who wrote `message`, if a person who is a counsellor in the group it was written
        in; None for bots, channels and strangers (who get no answer)."""
        user = message.from_user
        if user is None or user.is_bot:
            return None
        return user if await self.is_counsellor(bot, user.id, message.chat.id) else None

    async def is_counsellor(self, bot: Bot, user_id: int, chat_id: int | None = None) -> bool:
        """A member of the staff group `chat_id` (may be left out while there is one)."""
        chat_id = self.chat_id if chat_id is None else chat_id
        if chat_id is None or chat_id not in self.chat_ids:
            return False
        key = (chat_id, user_id)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except TelegramAPIError as exc:
            # Fail closed and do not cache: the next action asks Telegram again.
            log.warning("membership check failed: %s", type(exc).__name__)
            return False
        allowed = member.status in MEMBER_STATUSES
        if len(self._cache) >= self.max_entries:
            self._cache.clear()
        self._cache[key] = (allowed, now + self.ttl)
        return allowed
