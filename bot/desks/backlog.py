"""How far behind a staff group is: its queue at Telegram's 20 messages a minute."""

from __future__ import annotations

import math

from bot.app import App
from bot.outbox.items import STAFF_CHAT
from storage import Tx, outbox


async def staff_delay_minutes(app: App, tx: Tx, chat_id: int | None = None) -> int:
    """Roughly when the team of this staff group (None: the default one) will see a message
    queued now (the group's pacing, SEND_INTERVAL_GROUP; a case's waiting texts go as about
    one message). Each group has its own 20 a minute."""
    groups = app.staff_groups
    default = groups.default if groups is not None else STAFF_CHAT
    group = chat_id if chat_id is not None else default
    # Rows for the default group may name it by the placeholder.
    chats = {group, STAFF_CHAT} if group == default else {group}
    waiting = await outbox.messages_waiting_in(tx, chats)
    return math.ceil(waiting * app.settings.send_interval_group / 60)
