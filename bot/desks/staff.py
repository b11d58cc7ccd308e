"""A counsellor's message or button press, for any channel: find the case of the topic, ask
`dialogs.staff.decide`, carry out the outcome in the caller's transaction.

Membership of the staff group is checked by the channel before. A button acts only on the
case of the topic it was pressed in, so a forged or copied button cannot reach another case;
the case row stays locked until commit (PostgreSQL), so two counsellors pressing "claim" at
the same moment on two instances are served one after the other.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.app import App
from bot.appointments import appointment_of
from bot.desks.backlog import staff_delay_minutes
from bot.desks.effects import EffectRunner
from bot.views import case_view
from dialogs.appointments.model import DURATION, Appointment
from dialogs.invisible import without_invisible
from dialogs.staff import actions as a
from dialogs.staff.appointments import WEEK
from dialogs.staff.buttons import DraftTarget, parse_button
from dialogs.staff.commands import parse_staff_command
from dialogs.staff.decide import StaffOutcome, decide
from dialogs.staff.queue import QueuedCase
from dialogs.staff.view import Actor, CaseView
from storage import Tx, appointments, cases, counsellors, drafts
from storage.records import CaseRecord, DraftRecord, QueueRecord


@dataclass(frozen=True)
class Where:
    """The staff group and topic (None: General) a counsellor acted in."""

    chat_id: int
    topic_id: int | None


def action_of_message(
    command: tuple[str, str] | None, text: str | None, media: a.SendFile | None
) -> a.StaffAction | None:
    """A message in the staff group as an action; None for a message with nothing in it."""
    if command is not None:
        return parse_staff_command(*command) or a.UnknownCommand()
    if text is not None:
        return a.Write(text)
    return media


def _is_topic_of(record: CaseRecord, where: Where) -> bool:
    # Topic ids are numbers per group: only the pair names a topic. (Topics from before cases
    # knew their group are placed in the configured one at start-up, bot/app.py.)
    return (
        where.topic_id is not None
        and record.topic_id == where.topic_id
        and record.staff_chat_id == where.chat_id
    )


class StaffDesk:
    def __init__(self, app: App) -> None:
        self.app = app

    async def actor(self, tx: Tx, user_id: int, first_name: str) -> Actor:
        known = await counsellors.get(tx, user_id)
        # A Telegram name is typed by its owner: without invisible characters it cannot
        # reorder the card, the topic name or the header a family reads.
        name = " ".join(without_invisible(first_name).split()) or "Beratung"
        return Actor(user_id, name, known.show_name if known else False)

    async def on_message(
        self, tx: Tx, where: Where, actor: Actor, action: a.StaffAction
    ) -> StaffOutcome:
        record = None
        if where.topic_id is not None and not isinstance(action, a.GENERAL):
            record = await cases.by_topic(tx, where.chat_id, where.topic_id, lock=True)
        return await self._decide(tx, record, None, action, actor, where.chat_id)

    async def on_button(self, tx: Tx, where: Where, actor: Actor, data: str) -> StaffOutcome:
        parsed = parse_button(data)
        if parsed is None:
            return await self._decide(tx, None, None, a.UnknownButton(), actor, where.chat_id)
        target, action = parsed
        draft = None
        record: CaseRecord | None = None
        if isinstance(target, DraftTarget):
            draft = await drafts.by_token(tx, target.token, lock=True)
            if draft is not None:
                record = await cases.by_id(tx, draft.case_id, lock=True)
            elif where.topic_id is not None:
                # Sent or dropped already: the topic's case answers "no longer there".
                record = await cases.by_topic(tx, where.chat_id, where.topic_id, lock=True)
        else:
            record = await cases.by_id(tx, target.case_id, lock=True)
        if record is not None and not _is_topic_of(record, where):
            record = None  # a button of another topic or group, forged or copied
        return await self._decide(tx, record, draft, action, actor, where.chat_id)

    async def _decide(
        self,
        tx: Tx,
        record: CaseRecord | None,
        draft: DraftRecord | None,
        action: a.StaffAction,
        actor: Actor,
        chat_id: int,
    ) -> StaffOutcome:
        view: CaseView | None = None
        if record is not None:
            view = await case_view(
                tx,
                self.app,
                record,
                with_family_cases=isinstance(action, a.ConfirmErase),
                draft=draft,
                with_appointment=isinstance(
                    action, a.AppointmentCommand | a.AppointmentHeld | a.ConfirmClose
                ),
            )
        # The group's own: its cases, its appointments, its queue at Telegram.
        asked = isinstance(action, a.Queue)
        queue = await self.queue(tx, chat_id) if asked else ()
        behind = await staff_delay_minutes(self.app, tx, chat_id) if asked else 0
        week = await self.week(tx, chat_id) if isinstance(action, a.WeekAppointments) else ()
        ctx = self.app.staff_context(
            new_token=secrets.token_hex(6), queue=queue, week=week, backlog_minutes=behind
        )
        outcome = decide(view, action, actor, ctx)
        await EffectRunner(self.app, tx, chat_id).apply(view, outcome)
        return outcome

    def _in_group(self, chat_id: int, case: QueueRecord) -> bool:
        groups = self.app.staff_groups
        return groups is None or groups.of_case(case) == chat_id

    async def week(self, tx: Tx, chat_id: int) -> tuple[Appointment, ...]:
        now = self.app.clock()
        rows = await appointments.booked_between(tx, now - DURATION, now + WEEK)
        placed = await cases.placed(tx, {r.case_id for r in rows})
        ours = {c.id for c in placed if self._in_group(chat_id, c)}
        return tuple(appointment_of(r) for r in rows if r.case_id in ours)

    async def queue(self, tx: Tx, chat_id: int) -> tuple[QueuedCase, ...]:
        """The open cases of this staff group."""
        waiting = [c for c in await cases.queue(tx) if self._in_group(chat_id, c)]
        names = await cases.counsellor_names(tx, [c.claimed_by for c in waiting if c.claimed_by])
        return tuple(
            QueuedCase(
                c.id,
                c.status,
                c.created_at,
                c.locale,
                names.get(c.claimed_by) if c.claimed_by else None,
                c.reminded_at,
            )
            for c in waiting
        )
