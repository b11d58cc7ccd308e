"""A case's card as it is now, for the outbox worker that must set up a deleted topic again."""

from __future__ import annotations

from bot.app import App
from bot.desks.effects import STAFF_LOCALE
from bot.outbox.channel import TopicCard
from bot.render import render_reply
from bot.views import case_view
from dialogs.staff.decide import refresh
from storage import cases


class TopicCards:
    """The outbox worker's `CardMaker`."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def card(self, case_id: int) -> TopicCard | None:
        async with self.app.db.transaction() as tx:
            record = await cases.by_id(tx, case_id)
            if record is None:
                return None
            view = await case_view(tx, self.app, record)
        current = refresh(view, self.app.staff_context())
        rendered = render_reply(current.card, self.app.renderer, STAFF_LOCALE)
        return TopicCard(current.topic_name, rendered.text, rendered.buttons)
