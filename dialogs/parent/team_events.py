"""What the family reads when the team acts (claims, writes, sends a file, closes, reopens),
and how its conversation with the team opens and closes."""

from __future__ import annotations

from dialogs.parent import handoff
from dialogs.parent.events import (
    CaseClaimed,
    CaseClosed,
    CaseReopened,
    CounsellorSentFile,
    CounsellorWrote,
    TeamEvent,
)
from dialogs.parent.state import ParentState
from dialogs.parent.turn import INTAKE_SCREENS
from dialogs.reply import Button, Reply
from dialogs.text import Raw, lines


def team_event(state: ParentState, event: TeamEvent) -> list[Reply]:
    """What the family reads when the team acts; the conversation is with the team from then
    on (free text goes to the case), until closing or the parent's "back to menu"."""
    talking = not isinstance(event, CaseClosed)
    state.case_closed = not talking
    if state.talking != talking:
        state.talking = talking
        if talking and state.screen not in INTAKE_SCREENS:
            state.screen = "handed_off"
    if isinstance(event, CaseClaimed):
        state.case_claimed = True
    match event:
        case CaseClaimed(counsellor=name):
            leave = Button(handoff.leave_label(), "leave")
            return [Reply(handoff.person_answers(name, state), ((leave,),))]
        case CaseClosed():
            return [Reply(handoff.case_closed())]
        case CaseReopened():
            leave = Button(handoff.leave_label(), "leave")
            return [Reply(handoff.reopened_by_team(), ((leave,),))]
        case CounsellorWrote(text=text, counsellor=name):
            return [Reply(lines(handoff.from_counsellor(name), text))]
        case CounsellorSentFile(ref=ref, caption=caption, captionable=True, counsellor=name):
            header = handoff.from_counsellor(name)
            return [Reply(lines(header, Raw(caption)) if caption else header, copy_of=ref)]
        case CounsellorSentFile(ref=ref, counsellor=name):
            # Stickers and locations carry no caption: the header goes first, on its own.
            return [Reply(handoff.from_counsellor(name)), Reply(Raw(""), copy_of=ref)]
    raise AssertionError(f"unhandled team event {event!r}")
