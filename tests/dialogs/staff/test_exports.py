"""/export, /bericht and /note in the pure staff core: what is refused, what is asked of the
shell, and that every export is audited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dialogs.staff import actions as a
from dialogs.staff.decide import decide
from dialogs.staff.effects import Audit, SaveNote, SendCaseSheet, SendReport
from dialogs.staff.view import Actor, CaseView, Child, StaffContext
from dialogs.text import render_german
from tests.support.dialog_driver import INSTRUMENT, KREIS

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
ANNA = Actor(9001, "Anna")
CTX = StaffContext(instrument=INSTRUMENT, kreis=KREIS, now=NOW)
ASSESSMENT: dict[str, Any] = {"stage": "primary", "support": [], "reasons": ["sp.who"], "age": 8}


def view(*consents: bool | None) -> CaseView:
    children = tuple(
        Child({"first_name": "Amira", "share_consent": c}, ASSESSMENT) for c in consents
    )
    return CaseView(id=7, status="claimed", locale="ar", created_at=NOW, children=children)


def text_of(outcome: Any) -> str:
    return "\n".join(render_german(r.text) for r in outcome.replies)


def test_export_needs_the_familys_consent() -> None:
    for refused in (view(), view(None), view(False, None)):
        outcome = decide(refused, a.ExportCase(), ANNA, CTX)
        assert not any(isinstance(e, SendCaseSheet) for e in outcome.effects)
        assert "⛔" in text_of(outcome)
    assert "nicht zugestimmt" in text_of(decide(view(False), a.ExportCase(), ANNA, CTX))
    assert "keine Angaben" in text_of(decide(view(), a.ExportCase(), ANNA, CTX))


def test_export_with_consent_is_queued_and_audited() -> None:
    outcome = decide(view(False, True), a.ExportCase(with_notes=True), ANNA, CTX)
    assert SendCaseSheet(7, True) in outcome.effects
    assert Audit("export_case_sheet", 7, ANNA.user_id, detail="mit Notizen") in outcome.effects
    assert "Fallblatt für Fall #7 mit internen Notizen" in text_of(outcome)


def test_export_needs_a_case() -> None:
    outcome = decide(None, a.ExportCase(), ANNA, CTX)
    assert outcome.effects == () and "nur im Thema eines Falls" in text_of(outcome)


def test_report_defaults_to_last_month_and_refuses_the_future() -> None:
    outcome = decide(None, a.MonthlyReport(), ANNA, CTX)
    assert SendReport("2026-10") in outcome.effects
    assert Audit("report", actor_id=ANNA.user_id, detail="2026-10") in outcome.effects
    assert "Oktober 2026" in text_of(outcome)
    current = decide(None, a.MonthlyReport("2026-11"), ANNA, CTX)
    assert SendReport("2026-11") in current.effects and "bis heute" in text_of(current)
    future = decide(None, a.MonthlyReport("2027-01"), ANNA, CTX)
    assert future.effects == () and "noch nicht begonnen" in text_of(future)


def test_a_note_is_kept_and_never_sent() -> None:
    outcome = decide(view(True), a.Note("Vater ruft an"), ANNA, CTX)
    assert SaveNote(ANNA.user_id, "Anna", "Vater ruft an") in outcome.effects
    assert not outcome.relayed
