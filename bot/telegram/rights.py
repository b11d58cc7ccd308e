"""At start-up: is the bot allowed to do in each staff group what the cases need? Asks Telegram
for the bot's own membership (getChatMember) and says clearly what is missing, in the log and
in the group's General topic (dialogs/staff/rights.py)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.app import App
from bot.outbox import items
from bot.outbox.queue import put
from dialogs.staff.rights import StaffGroupCheck, check, notice

log = logging.getLogger(__name__)


async def check_staff_group(app: App, bot: Bot, chat_id: int) -> StaffGroupCheck | None:
    """None when Telegram could not be asked (logged); the result otherwise."""
    try:
        me = await bot.get_chat_member(chat_id, bot.id)
        chat = await bot.get_chat(chat_id)
    except TelegramAPIError as exc:
        log.error(
            "staff group %s: cannot check the bot's rights (%s); is the bot a member of "
            "this group (COUNSELLOR_CHAT_ID, STAFF_GROUPS)?",
            chat_id,
            exc,
        )
        return None
    found = check(me.status, me.model_dump(), is_forum=bool(chat.is_forum))
    if found.ok:
        log.info("staff group %s: the bot has the rights it needs", chat_id)
        return found
    problems = [f"missing right {r.name} ({r.german}: {r.why})" for r in found.missing]
    if found.not_admin:
        problems.insert(0, f"the bot is not an administrator (status {me.status})")
    if found.no_topics:
        problems.insert(0, "topics are not enabled")
    log.error("staff group %s: %s", chat_id, "; ".join(problems))
    default = app.staff_groups.default if app.staff_groups is not None else None
    async with app.db.transaction() as tx:
        await put(
            tx,
            items.TextMessage(notice(found), audience="staff"),
            chat_id=items.staff_address(chat_id, default),  # in that group's General topic
            due=app.clock(),
        )
    return found
