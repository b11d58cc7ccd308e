"""Appointments on the counsellors' side: `/termin` in a case topic offers or cancels, and what
a family's answer does to the case (a note in the topic, the calendar file)."""

from __future__ import annotations

from dialogs.appointments.model import Appointment, Slot
from dialogs.appointments.parse import USAGE, parse_offer
from dialogs.moments import format_moment
from dialogs.parent.events import AppointmentCancelled, AppointmentOffered
from dialogs.parent.outcome import AnswerAppointment
from dialogs.staff.actions import AppointmentCommand
from dialogs.staff.effects import (
    Audit,
    NotifyFamily,
    PostToTopic,
    SaveAppointment,
    SendCalendar,
    StaffEffect,
)
from dialogs.staff.outcome import StaffOutcome, say
from dialogs.staff.view import Actor, CaseView, StaffContext

CANCEL_WORDS = frozenset({"absagen", "abbrechen", "stornieren", "cancel"})


def when_de(slot: Slot) -> str:
    return format_moment(slot.at, "de")


def describe(appointment: Appointment) -> str:
    """The appointment in a line or three, German, for the topic."""
    if appointment.slot is not None:
        times = when_de(appointment.slot)
        place = appointment.slot.place
    else:
        times = "\n".join(f"• {when_de(s)}" for s in appointment.slots)
        place = appointment.slots[0].place if appointment.slots else ""
    extra = [f"Ort: {place}", f"Dolmetscher: {'ja' if appointment.interpreter else 'nein'}"]
    if appointment.children:
        extra.append("Kinder: " + ", ".join(str(n) for n in appointment.children))
    return "\n".join([times, *extra])


def command(
    view: CaseView, action: AppointmentCommand, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    word = action.args.strip().lower()
    if word in CANCEL_WORDS:
        return _cancel(view, actor)
    if not word:
        return StaffOutcome((say(USAGE),))
    if view.status == "closed":
        return StaffOutcome(
            (say("Der Fall ist abgeschlossen: kein Termin angeboten. Erst „Wieder öffnen“."),)
        )
    if not view.family_present:
        return StaffOutcome((say("Die Familie hat ihre Daten gelöscht; kein Termin angeboten."),))
    if view.appointment is not None and view.appointment.active:
        return StaffOutcome(
            (
                say(
                    "Für diesen Fall gibt es schon einen Termin:\n"
                    f"{describe(view.appointment)}\nErst /termin absagen, dann neu anbieten."
                ),
            )
        )
    parsed = parse_offer(action.args, now=ctx.now, kreis=ctx.kreis, children=len(view.children))
    if isinstance(parsed, str):
        return StaffOutcome((say(parsed),))
    appointment = Appointment(
        key=ctx.new_token,
        case_id=view.id,
        status="offered",
        slots=tuple(Slot(at, parsed.place) for at in parsed.times),
        interpreter=parsed.interpreter,
        children=parsed.children,
    )
    names = tuple(
        str(view.children[n - 1].answers.get("first_name") or f"{n}") for n in parsed.children
    )
    offered = AppointmentOffered(appointment.key, appointment.slots, parsed.interpreter, names)
    return StaffOutcome(
        (say(f"📅 Terminvorschlag an die Familie gesendet:\n{describe(appointment)}"),),
        effects=(
            SaveAppointment(appointment),
            NotifyFamily(offered),
            Audit("appointment_offer", view.id, actor.user_id, detail=f"{len(parsed.times)}"),
        ),
    )


def _cancel(view: CaseView, actor: Actor) -> StaffOutcome:
    current = view.appointment
    if current is None or not current.active:
        return StaffOutcome((say("Für diesen Fall gibt es keinen offenen Termin."),))
    cancelled = current.with_(status="cancelled", cancelled_by="staff")
    effects: list[StaffEffect] = [SaveAppointment(cancelled)]
    if view.family_present:
        effects.append(NotifyFamily(AppointmentCancelled(current.key)))
    effects.append(Audit("appointment_cancel", view.id, actor.user_id, detail="staff"))
    what = "Termin" if current.status == "booked" else "Terminvorschlag"
    return StaffOutcome(
        (say(f"❌ {what} abgesagt, die Familie wurde informiert:\n{describe(current)}"),),
        effects=tuple(effects),
    )


def family_answer(
    view: CaseView, appointment: Appointment, answer: AnswerAppointment
) -> StaffOutcome:
    """What the family's button does on the case; a late answer to an appointment that
    changed meanwhile (cancelled by the team in the same second) changes nothing."""
    choice = answer.choice
    if isinstance(choice, int):
        if appointment.status != "offered" or not 0 <= choice < len(appointment.slots):
            return StaffOutcome()
        booked = appointment.with_(status="booked", chosen=choice)
        return StaffOutcome(
            effects=(
                SaveAppointment(booked),
                PostToTopic(say(f"📅 Die Familie hat den Termin gewählt:\n{describe(booked)}")),
                SendCalendar(booked.key),
                Audit("appointment_booked", view.id),
            )
        )
    if not appointment.active or (choice == "cancel" and appointment.status != "booked"):
        return StaffOutcome()
    cancelled = appointment.with_(status="cancelled", cancelled_by="family")
    if choice == "cancel":
        text = f"❌ Die Familie hat den Termin abgesagt:\n{describe(appointment)}"
    else:
        text = (
            "🔁 Die Familie bittet um einen anderen Termin (der bisherige gilt nicht mehr). "
            "Neue Vorschläge mit /termin."
        )
    return StaffOutcome(
        effects=(
            SaveAppointment(cancelled),
            PostToTopic(say(text)),
            Audit("appointment_cancel", view.id, detail=f"family {choice}"),
        )
    )
