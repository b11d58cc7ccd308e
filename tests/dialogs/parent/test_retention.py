"""The family's own copy of a case goes when the case's retention period ends (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.parent.retention import forget_case
from dialogs.parent.state import AppointmentMemo, ChildDraft, ParentState

CLOSED = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def sent(day: int, month: int = 11) -> ChildDraft:
    at = datetime(2026, month, day, 9, 0, tzinfo=UTC).isoformat()
    return ChildDraft(answers={"first_name": f"Kind {day}"}, submitted_at=at, assessment={})


def test_children_sent_by_the_closing_go_a_later_one_and_a_draft_stay() -> None:
    draft = ChildDraft(answers={"first_name": "Entwurf"})
    state = ParentState(
        locale="ar",
        screen="question",
        question="birth_date",
        consent_at="2026-01-01T00:00:00+00:00",
        children=[sent(2), sent(20), sent(3, month=12), draft],
        child=3,
        contact_requested_at="2026-11-01T08:00:00+00:00",
    )
    new = forget_case(state, CLOSED)
    assert new is not None
    assert [c.answers["first_name"] for c in new.children] == ["Kind 3", "Entwurf"]
    assert new.child == 1 and new.screen == "question"  # still answering the draft
    assert new.contact_requested_at is None
    assert new.consent_at == state.consent_at and new.locale == "ar"
    assert len(state.children) == 4  # the given state is not changed
    assert forget_case(new, CLOSED) is None


def test_a_family_left_with_nothing_of_the_case_sees_the_menu() -> None:
    old_slot = (datetime(2026, 11, 10, 9, 0, tzinfo=UTC), "Rathaus")
    new_slot = (datetime(2027, 2, 1, 9, 0, tzinfo=UTC), "Rathaus")
    state = ParentState(
        locale="uk",
        screen="handed_off",
        children=[sent(2)],
        child=0,
        case_closed=True,
        appointments={
            "a1": AppointmentMemo(slots=[old_slot], chosen=0),
            "a2": AppointmentMemo(slots=[new_slot]),
        },
    )
    new = forget_case(state, CLOSED)
    assert new is not None and new.children == [] and new.child is None
    assert new.screen == "menu" and not new.has_case
    # Writing now opens a new case: it is not "the closed case" any more.
    assert not new.case_closed
    assert list(new.appointments) == ["a2"]
