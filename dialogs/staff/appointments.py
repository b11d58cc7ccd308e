"""Appointments on the counsellors' side: `/termin` in a case topic offers or cancels, and what
a family's answer does to the case (a note in the topic, the calendar file)."""

from __future__ import annotations

from datetime import datetime, timedelta

from dialogs.appointments.model import DURATION, Appointment, Slot
from dialogs.appointments.parse import USAGE, parse_move, parse_offer
from dialogs.moments import format_moment
from dialogs.parent.events import (
    AppointmentCancelled,
    AppointmentMissed,
    AppointmentMoved,
    AppointmentOffered,
)
from dialogs.parent.outcome import AnswerAppointment
from dialogs.staff.actions import AppointmentCommand, AppointmentHeld
from dialogs.staff.buttons import appointment_buttons
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
MOVE_WORDS = frozenset({"verschieben", "verlegen", "move"})
WEEK = timedelta(days=7)


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
    verb, _sep, rest = action.args.strip().partition(" ")
    if verb.lower() in MOVE_WORDS:
        return _move(view, rest, actor, ctx)
    if not word:
        return StaffOutcome((say(USAGE),))
    if view.status == "closed":
        return StaffOutcome(
            (say("Der Fall ist abgeschlossen: kein Termin angeboten. Erst „Wieder öffnen“."),)
        )
    if not view.family_present:
        return StaffOutcome((say("Die Familie hat ihre Daten gelöscht; kein Termin angeboten."),))
    current = view.appointment
    # An offer whose slots have all passed unanswered is void; it does not hold up a new one.
    lapsed = (
        current is not None
        and current.status == "offered"
        and all(s.at <= ctx.now for s in current.slots)
    )
    if current is not None and current.active and not lapsed:
        if current.starts_at is not None and current.starts_at <= ctx.now:
            hint = "Erst vermerken: /termin stattgefunden oder /termin verpasst."
        else:
            hint = "Erst /termin absagen (oder verschieben), dann neu anbieten."
        return StaffOutcome(
            (say(f"Für diesen Fall gibt es schon einen Termin:\n{describe(current)}\n{hint}"),)
        )
    parsed = parse_offer(action.args, now=ctx.now, kreis=ctx.kreis, children=len(view.children))
    if isinstance(parsed, str):
        return StaffOutcome((say(parsed),))
    void: list[StaffEffect] = []
    if current is not None and lapsed:
        void = [SaveAppointment(current.with_(status="cancelled", cancelled_by="staff"))]
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
            *void,
            SaveAppointment(appointment),
            NotifyFamily(offered),
            Audit("appointment_offer", view.id, actor.user_id, detail=f"{len(parsed.times)}"),
        ),
    )


def cancelled_with_case(view: CaseView, actor: Actor) -> list[StaffEffect]:
    """Closing a case cancels its offered or booked appointment: no reminder for a case that
    is over, and the family is told in the same breath as the closing."""
    current = view.appointment
    if current is None or not current.active:
        return []
    effects: list[StaffEffect] = [
        SaveAppointment(current.with_(status="cancelled", cancelled_by="staff"))
    ]
    if view.family_present:
        effects.append(NotifyFamily(AppointmentCancelled(current.key)))
    effects.append(Audit("appointment_cancel", view.id, actor.user_id, detail="case closed"))
    return effects


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
                PostToTopic(
                    say(
                        f"📅 Die Familie hat den Termin gewählt:\n{describe(booked)}",
                        appointment_buttons(view.id),
                    )
                ),
                SendCalendar(booked.key),
                Audit("appointment_booked", view.id),
            )
        )
    if choice == "other" and appointment.status == "missed":
        text = (
            "🔁 Die Familie bittet nach dem verpassten Termin um einen neuen. "
            "Vorschläge mit /termin."
        )
        return StaffOutcome(effects=(PostToTopic(say(text)), Audit("appointment_again", view.id)))
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


def _move(view: CaseView, args: str, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    current = view.appointment
    if current is None or current.status != "booked" or current.slot is None:
        return StaffOutcome(
            (
                say(
                    "Verschieben geht nur mit einem gebuchten Termin. Ein offener Vorschlag: "
                    "/termin absagen und neu anbieten."
                ),
            )
        )
    parsed = parse_move(args, now=ctx.now, kreis=ctx.kreis)
    if isinstance(parsed, str):
        return StaffOutcome((say(parsed),))
    at, place = parsed
    slot = Slot(at, place or current.slot.place)
    moved = current.with_(
        slots=(slot,),
        chosen=0,
        reminded_day=False,
        reminded_hours=False,
        sequence=current.sequence + 1,
    )
    effects: list[StaffEffect] = [SaveAppointment(moved)]
    if view.family_present:
        effects += [NotifyFamily(AppointmentMoved(moved.key, slot)), SendCalendar(moved.key)]
    effects.append(Audit("appointment_move", view.id, actor.user_id))
    return StaffOutcome(
        (say(f"🔁 Termin verschoben, die Familie wurde informiert:\n{describe(moved)}"),),
        effects=tuple(effects),
    )


def held(view: CaseView, action: AppointmentHeld, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    """Held or missed, once the appointment has begun; missed offers the family a new one."""
    current = view.appointment
    word = "stattgefunden" if action.held else "verpasst"
    if current is None or current.status not in {"booked", "held", "missed"}:
        return _answer(action, "Für diesen Fall gibt es keinen gebuchten Termin.")
    if current.status != "booked":
        before = "stattgefunden" if current.status == "held" else "verpasst"
        return _answer(action, f"Der Termin ist schon als „{before}“ vermerkt.")
    assert current.starts_at is not None
    if ctx.now < current.starts_at:
        return _answer(action, "Der Termin hat noch nicht begonnen.")
    marked = current.with_(status="held" if action.held else "missed")
    effects: list[StaffEffect] = [SaveAppointment(marked)]
    text = f"Termin vermerkt: {word}."
    if not action.held:
        if view.family_present:
            effects.append(NotifyFamily(AppointmentMissed(current.key)))
        text += " Die Familie kann um einen neuen bitten; Vorschläge mit /termin."
    effects.append(
        Audit("appointment_held" if action.held else "appointment_missed", view.id, actor.user_id)
    )
    if action.pressed:
        return StaffOutcome(
            effects=tuple(effects), toast=text, edit=f"{describe(current)}\n→ {text}"
        )
    return StaffOutcome((say(text),), effects=tuple(effects))


def _answer(action: AppointmentHeld, text: str) -> StaffOutcome:
    return StaffOutcome(toast=text) if action.pressed else StaffOutcome((say(text),))


def week_text(week: tuple[Appointment, ...], now: datetime) -> str:
    """/termine: the booked appointments from now (those begun within the hour included)
    to seven days ahead, soonest first."""
    coming = sorted(
        (a for a in week if a.starts_at and now - DURATION <= a.starts_at < now + WEEK),
        key=lambda a: a.starts_at or now,
    )
    if not coming:
        return "📅 Keine gebuchten Termine in den nächsten sieben Tagen."
    rows = []
    for appointment in coming:
        slot = appointment.slot
        assert slot is not None
        interpreter = " · Dolmetscher" if appointment.interpreter else ""
        rows.append(f"• {when_de(slot)} · Fall #{appointment.case_id} · {slot.place}{interpreter}")
    return "📅 Termine der nächsten sieben Tage:\n" + "\n".join(rows)
