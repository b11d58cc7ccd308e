"""Drives the pure staff core like a counsellor: types in a topic, presses the buttons shown,
and keeps the case as the shell would after each outcome (changes applied, drafts stored)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from dialogs.appointments.model import Appointment
from dialogs.staff import actions as a
from dialogs.staff import effects as fx
from dialogs.staff.buttons import CaseTarget, DraftTarget, parse_button
from dialogs.staff.commands import parse_staff_command
from dialogs.staff.decide import StaffOutcome, decide
from dialogs.staff.queue import QueuedCase
from dialogs.staff.view import Actor, CaseView, Child, Draft, StaffContext
from dialogs.text import Renderer
from tests.support.dialog_driver import AMIRA, INSTRUMENT, KREIS

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Berlin
ANNA = Actor(9001, "Anna")
E = TypeVar("E")
render = Renderer().render

# What a submitted child looks like on a case: the sample answers and an estimate.
ASSESSMENT = {
    "stage": "primary",
    "school_obligation": "yes",
    "support": ["german_support"],
    "placing_authority": "schulamt",
    "grade_band": "3–4",
    "reasons": ["sp.who", "sys.grund"],
    "age": 10,
    "explanation": "Stufe: Grundschule.",
}
CHILD = Child({"first_name": "Amira", "birth_date": "2016-03-12"}, ASSESSMENT)


def case(**changes: Any) -> CaseView:
    """Case 12 of family 501 (Arabic), open, with one child and a topic."""
    base = CaseView(
        id=12,
        status="open",
        locale="ar",
        created_at=NOW,
        children=(CHILD,),
        family_id=501,
        family_locale="ar",
        topic_id=77,
    )
    return replace(base, **changes)


@dataclass
class StaffDriver:
    view: CaseView | None = field(default_factory=case)
    actor: Actor = ANNA
    now: datetime = NOW
    policy: str = "reopen"
    tokens: int = 0
    queue: tuple[QueuedCase, ...] = ()  # what the shell would load for /queue
    week: tuple[Appointment, ...] = ()  # … and for /termine
    history: list[StaffOutcome] = field(default_factory=list)

    @property
    def last(self) -> StaffOutcome:
        return self.history[-1]

    def context(self) -> StaffContext:
        self.tokens += 1
        return StaffContext(
            instrument=INSTRUMENT,
            kreis=KREIS,
            now=self.now,
            closed_case_policy=self.policy,  # type: ignore[arg-type]
            new_token=f"tok{self.tokens}",
            queue=self.queue,
            week=self.week,
        )

    def act(self, action: a.StaffAction, *, in_topic: bool = True) -> StaffOutcome:
        outcome = decide(self.view if in_topic else None, action, self.actor, self.context())
        self.history.append(outcome)
        self._keep(outcome)
        return outcome

    def type(self, text: str) -> StaffOutcome:
        """A line typed in the case's topic: a command or words for the family."""
        if text.startswith("/"):
            name, _sep, args = text[1:].partition(" ")
            return self.act(parse_staff_command(name, args) or a.UnknownCommand())
        return self.act(a.Write(text))

    def buttons(self) -> list[tuple[str, str]]:
        return [
            (render(b.label, "de"), b.action)
            for reply in self.last.replies
            for row in reply.buttons
            for b in row
        ]

    def press(self, label_part: str) -> StaffOutcome:
        """Press the last shown button whose label contains `label_part`, as the shell would:
        only when its target is this case (or this case's preview)."""
        matches = [action for label, action in self.buttons() if label_part in label]
        assert matches, f"no button {label_part!r} among {self.buttons()}"
        return self.press_action(matches[-1])

    def press_action(self, data: str) -> StaffOutcome:
        parsed = parse_button(data)
        if parsed is None:
            return self.act(a.UnknownButton(), in_topic=False)
        target, action = parsed
        mine = self.view is not None and (
            (isinstance(target, CaseTarget) and target.case_id == self.view.id)
            or (isinstance(target, DraftTarget))
        )
        return self.act(action, in_topic=mine)

    def effects(self, kind: type[E]) -> list[E]:
        return [e for e in self.last.effects if isinstance(e, kind)]

    def texts(self) -> list[str]:
        return [render(r.text, "de") for r in self.last.replies]

    def _keep(self, outcome: StaffOutcome) -> None:
        """What the shell writes, applied to the driver's view (and counsellor)."""
        for effect in outcome.effects:
            if isinstance(effect, fx.RememberCounsellor):
                self.actor = replace(self.actor, shows_name=effect.shows_name)
        if self.view is None:
            return
        view = self.view.with_changes(outcome.changes)
        for effect in outcome.effects:
            match effect:
                case fx.SaveDraft(token=token, counsellor_id=who, key=key, values=values):
                    view = replace(view, draft=Draft(token, who, key, values))
                case fx.DeleteDraft():
                    view = replace(view, draft=None)
                case fx.SaveAppointment(appointment=appointment):
                    view = replace(view, appointment=appointment)
                case fx.EraseFamily() | fx.DeleteCase():
                    view = replace(view, family_id=None, family_locale=None)
        self.view = view


__all__ = ["AMIRA", "ANNA", "CHILD", "NOW", "StaffDriver", "case"]
