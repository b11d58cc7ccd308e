"""An appointment from `/termin` to the family's button and back, through both pure cores:
the staff core's effects are fed to the family's flow as the shell would, and the family's
answer to `family_answer` with the appointment the shell would have stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from dialogs.appointments.model import Appointment
from dialogs.parent.events import AppointmentOffered, Press
from dialogs.parent.outcome import AnswerAppointment
from dialogs.staff import effects as fx
from dialogs.staff.appointments import family_answer
from tests.support.dialog_driver import Driver, context
from tests.support.staff_driver import NOW, StaffDriver, case

# NOW is Wednesday 25 November 2026, 10:00 in Berlin.
OFFER = "/termin 3.12. 10:00, 4.12. 14:30; ki; dolmetscher"


def _family() -> Driver:
    d = Driver(ctx=context(NOW))
    d.start()
    d.press("Deutsch")
    return d


class Shell:
    """Carries effects between the two cores and keeps the stored appointment."""

    def __init__(self) -> None:
        self.staff = StaffDriver(view=case(status="claimed", claimed_by=9001))
        self.family = _family()
        self.stored: Appointment | None = None

    def staff_types(self, text: str) -> None:
        self.staff.type(text)
        self._run(self.staff.last.effects)

    def family_presses(self, label: str) -> list[fx.StaffEffect]:
        out = self.family.press(label)
        effects: list[fx.StaffEffect] = []
        for effect in out.effects:
            assert isinstance(effect, AnswerAppointment) and self.stored is not None
            effects += family_answer(self.staff.view, self.stored, effect).effects  # type: ignore[arg-type]
        self._run(tuple(effects))
        return effects

    def _run(self, effects: tuple[fx.StaffEffect, ...]) -> None:
        for effect in effects:
            if isinstance(effect, fx.SaveAppointment):
                self.stored = effect.appointment
                self.staff.view = replace(self.staff.view, appointment=effect.appointment)  # type: ignore[arg-type]
            elif isinstance(effect, fx.NotifyFamily):
                self.family.send(effect.event)


def test_offer_pick_and_cancel_by_the_family() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    assert "Terminvorschlag an die Familie gesendet" in shell.staff.texts()[0]
    assert shell.stored is not None and shell.stored.status == "offered"
    berlin = [s.at.astimezone(UTC) for s in shell.stored.slots]
    assert berlin == [
        datetime(2026, 12, 3, 9, tzinfo=UTC),
        datetime(2026, 12, 4, 13, 30, tzinfo=UTC),
    ]
    assert "Kommunales Integrationszentrum" in shell.stored.slots[0].place
    text = shell.family.text()
    assert "Donnerstag, 3. Dezember 2026, 10:00" in text
    assert "Freitag, 4. Dezember 2026, 14:30" in text
    assert "Dolmetscher" in text
    assert shell.family.labels() == [
        "Do., 3. Dez., 10:00",
        "Fr., 4. Dez., 14:30",
        "Anderer Termin, bitte",
    ]

    effects = shell.family_presses("Fr., 4. Dez.")
    assert shell.stored.status == "booked" and shell.stored.chosen == 1
    assert any(isinstance(e, fx.SendCalendar) for e in effects)
    assert [type(e) for e in effects if isinstance(e, fx.PostToTopic)] == [fx.PostToTopic]
    reply = shell.family.last.replies[0]  # type: ignore[union-attr]
    assert reply.replace  # the offer turns into the confirmation, its buttons gone
    assert "✅ Ihr Termin: Freitag, 4. Dezember 2026, 14:30" in shell.family.text()
    assert "Meldebescheinigung" in shell.family.text()  # what to bring
    assert shell.family.labels() == ["Termin absagen", "Anderer Termin, bitte"]

    effects = shell.family_presses("Termin absagen")
    assert shell.stored.status == "cancelled" and shell.stored.cancelled_by == "family"
    assert "abgesagt" in shell.family.text()
    assert not shell.family.state.appointments
    # The old offer's buttons are stale now and change nothing.
    out = shell.family.send(Press(f"ap.{shell.stored.key}.0"))
    assert out.effects == () and "nicht mehr aktuell" in shell.family.text()


def test_the_topic_hears_of_the_familys_choice() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    effects = shell.family_presses("Do., 3. Dez.")
    (posted,) = [e for e in effects if isinstance(e, fx.PostToTopic)]
    rendered = posted.reply.text.value  # type: ignore[union-attr]
    assert "Die Familie hat den Termin gewählt" in rendered
    assert "Donnerstag, 3. Dezember 2026, 10:00" in rendered


def test_asking_for_another_time_voids_the_offer_and_tells_the_topic() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    effects = shell.family_presses("Anderer Termin")
    assert shell.stored is not None and shell.stored.status == "cancelled"
    assert any(
        "anderen Termin" in e.reply.text.value for e in effects if isinstance(e, fx.PostToTopic)
    )  # type: ignore[union-attr]
    assert "anderen Termin vor" in shell.family.text()
    # A new offer is possible at once.
    shell.staff_types("/termin 7.12. 9:00; Rathaus Dülmen, Zimmer 3")
    assert (
        shell.stored.status == "offered"
        and shell.stored.slots[0].place == "Rathaus Dülmen, Zimmer 3"
    )


def test_the_counsellor_cancels_and_the_family_is_told() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    shell.family_presses("Do., 3. Dez.")
    shell.staff_types("/termin absagen")
    assert shell.stored is not None and shell.stored.status == "cancelled"
    assert shell.stored.cancelled_by == "staff"
    assert (
        "Die Beratung hat Ihren Termin abgesagt: Donnerstag, 3. Dezember 2026"
        in shell.family.text()
    )
    assert not shell.family.state.appointments
    shell.staff_types("/termin absagen")
    assert "keinen offenen Termin" in shell.staff.texts()[0]


def test_one_active_appointment_per_case() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    key = shell.stored.key  # type: ignore[union-attr]
    shell.staff_types("/termin 8.12. 9:00; ki")
    assert "schon einen Termin" in shell.staff.texts()[0]
    assert shell.stored.key == key  # type: ignore[union-attr]


def test_a_withdrawn_offer_cannot_be_picked() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    offer = shell.family.last
    shell.staff_types("/termin absagen")
    assert "zurückgezogen" in shell.family.text()
    shell.family.last = offer  # the family taps the old message
    out = shell.family.press("Do., 3. Dez.")
    assert out.effects == ()


def test_a_late_answer_to_a_cancelled_appointment_changes_nothing() -> None:
    stored = Appointment("k", 12, "cancelled", (), cancelled_by="staff")
    outcome = family_answer(case(), stored, AnswerAppointment("k", 0))
    assert outcome.effects == ()


def test_the_offer_reads_as_the_family_writes_dates() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    fa = shell.family.text("fa")
    assert "پنجشنبه" in fa and "دسمبر" in fa and "۱۰:۰۰" in fa  # weekday, Afghan month, digits
    ar = shell.family.text("ar")
    assert "الخميس" in ar and "ديسمبر" in ar and "10:00" in ar
    assert "\u2068" in ar  # the date is isolated inside the right-to-left sentence


def test_the_staff_command_explains_itself() -> None:
    d = StaffDriver(view=case(status="claimed", claimed_by=9001))
    for typed, expected in [
        ("/termin", "So geht es: /termin"),
        ("/termin 3.12. 10:00", "Bitte einen Ort angeben"),
        ("/termin 24.11. 10:00; ki", None),  # no year: the next 24 November, not the past
        ("/termin 24.11.2026 10:00; ki", "in der Vergangenheit"),
        ("/termin 31.11. 10:00; ki", "gibt es nicht im Kalender"),
        ("/termin morgen; ki", "ist kein Termin"),
        ("/termin 1.12. 9:00, 2.12. 9:00, 3.12. 9:00, 4.12. 9:00; ki", "Höchstens 3"),
        ("/termin 1.12. 9:00; ki; kinder 2", "1 Kind"),
    ]:
        d = StaffDriver(view=case(status="claimed", claimed_by=9001))
        d.type(typed)
        if expected is None:
            (save,) = d.effects(fx.SaveAppointment)
            assert save.appointment.slots[0].at.year == 2027
        else:
            assert expected in d.texts()[0], typed
            assert not d.effects(fx.SaveAppointment)


def test_closed_or_erased_cases_get_no_offer() -> None:
    for view, expected in [
        (case(status="closed"), "abgeschlossen"),
        (case(family_locale=None), "gelöscht"),
    ]:
        d = StaffDriver(view=view)
        d.type(OFFER)
        assert expected in d.texts()[0] and not d.effects(fx.NotifyFamily)


def test_reminders_in_the_family_flow_only_for_a_held_appointment() -> None:
    shell = Shell()
    shell.staff_types(OFFER)
    shell.family_presses("Do., 3. Dez.")
    from dialogs.parent.events import AppointmentReminder

    slot = shell.stored.slot  # type: ignore[union-attr]
    assert slot is not None
    shell.family.send(AppointmentReminder(shell.stored.key, slot, "day"))  # type: ignore[union-attr]
    assert "Erinnerung an Ihren Termin" in shell.family.text()
    assert "Meldebescheinigung" in shell.family.text()
    shell.family_presses("Termin absagen")
    out = shell.family.send(AppointmentReminder(shell.stored.key, slot, "hours"))  # type: ignore[union-attr]
    assert out.replies == ()


def test_memos_of_past_appointments_are_forgotten() -> None:
    d = _family()
    shell = Shell()
    shell.staff_types(OFFER)
    event = next(e.event for e in shell.staff.last.effects if isinstance(e, fx.NotifyFamily))
    assert isinstance(event, AppointmentOffered)
    d.send(event)
    d.ctx = context(NOW + timedelta(days=30))
    out = d.send(Press(f"ap.{event.key}.0"))
    assert out.effects == () and not d.state.appointments
