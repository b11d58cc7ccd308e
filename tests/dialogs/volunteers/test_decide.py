"""The volunteers' core without Telegram: registration, decisions, naming, silence."""

from __future__ import annotations

from dataclasses import replace

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.text import render_german
from dialogs.volunteers import buttons, referrals
from dialogs.volunteers.actions import Approve, BotAdded, BotRemoved, GroupCommand, Name, Reject
from dialogs.volunteers.decide import VolunteerContext, decide_group, decide_staff, parse_name
from dialogs.volunteers.model import Initiative

CTX = VolunteerContext(load_kreis(default_kreis_path()), next_number=4)
GROUP = -55
ADDED = BotAdded("Café International", "Helga", 17)
PENDING = Initiative(4, GROUP, "Café International", "pending")
APPROVED = replace(PENDING, status="approved")


def test_added_group_is_introduced_and_the_team_asked() -> None:
    outcome = decide_group(None, GROUP, ADDED, CTX)
    assert outcome.initiative == PENDING
    assert len(outcome.to_group) == 1
    (request,) = outcome.to_staff
    text = render_german(request.text)
    assert "#4" in text and "Café International" in text and "Helga" in text and "17" in text
    actions = [b.action for row in request.buttons for b in row]
    assert actions == [buttons.approve(4), buttons.reject(4)]
    assert [buttons.parse_staff(a) for a in actions] == [Approve(4), Reject(4)]


def test_unknown_member_count_still_asks() -> None:
    outcome = decide_group(None, GROUP, replace(ADDED, member_count=None), CTX)
    assert "? Mitglieder" in render_german(outcome.to_staff[0].text)


def test_pending_group_gets_one_note_then_silence() -> None:
    first = decide_group(PENDING, GROUP, GroupCommand("info", ""), CTX)
    assert first.to_group and first.initiative is not None and first.initiative.noted
    again = decide_group(first.initiative, GROUP, GroupCommand("info", ""), CTX)
    assert again == decide_group(first.initiative, GROUP, GroupCommand("help", ""), CTX)
    assert not again.to_group and again.initiative is None and not again.info


def test_approved_group_asks_for_info() -> None:
    assert decide_group(APPROVED, GROUP, GroupCommand("info", ""), CTX).info
    assert not decide_group(APPROVED, GROUP, GroupCommand("queue", ""), CTX).info


def test_approve_reject_and_repeat() -> None:
    approved = decide_staff(PENDING, Approve(4), "Anna", CTX)
    assert approved.initiative == APPROVED and approved.to_group and not approved.leave
    assert "Anna" in (approved.edit or "")
    assert decide_staff(APPROVED, Approve(4), "Anna", CTX).initiative is None
    rejected = decide_staff(PENDING, Reject(4), "Anna", CTX)
    assert rejected.leave and rejected.to_group
    assert rejected.initiative is not None and rejected.initiative.status == "rejected"
    # A group that removed the bot before the decision: nothing to say, nothing to leave.
    gone = replace(PENDING, status="removed", was="pending")
    assert not decide_staff(gone, Reject(4), "Anna", CTX).leave


def test_rejected_group_is_left_when_it_adds_the_bot_again() -> None:
    rejected = replace(PENDING, status="rejected")
    outcome = decide_group(rejected, GROUP, ADDED, CTX)
    assert outcome.leave and not outcome.to_staff and not outcome.to_group


def test_removed_and_added_again_keeps_the_approval() -> None:
    removed = decide_group(APPROVED, GROUP, BotRemoved(), CTX).initiative
    assert removed is not None and removed.status == "removed" and removed.was == "approved"
    back = decide_group(removed, GROUP, ADDED, CTX)
    assert back.initiative is not None and back.initiative.approved and not back.to_staff


def test_naming_matches_the_municipality() -> None:
    named = decide_staff(APPROVED, Name(4, "  Café   International ", "Stadt Dülmen"), "A", CTX)
    assert named.initiative is not None
    assert (named.initiative.name, named.initiative.municipality) == (
        "Café International",
        "duelmen",
    )
    unknown = decide_staff(APPROVED, Name(4, "X", "Atlantis"), "A", CTX)
    assert unknown.initiative is None and "Gemeinden:" in render_german(unknown.replies[0].text)
    not_yet = decide_staff(PENDING, Name(4, "X", "Dülmen"), "A", CTX)
    assert not_yet.initiative is None


def test_parse_name() -> None:
    assert parse_name("3 Café International; Dülmen") == Name(3, "Café International", "Dülmen")
    assert parse_name("#3 Café; Dülmen") == Name(3, "Café", "Dülmen")
    assert parse_name("Café International; Dülmen") == Name(None, "Café International", "Dülmen")
    assert parse_name("Café International") is None
    assert parse_name("3 ; Dülmen") is None


def test_invitation_commands_only_in_an_approved_group() -> None:
    assert decide_group(APPROVED, GROUP, GroupCommand("einladen", ""), CTX).invite
    assert not decide_group(PENDING, GROUP, GroupCommand("einladen", ""), CTX).invite
    revoke = decide_group(APPROVED, GROUP, GroupCommand("einladen_widerrufen", "ab12 x"), CTX)
    assert revoke.revoke == "ab12"
    usage = decide_group(APPROVED, GROUP, GroupCommand("einladen_widerrufen", " "), CTX)
    assert usage.revoke is None and usage.to_group


def test_start_payloads() -> None:
    assert referrals.code_of("ref-Ab_3-x9") == "Ab_3-x9"
    for other in (None, "", "ref-", "ref-ab", "ref-a b c d", "ref-äöüß1234", "abcd1234"):
        assert referrals.code_of(other) is None, other
    assert referrals.link("SchulBot", "abcd1234") == "https://t.me/SchulBot?start=ref-abcd1234"


def test_approving_a_group_the_bot_is_not_in_waits_for_its_return() -> None:
    gone = replace(PENDING, status="removed", was="pending")
    later = decide_staff(gone, Approve(4), "Anna", CTX)
    assert later.initiative is not None and later.initiative.status == "removed"
    assert later.initiative.was == "approved" and not later.to_group
    back = decide_group(later.initiative, GROUP, ADDED, CTX)
    assert back.initiative is not None and back.initiative.approved and not back.to_staff
