"""The family's side of an appointment: the offer with one button per slot, the confirmation
with the papers to bring, cancelling, asking for another time, reminders.

The state remembers each appointment the family can still answer (`ParentState.appointments`),
so a button is checked here, purely: a slot of a withdrawn offer or a second tap on a booked
one is a stale button, and only a valid answer becomes an effect for the shell.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dialogs.appointments.model import DURATION, Slot
from dialogs.info.cards import what_to_bring
from dialogs.parent.events import (
    AppointmentCancelled,
    AppointmentEvent,
    AppointmentMissed,
    AppointmentMoved,
    AppointmentOffered,
    AppointmentReminder,
)
from dialogs.parent.outcome import AnswerAppointment
from dialogs.parent.state import AppointmentMemo, ParentState
from dialogs.reply import Button, Reply, Rows
from dialogs.text import Moment, Raw, Renderable, Text, _, lines

# The calendar file's title and the caption it is sent with; rendered by the shell.
ICS_SUMMARY = _("Termin bei der Beratung")
ICS_CAPTION = _("📎 Ihr Termin für den Kalender")
# A memo is forgotten this long after its (last) slot: its buttons are stale by then anyway.
FORGET_AFTER = timedelta(days=1)


def _other_time(key: str) -> Button:
    return Button(_("Anderer Termin, bitte"), f"ap.{key}.o")


def _booked_buttons(key: str) -> Rows:
    return ((Button(_("Termin absagen"), f"ap.{key}.x"), _other_time(key)),)


def _details(place: str, interpreter: bool) -> list[Renderable]:
    parts: list[Renderable] = [_("Ort: {place}", place=Raw(place))]
    if interpreter:
        parts.append(_("Eine Dolmetscherin oder ein Dolmetscher ist dabei."))
    return parts


def booked_text(slot: Slot, interpreter: bool) -> Renderable:
    """What the family reads once it picked a slot; the calendar entry repeats it."""
    return lines(
        _("✅ Ihr Termin: {when}", when=Moment(slot.at)),
        *_details(slot.place, interpreter),
        Raw(""),
        what_to_bring(),
    )


def _offer(state: ParentState, event: AppointmentOffered) -> Reply:
    state.appointments[event.key] = AppointmentMemo(
        slots=[(s.at, s.place) for s in event.slots], interpreter=event.interpreter
    )
    places = {s.place for s in event.slots}
    text = lines(
        _("📅 Die Beratung schlägt Ihnen einen Termin vor. Bitte wählen Sie:"),
        *(lines(Raw("• "), Moment(s.at), sep="") for s in event.slots),
        *(_details(event.slots[0].place, event.interpreter) if len(places) == 1 else ()),
        _("Für: {names}", names=Raw(", ".join(event.for_children))) if event.for_children else None,
    )
    buttons = tuple(
        (Button(Moment(s.at, short=True), f"ap.{event.key}.{i}"),)
        for i, s in enumerate(event.slots)
    )
    return Reply(text, (*buttons, (_other_time(event.key),)))


def _slot(memo: AppointmentMemo, index: int) -> Slot:
    at, place = memo.slots[index]
    return Slot(at, place)


def on_event(state: ParentState, event: AppointmentEvent, now: datetime) -> list[Reply]:
    forget_past(state, now)
    match event:
        case AppointmentOffered():
            return [_offer(state, event)]
        case AppointmentCancelled(key=key):
            memo = state.appointments.pop(key, None)
            if memo is None:
                return []
            if memo.chosen is None:
                return [Reply(_("❌ Die Beratung hat ihren Terminvorschlag zurückgezogen."))]
            at = _slot(memo, memo.chosen).at
            return [Reply(_("❌ Die Beratung hat Ihren Termin abgesagt: {when}", when=Moment(at)))]
        case AppointmentMoved(key=key, slot=slot):
            memo = state.appointments.get(key)
            if memo is None:
                return []
            memo.slots, memo.chosen, memo.missed = [(slot.at, slot.place)], 0, False
            text = lines(
                _(
                    "🔁 Die Beratung hat Ihren Termin verschoben. Neuer Termin: {when}",
                    when=Moment(slot.at),
                ),
                *_details(slot.place, memo.interpreter),
                Raw(""),
                what_to_bring(),
            )
            return [Reply(text, _booked_buttons(key))]
        case AppointmentMissed(key=key):
            memo = state.appointments.get(key)
            if memo is None or memo.chosen is None:
                return []
            memo.missed = True
            at = _slot(memo, memo.chosen).at
            text = _(
                "Wir haben Sie am {when} leider nicht gesehen. Möchten Sie einen neuen Termin?",
                when=Moment(at),
            )
            return [Reply(text, ((_other_time(key),),))]
        case AppointmentReminder(key=key, slot=slot, when=when):
            memo = state.appointments.get(key)
            if memo is None or memo.chosen is None or memo.missed:
                return []  # cancelled meanwhile: no reminder
            # Neutral words ("soon", not "tomorrow"): a late booking or a restart may bring a
            # reminder at another hour than planned, and the date says the rest.
            head: Text = (
                _("⏰ Erinnerung an Ihren Termin bei der Beratung: {when}", when=Moment(slot.at))
                if when == "day"
                else _("⏰ Ihr Termin bei der Beratung ist bald: {when}", when=Moment(slot.at))
            )
            body = lines(head, *_details(slot.place, memo.interpreter), Raw(""), what_to_bring())
            return [Reply(body, _booked_buttons(key))]
    raise AssertionError(f"unhandled appointment event {event!r}")


def on_press(
    state: ParentState, args: list[str], now: datetime
) -> tuple[Reply, AnswerAppointment] | None:
    """`ap.<key>.<slot>` picks, `ap.<key>.x` cancels, `ap.<key>.o` asks for another time;
    None for a stale or forged button."""
    forget_past(state, now)
    if len(args) != 2 or (memo := state.appointments.get(args[0])) is None:
        return None
    key, answer = args
    if answer == "x" and memo.chosen is not None and not memo.missed:
        del state.appointments[key]
        reply = Reply(_("Der Termin ist abgesagt. Die Beratung weiß Bescheid."), replace=True)
        return reply, AnswerAppointment(key, "cancel")
    if answer == "o":
        del state.appointments[key]
        reply = Reply(_("Gut. Die Beratung schlägt Ihnen einen anderen Termin vor."), replace=True)
        return reply, AnswerAppointment(key, "other")
    if answer.isdigit() and memo.chosen is None and int(answer) < len(memo.slots):
        index = int(answer)
        if memo.slots[index][0] <= now:
            return None  # the slot has passed
        memo.chosen = index
        # Replaces the offer, so its buttons are gone; the calendar file follows below it.
        reply = Reply(
            booked_text(_slot(memo, index), memo.interpreter), _booked_buttons(key), replace=True
        )
        return reply, AnswerAppointment(key, index)
    return None


def forget_past(state: ParentState, now: datetime) -> None:
    """Drop memos whose slots are all over: the state stays small, old buttons go stale."""
    for key, memo in list(state.appointments.items()):
        chosen = [memo.slots[memo.chosen]] if memo.chosen is not None else memo.slots
        times = [slot[0] for slot in chosen]
        if all(at + DURATION + FORGET_AFTER < now for at in times):
            del state.appointments[key]
