"""Send budgets for tests that are about something other than Telegram's pacing."""

from __future__ import annotations

from bot.outbox.limits import WaitOnly


class NoLimits(WaitOnly):
    """Sends at once. Pacing has its own tests (tests/bot/outbox/test_faults.py); elsewhere it
    would only make a test wait."""

    async def wait(self, chat_id: int) -> None:
        return None
