"""Appointments: a counsellor offers one to three slots in a case topic, the family picks one,
either side can cancel, reminders follow. Pure: `parse` reads `/termin`, `staff` decides the
counsellors' actions, `reminders` says which reminder is due; the family's side lives in its
own flow (`dialogs/parent/appointments.py`)."""

from dialogs.appointments.model import Appointment, Slot, Status

__all__ = ["Appointment", "Slot", "Status"]
