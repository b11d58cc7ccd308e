"""Which staff group a case belongs to (STAFF_GROUPS), as a pure function."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.staff.groups import StaffGroups, StaffGroupsError, parse_assignment

KREIS = load_kreis(default_kreis_path())
DEFAULT, DUELMEN_TEAM, SOUTH_TEAM = -1001, -1002, -1003


@dataclass(frozen=True)
class Case:
    municipality: str | None = None
    assigned_chat_id: int | None = None
    staff_chat_id: int | None = None
    topic_id: int | None = None


def groups(text: str, default: int | None = None) -> StaffGroups:
    built = StaffGroups.build(parse_assignment(text), default=default, kreis=KREIS)
    assert built is not None
    return built


SPLIT = f"{DUELMEN_TEAM}=Dülmen; {SOUTH_TEAM}=Olfen,nordkirchen,Lüdinghausen; {DEFAULT}=*"


def test_the_setting_is_read_with_spaces_ids_and_any_case() -> None:
    assert parse_assignment(SPLIT) == {
        DUELMEN_TEAM: ("Dülmen",),
        SOUTH_TEAM: ("Olfen", "nordkirchen", "Lüdinghausen"),
        DEFAULT: ("*",),
    }
    split = groups(SPLIT)
    assert split.default == DEFAULT
    assert split.chats == (DEFAULT, DUELMEN_TEAM, SOUTH_TEAM)
    # Names as the Kreis file spells them, whether the setting used the id or "Duelmen".
    assert split.by_municipality == {
        "Dülmen": DUELMEN_TEAM,
        "Olfen": SOUTH_TEAM,
        "Nordkirchen": SOUTH_TEAM,
        "Lüdinghausen": SOUTH_TEAM,
    }
    assert groups(f"{DUELMEN_TEAM}=DUELMEN", default=DEFAULT).of_municipality("Dülmen") == (
        DUELMEN_TEAM
    )


def test_a_new_case_goes_to_its_municipalitys_group_and_the_rest_to_the_default() -> None:
    split = groups(SPLIT)
    assert split.of_case(Case("Dülmen")) == DUELMEN_TEAM
    assert split.of_case(Case("Olfen")) == SOUTH_TEAM
    assert split.of_case(Case("Senden")) == DEFAULT  # not named: the default group
    assert split.of_case(Case(None)) == DEFAULT  # only asked for a person


def test_counsellor_chat_id_alone_is_the_one_group_as_before() -> None:
    one = StaffGroups.build(None, default=DEFAULT, kreis=KREIS)
    assert one == StaffGroups(DEFAULT)
    assert one.chats == (DEFAULT,)
    assert one.of_case(Case("Dülmen")) == DEFAULT
    assert StaffGroups.build(None, default=None, kreis=KREIS) is None  # cases wait
    # COUNSELLOR_CHAT_ID is the default when STAFF_GROUPS names none.
    both = groups(f"{DUELMEN_TEAM}=Dülmen", default=DEFAULT)
    assert both.chats == (DEFAULT, DUELMEN_TEAM)
    assert groups(f"{DEFAULT}=*;{DUELMEN_TEAM}=Dülmen", default=DEFAULT).default == DEFAULT


def test_a_case_with_a_topic_stays_unless_its_municipality_changed() -> None:
    split = groups(SPLIT)
    # Its topic is in the default group: it stays there, also after the setting changed.
    asked_first = Case(None, staff_chat_id=DEFAULT, topic_id=7)
    assert split.of_case(asked_first) == DEFAULT
    assert split.of_case(Case("Dülmen", staff_chat_id=DEFAULT, topic_id=7)) == DEFAULT
    # Its municipality became known (the shell assigned it): it moves to that group.
    known_now = Case("Dülmen", assigned_chat_id=DUELMEN_TEAM, staff_chat_id=DEFAULT, topic_id=7)
    assert split.of_case(known_now) == DUELMEN_TEAM
    # Known before its topic was made: the topic is made in the right group.
    assert split.of_case(Case("Dülmen", assigned_chat_id=DUELMEN_TEAM)) == DUELMEN_TEAM


def test_a_group_that_is_no_staff_group_any_more_hands_its_cases_on() -> None:
    split = groups(SPLIT)
    gone = -1009
    # A topic (or an assignment) in a group that was removed: by municipality now.
    assert split.of_case(Case("Olfen", staff_chat_id=gone, topic_id=3)) == SOUTH_TEAM
    assert split.of_case(Case("Senden", assigned_chat_id=gone, staff_chat_id=gone)) == DEFAULT
    # A topic number without a group (before cases knew theirs) is no placement.
    assert split.of_case(Case("Olfen", staff_chat_id=None, topic_id=3)) == SOUTH_TEAM
    assert gone not in split and DUELMEN_TEAM in split and DEFAULT in split


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1002=Dülmen;-1001=*;-1003=Haltern", '"Haltern" (-1003) is not a municipality'),
        ("-1002=Dülmen;-1003=Dülmen,Olfen;-1001=*", "Dülmen is assigned to two groups"),
        ("1002=Dülmen;-1001=*", "1002 is not a supergroup's chat id"),
        ("-1002=Dülmen;-1001=*;-1003=*", "more than one default group"),
        ("-1002=Dülmen;-1002=Olfen;-1001=*", "-1002 appears twice"),
        ("-1002 Dülmen;-1001=*", '"-1002 Dülmen" is not written as'),
        ("-1002=;-1001=*", "-1002= names no municipality"),
        ("-1002=Dülmen", "no default group"),
    ],
)
def test_a_wrong_setting_is_refused_with_what_to_change(text: str, message: str) -> None:
    with pytest.raises(StaffGroupsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        StaffGroups.build(parse_assignment(text), default=None, kreis=KREIS)


def test_an_unknown_name_lists_the_kreis_municipalities() -> None:
    with pytest.raises(StaffGroupsError) as raised:
        groups("-1002=Dülmen,Muenster;-1001=*")
    assert "Ascheberg, Billerbeck, Coesfeld, Dülmen" in str(raised.value)


def test_two_defaults_are_refused() -> None:
    with pytest.raises(StaffGroupsError, match="two default groups: COUNSELLOR_CHAT_ID=-1009"):
        groups(f"{DUELMEN_TEAM}=Dülmen;{DEFAULT}=*", default=-1009)
