"""An initiative group's event or a counsellor's decision about one: load the initiative, ask
`dialogs.volunteers.decide`, save, queue what goes to the group and to the staff group.

Membership of the staff group is checked by the channel before `on_staff`. A decision names the
initiative by its number, so a button copied into another chat still acts on its own group
only, and only for a counsellor.
"""

from __future__ import annotations

from bot.app import App
from bot.desks import referrals
from bot.outbox import items
from bot.outbox.items import STAFF_CHAT
from bot.outbox.queue import put
from bot.render import render_reply
from dialogs.reply import Reply
from dialogs.report.month import Month
from dialogs.volunteers.actions import BotAdded, GroupAction, StaffAction
from dialogs.volunteers.decide import (
    VolunteerContext,
    VolunteerOutcome,
    decide_group,
    decide_staff,
)
from dialogs.volunteers.model import Initiative
from dialogs.volunteers.offers import Search
from storage import Tx, initiatives, offer_searches
from storage.records import InitiativeRecord


def initiative_of(record: InitiativeRecord | None) -> Initiative | None:
    if record is None:
        return None
    return Initiative(
        record.number,
        record.chat_id,
        record.title,
        record.status,  # type: ignore[arg-type]  # written only from `Status`
        record.name,
        record.municipality,
        record.noted,
        record.was,  # type: ignore[arg-type]
    )


def record_of(initiative: Initiative) -> InitiativeRecord:
    i = initiative
    return InitiativeRecord(
        i.number, i.chat_id, i.title, i.status, i.was, i.name, i.municipality, i.noted
    )


class VolunteerDesk:
    def __init__(self, app: App) -> None:
        self.app = app

    async def initiative(self, tx: Tx, chat_id: int) -> Initiative | None:
        return initiative_of(await initiatives.by_chat(tx, chat_id, lock=True))

    async def on_group(self, tx: Tx, chat_id: int, action: GroupAction) -> VolunteerOutcome:
        """`outcome.to_group` is for the caller to answer with (the group is the acting chat)."""
        known = await self.initiative(tx, chat_id)
        # A number only for a group never seen: handing one out is serialised across instances.
        fresh = known is None and isinstance(action, BotAdded)
        number = await initiatives.next_number(tx) if fresh else 0
        ctx = VolunteerContext(self.app.kreis, number)
        outcome = decide_group(known, chat_id, action, ctx)
        await self._apply(tx, outcome, known.chat_id if known else chat_id, group_queued=False)
        return outcome

    async def on_staff(
        self, tx: Tx, number: int | None, action: StaffAction, who: str
    ) -> VolunteerOutcome:
        record = await initiatives.by_number(tx, number, lock=True) if number else None
        known = initiative_of(record)
        outcome = decide_staff(known, action, who, VolunteerContext(self.app.kreis))
        if known is not None:
            await self._apply(tx, outcome, known.chat_id, group_queued=True)
        return outcome

    async def invite(self, tx: Tx, initiative: Initiative, bot_username: str) -> None:
        await referrals.invite(
            self.app,
            tx,
            number=initiative.number,
            chat_id=initiative.chat_id,
            bot_username=bot_username,
        )

    async def revoke(self, tx: Tx, initiative: Initiative, code: str) -> None:
        await referrals.revoke(
            self.app, tx, number=initiative.number, chat_id=initiative.chat_id, code=code
        )

    async def empty_search(self, tx: Tx, search: Search) -> None:
        """Demand the KI reports: the criteria and the month, never the group or the time."""
        await offer_searches.record_empty(
            tx,
            month=Month.of(self.app.clock()).key,
            kind=search.kind,
            municipality=search.municipality,
            language=search.language,
        )

    async def migrated(self, tx: Tx, old_chat_id: int, new_chat_id: int) -> None:
        """Both service messages of a migration arrive (in the old chat and in the new one):
        whichever comes first moves the initiative, the other finds nothing to do."""
        await initiatives.move(tx, old_chat_id, new_chat_id)

    async def _apply(
        self, tx: Tx, outcome: VolunteerOutcome, chat_id: int, *, group_queued: bool
    ) -> None:
        now = self.app.clock()
        if outcome.initiative is not None:
            await initiatives.save(tx, record_of(outcome.initiative))
        if group_queued:
            for reply in outcome.to_group:
                await put(tx, self._item(reply), chat_id=chat_id, due=now)
        for reply in outcome.to_staff:
            await put(tx, self._item(reply), chat_id=STAFF_CHAT, due=now)
        if outcome.leave:
            await put(tx, items.LeaveChat(), chat_id=chat_id, due=now)

    def _item(self, reply: Reply) -> items.OutboxItem:
        return items.message(render_reply(reply, self.app.renderer, "de"), audience="volunteer")
