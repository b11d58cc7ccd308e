"""`decide(initiative, action, ctx) -> VolunteerOutcome`: registration of initiative groups.

Pure: the shell loads the group's initiative (None: never seen), asks here, saves
`outcome.initiative`, queues `to_group`/`to_staff` and leaves the group when `leave` says so.
Volunteer and staff texts are German (`Raw`), like the staff side's; the cards a volunteer
picks come in the chosen language (`dialogs/volunteers/info.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dialogs.kreis import Kreis, find_municipality
from dialogs.reply import Button, Reply
from dialogs.text import Raw
from dialogs.volunteers import buttons, referrals
from dialogs.volunteers.actions import (
    Approve,
    BotAdded,
    BotRemoved,
    GroupAction,
    GroupCommand,
    Name,
    Reject,
    StaffAction,
)
from dialogs.volunteers.model import Initiative

INTRO = (
    "Hallo! Ich bin Schullotse, der Bot des Kommunalen Integrationszentrums. "
    "Sobald das Beratungsteam diese Gruppe freigeschaltet hat, zeige ich hier mit /info "
    "die Infokarten zur Schulpflicht in vielen Sprachen."
)
NOT_YET = "Diese Gruppe ist noch nicht freigeschaltet. Das Beratungsteam meldet sich."
WELCOME = (
    "Diese Gruppe ist jetzt als Willkommensinitiative freigeschaltet. "
    "/info zeigt die Infokarten zur Schulpflicht in vielen Sprachen."
)
GOODBYE = "Das Beratungsteam hat diese Gruppe nicht freigeschaltet. Ich verlasse sie."
NAME_USAGE = "Bitte so: /initiative <Nr> <Name>; <Gemeinde>, oder als Antwort auf die Anfrage."


@dataclass(frozen=True)
class VolunteerContext:
    kreis: Kreis
    # The number the next new initiative gets (the shell reads it from the table).
    next_number: int = 1


@dataclass(frozen=True)
class VolunteerOutcome:
    initiative: Initiative | None = None  # to save; None: nothing changed
    to_group: tuple[Reply, ...] = ()
    to_staff: tuple[Reply, ...] = ()  # into the staff group's General topic
    replies: tuple[Reply, ...] = ()  # to whoever acted, where they acted
    edit: str | None = None  # the pressed approval request now says this, without buttons
    toast: str | None = None
    leave: bool = False
    # The group asked for the info cards (the shell answers from `dialogs/volunteers/info.py`).
    info: bool = False
    # The group asked for an invitation (the shell makes the code, link and QR code).
    invite: bool = False
    # The group revokes this invitation code.
    revoke: str | None = None
    # The group searches the offers directory with these words (`dialogs/volunteers/offers.py`).
    offers: str | None = None


def _request(initiative: Initiative, added: BotAdded) -> Reply:
    members = "?" if added.member_count is None else str(added.member_count)
    text = (
        f"Neue Gruppe #{initiative.number} möchte den Bot nutzen: „{added.title}“\n"
        f"Hinzugefügt von {added.added_by} · {members} Mitglieder\n"
        "Als Willkommensinitiative zulassen?"
    )
    return Reply(
        Raw(text),
        (
            (
                Button(Raw("Zulassen"), buttons.approve(initiative.number)),
                Button(Raw("Ablehnen"), buttons.reject(initiative.number)),
            ),
        ),
    )


def decide_group(
    initiative: Initiative | None, chat_id: int, action: GroupAction, ctx: VolunteerContext
) -> VolunteerOutcome:
    """What happens in the group itself."""
    match action:
        case BotAdded():
            return _added(initiative, chat_id, action, ctx)
        case BotRemoved():
            if initiative is None or initiative.status == "removed":
                return VolunteerOutcome()
            return VolunteerOutcome(replace(initiative, status="removed", was=initiative.status))
        case GroupCommand():
            if initiative is None or initiative.status in {"removed", "rejected"}:
                return VolunteerOutcome()
            if initiative.approved:
                return _approved_command(action)
            if initiative.noted:
                return VolunteerOutcome()  # one note, then silence: strangers learn nothing
            return VolunteerOutcome(
                replace(initiative, noted=True), to_group=(Reply(Raw(NOT_YET)),)
            )


def _approved_command(command: GroupCommand) -> VolunteerOutcome:
    match command.name:
        case "info":
            return VolunteerOutcome(info=True)
        case "einladen":
            return VolunteerOutcome(invite=True)
        case "einladen_widerrufen":
            code = command.args.split()[0] if command.args.split() else ""
            if not code:
                return VolunteerOutcome(to_group=(Reply(Raw(referrals.REVOKE_USAGE)),))
            return VolunteerOutcome(revoke=code)
        case "angebote":
            return VolunteerOutcome(offers=command.args)
    return VolunteerOutcome()  # other commands (the staff's among them) do nothing here


def _added(
    initiative: Initiative | None, chat_id: int, added: BotAdded, ctx: VolunteerContext
) -> VolunteerOutcome:
    if initiative is not None and initiative.status == "removed" and initiative.was:
        back = replace(initiative, status=initiative.was, title=added.title, was=None)
        if back.status == "approved":
            return VolunteerOutcome(back, to_group=(Reply(Raw(WELCOME)),))
        initiative = back
    if initiative is not None and initiative.status == "rejected":
        return VolunteerOutcome(leave=True)  # asked and answered: no second request
    if initiative is not None and initiative.status == "approved":
        return VolunteerOutcome()
    fresh = initiative or Initiative(ctx.next_number, chat_id, added.title, "pending")
    fresh = replace(fresh, title=added.title, status="pending", noted=False)
    return VolunteerOutcome(
        fresh, to_group=(Reply(Raw(INTRO)),), to_staff=(_request(fresh, added),)
    )


def decide_staff(
    initiative: Initiative | None, action: StaffAction, who: str, ctx: VolunteerContext
) -> VolunteerOutcome:
    """A counsellor's decision; membership of the staff group is checked by the shell."""
    if initiative is None:
        if isinstance(action, Name):
            text = (
                NAME_USAGE if action.number is None else f"Gruppe #{action.number} ist unbekannt."
            )
            return VolunteerOutcome(replies=(Reply(Raw(text)),))
        return VolunteerOutcome(toast="Diese Gruppe gibt es nicht (mehr).")
    match action:
        case Approve():
            if initiative.approved:
                return VolunteerOutcome(toast="Schon zugelassen.")
            if initiative.status in {"removed", "rejected"}:
                # The bot is not in the group: approved for when it is added back.
                later = replace(initiative, status="removed", was="approved")
                return VolunteerOutcome(
                    later,
                    edit=(
                        f"✅ Gruppe #{later.number} „{later.title}“ zugelassen von {who}. "
                        "Der Bot ist zur Zeit nicht in der Gruppe; wird er wieder "
                        "hinzugefügt, ist sie freigeschaltet."
                    ),
                    toast="Zugelassen.",
                )
            done = replace(initiative, status="approved", noted=False)
            return VolunteerOutcome(
                done,
                to_group=(Reply(Raw(WELCOME)),),
                edit=(
                    f"✅ Gruppe #{done.number} „{done.title}“ zugelassen von {who}.\n"
                    f"Name und Gemeinde: /initiative {done.number} <Name>; <Gemeinde> "
                    "(oder als Antwort auf diese Nachricht)"
                ),
                toast="Zugelassen.",
            )
        case Reject():
            if initiative.status == "rejected":
                return VolunteerOutcome(toast="Schon abgelehnt.")
            done = replace(initiative, status="rejected")
            # Only a group the bot is still in hears why it goes.
            still_in = initiative.status != "removed"
            return VolunteerOutcome(
                done,
                to_group=(Reply(Raw(GOODBYE)),) if still_in else (),
                leave=still_in,
                edit=f"❌ Gruppe #{done.number} „{done.title}“ abgelehnt von {who}.",
                toast="Abgelehnt.",
            )
        case Name():
            return _named(initiative, action, ctx)


def _named(initiative: Initiative, action: Name, ctx: VolunteerContext) -> VolunteerOutcome:
    if not initiative.approved:
        return VolunteerOutcome(
            replies=(Reply(Raw(f"Gruppe #{initiative.number} ist nicht zugelassen.")),)
        )
    place = find_municipality(ctx.kreis, action.municipality)
    name = " ".join(action.name.split())[:80]
    if place is None or not name:
        known = ", ".join(m.name for m in ctx.kreis.municipalities)
        return VolunteerOutcome(replies=(Reply(Raw(f"{NAME_USAGE}\nGemeinden: {known}")),))
    done = replace(initiative, name=name, municipality=place.id)
    return VolunteerOutcome(
        done,
        replies=(Reply(Raw(f"Gruppe #{done.number}: {name} ({place.name}) gespeichert.")),),
    )


def parse_name(args: str) -> Name | None:
    """`3 Willkommen Dülmen; Dülmen` or, in a reply to the request, `Willkommen; Dülmen`."""
    head, sep, municipality = args.rpartition(";")
    if not sep or not municipality.strip():
        return None
    first, _sp, rest = head.strip().partition(" ")
    number = int(first.lstrip("#")) if first.lstrip("#").isdigit() else None
    name = rest if number is not None else head
    if not name.strip():
        return None
    return Name(number, name.strip(), municipality.strip())
