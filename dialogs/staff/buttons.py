"""The buttons counsellors press, both ways: built here with the case (or preview) they act on,
and parsed back here, so the two cannot drift.

An action names its target (`claim.12`, `send.k3J9x2`); the shell loads that case and acts
only if it is the case of the topic the button was pressed in, so a forged or copied button
cannot reach another case.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.reply import Button, Rows
from dialogs.staff.actions import (
    AppointmentHeld,
    Claim,
    Close,
    ConfirmClose,
    ConfirmErase,
    DropDraft,
    ExplainOverride,
    Reopen,
    SendDraft,
    ShowSpecialNeeds,
    StaffAction,
    Templates,
    UseTemplate,
)
from dialogs.staff.templates import TEMPLATES
from dialogs.text import Raw


@dataclass(frozen=True)
class CaseTarget:
    case_id: int


@dataclass(frozen=True)
class DraftTarget:
    token: str


Target = CaseTarget | DraftTarget


def _button(label: str, action: str) -> Button:
    return Button(Raw(label), action)


def card_buttons(case_id: int, status: str, *, special: bool = False) -> Rows:
    """What can be done to a case in its state; checked again against the state when pressed.
    `special`: a child has an answer to a special-category question, shown on request only."""
    rows: list[tuple[Button, ...]] = []
    if status == "open":
        rows.append((_button("🙋 Übernehmen", f"claim.{case_id}"),))
    if status in {"open", "claimed"}:
        rows.append(
            (
                _button("✅ Abschließen", f"close.{case_id}"),
                _button("📝 Einschätzung ändern", f"est.{case_id}"),
            )
        )
        rows.append((_button("💬 Vorlagen", f"tpls.{case_id}"),))
    if status == "closed":
        rows.append((_button("↩️ Wieder öffnen", f"reopen.{case_id}"),))
    if special:
        rows.append((_button("🩺 Angabe ansehen", f"sn.{case_id}"),))
    return tuple(rows)


def template_buttons(case_id: int) -> Rows:
    return tuple((_button(t.label, f"tpl.{case_id}.{t.key}"),) for t in TEMPLATES)


def draft_buttons(token: str) -> Rows:
    return ((_button("📤 Senden", f"send.{token}"), _button("✖️ Verwerfen", f"drop.{token}")),)


def close_buttons(case_id: int) -> Rows:
    return ((_button("✅ Ja, abschließen", f"closeok.{case_id}"),),)


def appointment_buttons(case_id: int) -> Rows:
    """Under a booking in the topic: what became of it (checked against the case when pressed)."""
    return (
        (
            _button("✅ Stattgefunden", f"aph.{case_id}"),
            _button("🚫 Nicht erschienen", f"apm.{case_id}"),
        ),
    )


def erase_buttons(case_id: int) -> Rows:
    return ((_button("🗑 Endgültig löschen", f"erase.{case_id}"),),)


_CASE_VERBS: dict[str, type[StaffAction]] = {
    "claim": Claim,
    "close": Close,
    "closeok": ConfirmClose,
    "reopen": Reopen,
    "est": ExplainOverride,
    "erase": ConfirmErase,
    "sn": ShowSpecialNeeds,
}


def parse_button(action: str) -> tuple[Target, StaffAction] | None:
    """The target and action of a staff button; None for anything we did not make."""
    verb, _sep, rest = action.partition(".")
    subject, _sep, arg = rest.partition(".")
    if verb in {"send", "drop"} and subject.isalnum() and not arg:
        token = subject
        return DraftTarget(token), SendDraft(token) if verb == "send" else DropDraft(token)
    if not subject.isdigit():
        return None
    target = CaseTarget(int(subject))
    if verb in _CASE_VERBS and not arg:
        return target, _CASE_VERBS[verb]()
    if verb in {"aph", "apm"} and not arg:
        return target, AppointmentHeld(verb == "aph", pressed=True)
    if verb == "tpls" and not arg:
        return target, Templates(pressed=True)
    if verb == "tpl" and arg:
        return target, UseTemplate(arg, (), pressed=True)
    return None
