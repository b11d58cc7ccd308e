"""What can happen to an initiative: in its group (the bot added or removed, a command) and
in the staff group (a counsellor approves, rejects, names it). A closed union."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotAdded:
    title: str
    added_by: str  # the first name of who added the bot, for the counsellors
    member_count: int | None  # None: Telegram did not say


@dataclass(frozen=True)
class BotRemoved:
    pass


@dataclass(frozen=True)
class GroupCommand:
    """A command typed in the group (group privacy mode delivers commands and replies)."""

    name: str
    args: str


@dataclass(frozen=True)
class Approve:
    number: int


@dataclass(frozen=True)
class Reject:
    number: int


@dataclass(frozen=True)
class Name:
    """`/initiative <Nr> <Name>; <Gemeinde>` in the staff group."""

    number: int | None
    name: str
    municipality: str


GroupAction = BotAdded | BotRemoved | GroupCommand
StaffAction = Approve | Reject | Name
