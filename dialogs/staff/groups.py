"""Which staff group a case belongs to.

A Kreis with many families can split its counsellors over several staff groups (supergroups
with topics) by municipality: `STAFF_GROUPS` assigns municipalities of the Kreis file to a
group, and one group is the default for the rest and for cases whose municipality is not
known (a family that only asked for a person). Telegram lets a bot send each group about 20
messages a minute, so every group has a budget of its own.

Pure: the setting's text parsed (`parse_assignment`), checked against the Kreis file
(`StaffGroups.build`), and a case's group from its municipality and where it is already.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from dialogs.kreis import Kreis
from dialogs.kreis.places import fold

DEFAULT = "*"  # the default group's entry: every municipality not named elsewhere
FORMAT = "<chat id>=<Gemeinde>,<Gemeinde>;<chat id>=*"
_ENTRY = re.compile(r"^\s*(-?\d+)\s*=(.*)$")

# The assignment as written: chat id -> the municipality names (or "*") given for it.
Assignment = Mapping[int, tuple[str, ...]]


class Placed(Protocol):
    """What `StaffGroups.of_case` reads of a case (storage's records have it)."""

    @property
    def municipality(self) -> str | None: ...
    @property
    def assigned_chat_id(self) -> int | None: ...  # a change of municipality assigned it
    @property
    def staff_chat_id(self) -> int | None: ...  # the group its topic is in
    @property
    def topic_id(self) -> int | None: ...


class StaffGroupsError(ValueError):
    """STAFF_GROUPS cannot be used as written; the message says what to change."""


def parse_assignment(text: str) -> dict[int, tuple[str, ...]]:
    """`-1001=Dülmen,Senden; -1002=*` as {-1001: ("Dülmen", "Senden"), -1002: ("*",)}.

    Only the form is checked here (the names against the Kreis file in `StaffGroups.build`):
    entries separated by ";", a group's chat id (negative: a supergroup), "=", names separated
    by ",". A group may appear once, and "*" once.
    """
    entries: list[tuple[int, tuple[str, ...]]] = []
    for entry in (part for part in text.split(";") if part.strip()):
        match = _ENTRY.match(entry)
        if match is None:
            raise StaffGroupsError(f'"{entry.strip()}" is not written as {FORMAT}')
        names = tuple(name.strip() for name in match.group(2).split(",") if name.strip())
        entries.append((int(match.group(1)), names))
    return _checked(entries)


def checked_assignment(assignment: Assignment) -> dict[int, tuple[str, ...]]:
    """An assignment given as a mapping (a test, a program), checked as `parse_assignment`
    checks the text."""
    return _checked(
        [
            (
                int(chat),
                tuple(n.strip() for n in names.split(","))
                if isinstance(names, str)
                else tuple(names),
            )
            for chat, names in assignment.items()
        ]
    )


def _checked(entries: list[tuple[int, tuple[str, ...]]]) -> dict[int, tuple[str, ...]]:
    assignment: dict[int, tuple[str, ...]] = {}
    for chat_id, names in entries:
        if chat_id >= 0:
            raise StaffGroupsError(
                f"{chat_id} is not a supergroup's chat id (those are negative, -100…)"
            )
        if not names:
            raise StaffGroupsError(f"{chat_id}= names no municipality (or * for the rest)")
        if chat_id in assignment:
            raise StaffGroupsError(f"{chat_id} appears twice: name all its municipalities once")
        assignment[chat_id] = names
    defaults = [chat for chat, names in assignment.items() if DEFAULT in names]
    if len(defaults) > 1:
        raise StaffGroupsError(f"more than one default group (*): {defaults}")
    return assignment


@dataclass(frozen=True)
class StaffGroups:
    """The staff groups and which one each municipality's cases go to (names as the Kreis file
    spells them, as cases store them)."""

    default: int
    by_municipality: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls, assignment: Assignment | None, *, default: int | None, kreis: Kreis
    ) -> StaffGroups | None:
        """From the setting (`assignment`) and COUNSELLOR_CHAT_ID (`default`), which alone is
        the one group as before. None: no staff group is set (cases wait). Raises
        `StaffGroupsError` for a name the Kreis file does not know, a municipality in two
        groups, or no default group (or two)."""
        if not assignment:
            return cls(default) if default is not None else None
        named_default = [chat for chat, names in assignment.items() if DEFAULT in names]
        if named_default and default is not None and named_default[0] != default:
            raise StaffGroupsError(
                f"two default groups: COUNSELLOR_CHAT_ID={default} and "
                f"STAFF_GROUPS {named_default[0]}=*; leave out one of them"
            )
        if not named_default and default is None:
            raise StaffGroupsError(
                "no default group for the other municipalities and for cases without one: "
                "add <chat id>=* to STAFF_GROUPS or set COUNSELLOR_CHAT_ID"
            )
        known = {fold(s): m.name for m in kreis.municipalities for s in (m.id, m.name)}
        by_municipality: dict[str, int] = {}
        for chat_id, names in assignment.items():
            for written in names:
                if written == DEFAULT:
                    continue
                name = known.get(fold(written))
                if name is None:
                    raise StaffGroupsError(
                        f'"{written}" ({chat_id}) is not a municipality of {kreis.name}; '
                        f"known: {', '.join(m.name for m in kreis.municipalities)}"
                    )
                if by_municipality.get(name, chat_id) != chat_id:
                    raise StaffGroupsError(
                        f"{name} is assigned to two groups: {by_municipality[name]} and {chat_id}"
                    )
                by_municipality[name] = chat_id
        chosen = named_default[0] if named_default else default
        assert chosen is not None  # checked above
        return cls(chosen, by_municipality)

    @property
    def chats(self) -> tuple[int, ...]:
        """Every staff group, the default first."""
        others = dict.fromkeys(c for c in self.by_municipality.values() if c != self.default)
        return (self.default, *others)

    def __contains__(self, chat_id: object) -> bool:
        return chat_id == self.default or chat_id in self.by_municipality.values()

    def of_municipality(self, municipality: str | None) -> int:
        """The group of a municipality (by its name); the default for none or another."""
        return self.by_municipality.get(municipality or "", self.default)

    def of_case(self, case: Placed) -> int:
        """The group a case belongs to now, where its topic is (or is made, or moved to):

        - the group a change of its municipality assigned it to, while that is a staff group;
        - else the group its topic is in, while that is one: a case stays where it is, also
          when STAFF_GROUPS is changed later;
        - else its municipality's group (a new case, or its group is no longer one).
        """
        topic_chat = case.staff_chat_id if case.topic_id is not None else None
        for chat in (case.assigned_chat_id, topic_chat):
            if chat is not None and chat in self:
                return chat
        return self.of_municipality(case.municipality)
