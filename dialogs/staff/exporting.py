"""/bericht and /export in the staff core: what is checked before a file is made.

The files themselves are made by the shell (`bot/reports/`); here it is decided whether one
may be made at all — the case sheet only for children whose family agreed to passing data on —
and every request is audited.
"""

from __future__ import annotations

from dialogs.report.casesheet import Refused, case_sheet
from dialogs.report.month import Month
from dialogs.staff import actions as a
from dialogs.staff.effects import Audit, SendCaseSheet, SendReport
from dialogs.staff.outcome import StaffOutcome, say
from dialogs.staff.view import Actor, CaseView, StaffContext


def report(key: str | None, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    current = Month.of(ctx.now)
    month = Month.parse(key) if key else current.previous()
    if month > current:
        return StaffOutcome((say(f"{month.german} hat noch nicht begonnen: kein Bericht."),))
    partial = " (bis heute)" if month == current else ""
    return StaffOutcome(
        (say(f"📊 Der Monatsbericht {month.german}{partial} wird erstellt und hier gesendet."),),
        effects=(
            SendReport(month.key),
            Audit("report", actor_id=actor.user_id, detail=month.key),
        ),
    )


def export(view: CaseView, action: a.ExportCase, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    """Checked here (consent, answers, the instrument's export fields), made at delivery."""
    try:
        case_sheet(view, instrument=ctx.instrument, kreis=ctx.kreis, now=ctx.now)
    except Refused as refused:
        return StaffOutcome((say(f"⛔ {refused}"),))
    with_notes = " mit internen Notizen" if action.with_notes else ""
    return StaffOutcome(
        (
            say(
                f"📄 Das Fallblatt für Fall #{view.id}{with_notes} wird erstellt und hier gesendet."
            ),
        ),
        effects=(
            SendCaseSheet(view.id, action.with_notes),
            Audit(
                "export_case_sheet",
                view.id,
                actor.user_id,
                detail="mit Notizen" if action.with_notes else None,
            ),
        ),
    )
