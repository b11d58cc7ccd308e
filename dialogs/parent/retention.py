"""What the retention period removes from a family's own state (pure).

A case holds the children a family sent and its request for a person; the family's state
keeps its own copy (for /mydata and "Mein Fall"). When housekeeping anonymises a closed case
after RETENTION_MONTHS, the copy goes too, even if the family still uses the bot (opens an
info card now and then) and so is never deleted as inactive.
"""

from __future__ import annotations

from datetime import datetime

from dialogs.parent.state import ParentState


def _by(moment: str | None, closed_at: datetime) -> bool:
    return moment is not None and datetime.fromisoformat(moment) <= closed_at


def forget_case(state: ParentState, closed_at: datetime) -> ParentState | None:
    """The state without what the family sent up to `closed_at`, the closing of a case that
    is now anonymised: a family's cases follow one another (a new one only once the last is
    closed), so everything sent by then went to that case or an earlier one. None when there
    is nothing to forget. A child still being entered stays."""
    kept = [i for i, c in enumerate(state.children) if not _by(c.submitted_at, closed_at)]
    asked = _by(state.contact_requested_at, closed_at)
    # Appointments of that case were all over by its closing (closing cancels what is open).
    over = [
        key
        for key, memo in state.appointments.items()
        if memo.slots and all(start <= closed_at for start, _place in memo.slots)
    ]
    if len(kept) == len(state.children) and not asked and not over:
        return None
    new = state.model_copy(deep=True)
    new.children = [new.children[i] for i in kept]
    if asked:
        new.contact_requested_at = None
    for key in over:
        del new.appointments[key]
    if state.child is not None:
        new.child = kept.index(state.child) if state.child in kept else None
    if new.child is None and new.screen in {"question", "other_text", "summary", "special_consent"}:
        new.screen, new.question, new.editing, new.pending = "menu", None, False, None
    if not new.has_case:
        # Nothing of a case is left to the family: what it writes is no longer "to a closed
        # case" (which would promise a reopening of what is gone).
        new.case_closed = False
        if new.screen == "handed_off":
            new.screen = "menu"
    return new
