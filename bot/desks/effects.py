"""Carries out a staff outcome in the caller's transaction: the case's new fields, then each
effect as a storage write or an outbox item. One place maps effects to the outside world."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot import appointments
from bot.app import App
from bot.desks.notify import feed_family
from bot.desks.referrals import tell_initiative
from bot.outbox import items
from bot.outbox.items import STAFF_CHAT, staff_address
from bot.outbox.queue import put, put_topic_deletion
from bot.render import render_reply
from dialogs.parent.appointments import ICS_CAPTION, ICS_SUMMARY, booked_text
from dialogs.reply import Reply
from dialogs.report.month import Month
from dialogs.staff import effects as fx
from dialogs.staff.decide import StaffOutcome
from dialogs.staff.view import CaseChanges, CaseView, overrides_to_json
from storage import Tx, audit, cases, counsellors, drafts, families, notes
from storage import appointments as appointment_rows

STAFF_LOCALE = "de"  # staff-facing text is German, the catalogs' source language


def columns(changes: CaseChanges) -> dict[str, Any]:
    """The case's columns that `changes` sets."""
    values: dict[str, Any] = {}
    for name in (
        "status",
        "claimed_by",
        "claimed_at",
        "closed_at",
        "municipality",
        "age",
        "locale",
    ):
        value = getattr(changes, name)
        if value is not None:
            values[name] = value
    if changes.reopened:
        values["closed_at"] = None
    if changes.overrides is not None:
        values["override"] = overrides_to_json(changes.overrides)
    if changes.children is not None:
        values["children"] = [
            {"answers": dict(c.answers), "assessment": dict(c.assessment)} for c in changes.children
        ]
    return values


class EffectRunner:
    """`chat_id`: the staff group a counsellor acted in, where what concerns no case goes
    (a report, a word in General); without it, the default group."""

    def __init__(self, app: App, tx: Tx, chat_id: int | None = None) -> None:
        self.app, self.tx, self.chat_id = app, tx, chat_id
        self.now = app.clock()

    async def apply(self, view: CaseView | None, outcome: StaffOutcome) -> None:
        if view is not None and not outcome.changes.empty:
            values = columns(outcome.changes)
            groups = self.app.staff_groups
            moved = values.get("municipality", view.municipality) != view.municipality
            if moved and groups is not None:
                # Its municipality became known or changed: the case belongs to that
                # municipality's group; a topic elsewhere moves there with the next message.
                values["assigned_chat_id"] = groups.of_municipality(values["municipality"])
                view = replace(
                    view,
                    municipality=values["municipality"],
                    assigned_chat_id=values["assigned_chat_id"],
                )
            await cases.update_fields(self.tx, view.id, **values)
            if outcome.changes.status == "closed" and view.status != "closed":
                await tell_initiative(self.app, self.tx, view.id, "closed")
        for effect in outcome.effects:
            await self.run(view, effect)

    def _group(self, view: CaseView | None) -> int:
        """Where rows go: a case's to its staff group (the worker looks again when it sends
        them), others to the group acted in, else the default group."""
        groups = self.app.staff_groups
        if groups is None:
            return STAFF_CHAT  # none set yet: the rows wait for it
        return self._address(groups.of_case(view) if view is not None else self.chat_id)

    def _address(self, group: int | None) -> int:
        """A staff group as rows name it (`staff_address`); one that is no staff group (any
        more): the default group."""
        groups = self.app.staff_groups
        if groups is None:
            return STAFF_CHAT
        return staff_address(group if group in groups else None, groups.default)

    def _staff(self, reply: Reply, *, in_topic: bool, card: bool = False) -> items.TextMessage:
        rendered = render_reply(reply, self.app.renderer, STAFF_LOCALE)
        return items.TextMessage(rendered.text, rendered.buttons, "staff", in_topic, card)

    async def _to_staff(self, item: items.OutboxItem, view: CaseView | None) -> None:
        case_id = view.id if view else None
        await put(self.tx, item, chat_id=self._group(view), case_id=case_id, due=self.now)

    async def _calendar(self, key: str) -> None:
        """The booked appointment's .ics into the family's chat, in its language, right after
        the confirmation the family's flow queued in the same transaction."""
        record = await appointment_rows.by_key(self.tx, key)
        if record is None or record.family_id is None:
            return
        family = await families.load(self.tx, record.family_id)
        if family is None:
            return
        locale = family.locale or STAFF_LOCALE
        appointment = appointments.appointment_of(record)
        slot = appointment.slot
        if slot is None:
            return
        render = self.app.renderer.render
        content = appointments.ics(
            appointment,
            summary=render(ICS_SUMMARY, locale),
            description=render(booked_text(slot, appointment.interpreter), locale),
            now=self.now,
        )
        item = items.document("termin.ics", content, render(ICS_CAPTION, locale))
        await put(self.tx, item, chat_id=family.chat_id, case_id=record.case_id, due=self.now)

    async def run(self, view: CaseView | None, effect: fx.StaffEffect) -> None:
        tx = self.tx
        case_id = view.id if view else None
        match effect:
            case fx.NotifyFamily(event=event):
                if view is not None and view.family_id is not None:
                    await feed_family(tx, self.app, view.family_id, event, case_id=view.id)
            case fx.PostToTopic(reply=reply):
                await self._to_staff(self._staff(reply, in_topic=True), view)
            case fx.PostToGeneral(reply=reply, group=group):
                # A case erased: in the group it was in.
                to = (
                    self._address(group)
                    if view is None and group is not None
                    else self._group(view)
                )
                await put(tx, self._staff(reply, in_topic=False), chat_id=to, due=self.now)
            case fx.CopyToTopic(ref=(from_chat_id, message_id), caption=caption):
                await self._to_staff(
                    items.CopyMessage(from_chat_id, message_id, caption, True), view
                )
            case fx.CreateTopic(name=name):
                await self._to_staff(items.CreateTopic(name), view)
            case fx.PostCard(card=card):
                await self._to_staff(self._staff(card, in_topic=True, card=True), view)
            case fx.RefreshCard(card=card, topic_name=name):
                rendered = render_reply(card, self.app.renderer, STAFF_LOCALE)
                await self._to_staff(items.EditCard(rendered.text, rendered.buttons), view)
                await self._to_staff(items.RenameTopic(name), view)
            case fx.CloseTopic():
                await self._to_staff(items.CloseTopic(), view)
            case fx.ReopenTopic():
                await self._to_staff(items.ReopenTopic(), view)
            case fx.DeleteTopic(case_id=of_case, topic=topic):
                await put_topic_deletion(tx, of_case, topic, due=self.now)
            case fx.DeleteGeneralMessage(message_id=message_id, group=group):
                # In the group the card went to: a message id names another message elsewhere.
                to = group if group is not None else self._group(view)
                await put(tx, items.DeleteMessage(message_id), chat_id=to, due=self.now)
            case fx.SaveDraft(token=token, counsellor_id=counsellor, key=key, values=values):
                assert case_id is not None
                await drafts.save(
                    tx,
                    token=token,
                    case_id=case_id,
                    counsellor_id=counsellor,
                    kind="template",
                    payload={"key": key, "values": list(values)},
                )
            case fx.DeleteDraft(token=token):
                await drafts.remove(tx, token)
            case fx.RememberCounsellor(user_id=user_id, first_name=name, shows_name=shows):
                await counsellors.save(tx, user_id=user_id, first_name=name, show_name=shows)
            case fx.EraseFamily(family_id=family_id):
                await families.erase(tx, family_id)
            case fx.DeleteCase(case_id=doomed):
                await cases.delete(tx, doomed)
            case fx.SaveNote(author_id=author, author_name=name, text=text):
                assert case_id is not None
                await notes.add(tx, case_id=case_id, author_id=author, author_name=name, text=text)
            case fx.SendCaseSheet(case_id=sheet_of, with_notes=with_notes):
                await put(
                    tx,
                    items.CaseSheet(sheet_of, with_notes),
                    chat_id=self._group(view),
                    case_id=sheet_of,
                    due=self.now,
                )
            case fx.SendReport(month=key):
                # Imported here: matplotlib is loaded only by who makes a report.
                from bot.reports.building import build_report

                for file in await build_report(self.app, tx, Month.parse(key)):
                    await put(
                        tx,
                        items.document(file.name, file.content, file.caption),
                        chat_id=self._group(view),
                        due=self.now,
                    )
            case fx.SaveAppointment(appointment=appointment):
                await appointments.save(tx, appointment, self.now)
            case fx.SendCalendar(key=key):
                await self._calendar(key)
            case fx.Audit(action=action, case_id=audited, actor_id=actor, detail=detail):
                await audit.record(
                    tx, action=action, actor_id=actor, case_id=audited, detail=detail
                )
