"""How far behind the staff group is: its queue at Telegram's 20 messages a minute."""

from __future__ import annotations

import math

from bot.app import App
from bot.outbox.items import STAFF_CHAT
from storage import Tx, outbox


async def staff_delay_minutes(app: App, tx: Tx) -> int:
    """Roughly when the team will see a message queued now (the group's pacing,
    SEND_INTERVAL_GROUP; a case's waiting texts go as about one message)."""
    waiting = await outbox.messages_waiting_in(tx, STAFF_CHAT)
    return math.ceil(waiting * app.settings.send_interval_group / 60)
