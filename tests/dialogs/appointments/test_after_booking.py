"""After the booking: the counsellor moves it, marks it held or missed (a missed one offers the
family a new one), and `/termine` lists the coming week for the team."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from dialogs.appointments.model import Appointment, Slot
from dialogs.staff import actions as a
from dialogs.staff import effects as fx
from dialogs.staff.appointments import week_text
from dialogs.staff.commands import parse_staff_command
from tests.dialogs.appointments.test_round_trip import OFFER, Shell
from tests.support.staff_driver import NOW, StaffDriver

START = datetime(2026, 12, 3, 9, tzinfo=UTC)


def booked_shell() -> Shell:
    shell = Shell()
    shell.staff_types(OFFER)
    shell.family_presses("Do., 3. Dez.")
    assert shell.stored is not None and shell.stored.status == "booked"
    return shell


def test_moving_tells_the_family_resends_the_calendar_and_resets_reminders() -> None:
    shell = booked_shell()
    assert shell.stored is not None
    shell.stored = shell.stored.with_(reminded_day=True)  # as the reminder job left it
    shell.staff.view = replace(shell.staff.view, appointment=shell.stored)  # type: ignore[arg-type]
    shell.staff_types("/termin verschieben 5.12. 11:00")
    moved = shell.stored
    assert moved.status == "booked" and moved.starts_at == datetime(2026, 12, 5, 10, tzinfo=UTC)
    assert moved.sequence == 1 and not moved.reminded_day
    assert moved.slots[0].place.startswith("Kommunales Integrationszentrum")  # place kept
    assert shell.staff.effects(fx.SendCalendar) == [fx.SendCalendar(moved.key)]
    assert "Termin verschoben" in shell.staff.texts()[0]
    text = shell.family.text()
    assert "Ihren Termin verschoben. Neuer Termin: Samstag, 5. Dezember 2026, 11:00" in text
    assert shell.family.labels() == ["Termin absagen", "Anderer Termin, bitte"]
    # The family can still cancel the moved appointment.
    shell.family_presses("Termin absagen")
    assert shell.stored.status == "cancelled"


def test_moving_needs_a_booked_appointment_and_a_valid_time() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    shell.staff_types("/termin verschieben 5.12. 11:00")
    assert "nur mit einem gebuchten Termin" in shell.staff.texts()[0]
    shell = booked_shell()
    shell.staff_types("/termin verschieben gestern")
    assert "ist kein Termin" in shell.staff.texts()[0]
    shell.staff_types("/termin verschieben 5.12. 11:00; Rathaus Nottuln")
    assert shell.stored is not None and shell.stored.slots[0].place == "Rathaus Nottuln"


def test_held_only_once_it_has_begun_and_only_once() -> None:
    shell = booked_shell()
    shell.staff_types("/termin stattgefunden")
    assert "noch nicht begonnen" in shell.staff.texts()[0]
    shell.staff.now = START + timedelta(minutes=30)
    # The buttons under the booking in the topic.
    shell.staff.press_action(f"aph.{shell.staff.view.id}")  # type: ignore[union-attr]
    assert shell.staff.last.toast == "Termin vermerkt: stattgefunden."
    (saved,) = shell.staff.effects(fx.SaveAppointment)
    assert saved.appointment.status == "held" and not shell.staff.effects(fx.NotifyFamily)
    shell.staff.press_action(f"apm.{shell.staff.view.id}")
    assert "schon als „stattgefunden“" in (shell.staff.last.toast or "")


def test_missed_offers_the_family_a_new_appointment() -> None:
    shell = booked_shell()
    shell.staff.now = START + timedelta(hours=1)
    shell.staff_types("/termin verpasst")
    assert shell.stored is not None and shell.stored.status == "missed"
    assert "Vorschläge mit /termin" in shell.staff.texts()[0]
    assert "leider nicht gesehen" in shell.family.text()
    assert shell.family.labels() == ["Anderer Termin, bitte"]
    effects = shell.family_presses("Anderer Termin")
    (posted,) = [e for e in effects if isinstance(e, fx.PostToTopic)]
    assert "nach dem verpassten Termin um einen neuen" in posted.reply.text.value  # type: ignore[union-attr]
    assert shell.stored.status == "missed"  # the report counts it as missed
    # And a new offer goes out.
    shell.staff_types("/termin 10.12. 9:00; ki")
    assert shell.stored.status == "offered"


def test_the_buttons_act_only_in_their_own_topic() -> None:
    shell = booked_shell()
    shell.staff.now = START + timedelta(hours=1)
    shell.staff.press_action("aph.99")
    assert shell.staff.last.toast == "Dieser Knopf gehört zu keinem Fall in diesem Thema."


def test_the_commands() -> None:
    assert parse_staff_command("termin", "stattgefunden") == a.AppointmentHeld(True)
    assert parse_staff_command("termin", "verpasst") == a.AppointmentHeld(False)
    assert parse_staff_command("termine", "") == a.WeekAppointments()


def test_the_week_for_the_team() -> None:
    def booked(key: str, case_id: int, at: datetime, interpreter: bool = False) -> Appointment:
        return Appointment(
            key, case_id, "booked", (Slot(at, "KI Coesfeld"),), interpreter, chosen=0
        )

    week = (
        booked("b", 14, NOW + timedelta(days=2), interpreter=True),
        booked("a", 12, NOW + timedelta(hours=3)),
        booked("c", 15, NOW + timedelta(days=8)),  # beyond the week
    )
    d = StaffDriver(view=None, week=week)
    d.type("/termine")
    assert d.texts()[0] == (
        "📅 Termine der nächsten sieben Tage:\n"
        "• Mittwoch, 25. November 2026, 13:00 · Fall #12 · KI Coesfeld\n"
        "• Freitag, 27. November 2026, 10:00 · Fall #14 · KI Coesfeld · Dolmetscher"
    )
    assert week_text((), NOW) == "📅 Keine gebuchten Termine in den nächsten sieben Tagen."


def test_closing_the_case_cancels_its_appointment_and_tells_the_family() -> None:
    shell = booked_shell()
    case_id = shell.staff.view.id  # type: ignore[union-attr]
    shell.staff.press_action(f"close.{case_id}")  # asks first: nothing cancelled yet
    assert not shell.staff.last.effects
    shell.staff.press_action(f"closeok.{case_id}")
    shell._run(shell.staff.last.effects)
    assert shell.stored is not None and shell.stored.status == "cancelled"
    texts = [
        shell.family.renderer.render(r.text, "de")
        for o in shell.family.history[-2:]
        for r in o.replies
    ]
    assert any("Die Beratung hat Ihren Termin abgesagt" in t for t in texts)
    assert any("abgeschlossen" in t for t in texts)


def test_a_lapsed_offer_makes_way_and_a_past_booking_asks_to_be_marked() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    lapsed = shell.stored
    assert lapsed is not None
    shell.staff.now = datetime(2026, 12, 5, tzinfo=UTC)  # both slots passed unanswered
    shell.staff_types("/termin 10.12. 9:00; ki")
    saved = [e.appointment for e in shell.staff.effects(fx.SaveAppointment)]
    assert [(s.key, s.status) for s in saved] == [(lapsed.key, "cancelled"), ("tok2", "offered")]

    shell = booked_shell()
    shell.staff.now = START + timedelta(hours=2)
    shell.staff_types("/termin 10.12. 9:00; ki")
    assert "Erst vermerken: /termin stattgefunden oder /termin verpasst." in shell.staff.texts()[0]
