"""The administrator rights the bot needs in the staff group, and what the team is told when
some are missing (pure; the check itself asks Telegram at start-up, bot/telegram/rights.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Right:
    name: str  # as Telegram names it (ChatMemberAdministrator)
    german: str  # as the group's settings show it
    why: str


NEEDED = (
    Right("can_manage_topics", "Themen verwalten", "für jeden Fall ein eigenes Thema"),
    Right("can_pin_messages", "Nachrichten anheften", "die Fallkarte oben im Thema"),
    Right(
        "can_delete_messages",
        "Nachrichten löschen",
        "das Thema eines Falls löschen: nach /deletedata, /loeschen und nach der "
        "Aufbewahrungsfrist",
    ),
)


@dataclass(frozen=True)
class StaffGroupCheck:
    """What is wrong with the bot's place in the staff group; empty when nothing is."""

    not_admin: bool = False
    no_topics: bool = False
    missing: tuple[Right, ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.not_admin or self.no_topics or self.missing)


def check(status: str, member: Mapping[str, object], *, is_forum: bool) -> StaffGroupCheck:
    """`status` and fields of the bot's own ChatMember in the staff group."""
    if status == "creator":
        return StaffGroupCheck(no_topics=not is_forum)
    if status != "administrator":
        return StaffGroupCheck(not_admin=True, no_topics=not is_forum, missing=NEEDED)
    missing = tuple(r for r in NEEDED if not member.get(r.name))
    return StaffGroupCheck(no_topics=not is_forum, missing=missing)


def notice(found: StaffGroupCheck) -> str:
    """German, for the General topic: what the group's admins should change, and why."""
    parts = ["⚠️ Der Bot kann in dieser Gruppe nicht alles tun, was er für die Fälle braucht."]
    if found.no_topics:
        parts.append("• Themen sind in dieser Gruppe nicht eingeschaltet (Gruppeninfo → Themen).")
    if found.not_admin:
        parts.append("• Der Bot ist hier kein Administrator.")
    for right in found.missing:
        parts.append(f"• Es fehlt das Recht „{right.german}“: {right.why}.")
    if found.missing:
        parts.append(
            "Bitte in den Gruppeneinstellungen unter Administratoren dem Bot diese Rechte "
            "geben. Ohne „Nachrichten löschen“ bleiben Fallkarten und Nachrichten gelöschter "
            "Fälle in dieser Gruppe stehen."
        )
    return "\n".join(parts)
