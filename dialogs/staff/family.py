"""What reaches the counsellors when a family acts: a child sent, a person asked for, a message
or a file after the handoff, an erasure. Pure, like `decide`: the parent flow's effects come in,
case changes and staff-group effects go out.

A family always writes to its latest case. A closed one is reopened or replaced by a new one,
as the KI chose (`CLOSED_CASE_POLICY`). A case that does not exist yet is opened by the shell
(`StaffOutcome.open`), which then asks `announce` for its topic and card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dialogs.case import Topic
from dialogs.parent.outcome import (
    LanguageChanged,
    RelayMedia,
    RelayToCase,
    RequestContact,
    SubmitChild,
)
from dialogs.reply import Reply
from dialogs.staff.card import card, child_section, minimal_child_section, topic_name
from dialogs.staff.decide import StaffOutcome, refresh, reopen_changes, say
from dialogs.staff.effects import (
    Audit,
    CopyToTopic,
    CreateTopic,
    DeleteGeneralMessage,
    DeleteTopic,
    PostCard,
    PostToGeneral,
    PostToTopic,
    ReopenTopic,
    StaffEffect,
)
from dialogs.staff.view import CaseChanges, CaseView, Child, NewCase, StaffContext
from dialogs.text import language_name

FamilyEvent = SubmitChild | RequestContact | RelayToCase | RelayMedia | LanguageChanged
CONTACT_ONLY = (
    "🔒 Die Familie hat nur zugestimmt, dass ihre Anfrage weitergegeben wird, nicht den Fragen "
    "zum Kind. Gespeichert sind nur Sprache und Nachrichten; fragen Sie im Gespräch nach, was "
    "Sie brauchen."
)


def receive(
    latest: CaseView | None,
    event: FamilyEvent,
    *,
    family_id: int,
    locale: str,
    ctx: StaffContext,
) -> StaffOutcome:
    """`latest` is the family's most recent case, if it has one."""
    if isinstance(event, LanguageChanged):
        return language_changed(latest, event.locale, ctx)
    if isinstance(event, SubmitChild):
        child = Child(event.answers, event.assessment)
        if latest is not None and latest.status != "closed":
            return _add_child(latest, child, ctx)
        return StaffOutcome(open=new_case(family_id, locale, (child,), ctx))
    if latest is None or (latest.status == "closed" and ctx.closed_case_policy == "new"):
        return StaffOutcome(open=new_case(family_id, locale, (), ctx))
    reopening: list[StaffEffect] = []
    changes = CaseChanges()
    if latest.status == "closed":
        changes = reopen_changes(latest)
        reopening = [
            ReopenTopic(),
            refresh(latest.with_changes(changes), ctx),
            PostToTopic(
                say(f"📂 Fall #{latest.id} wurde wieder geöffnet: die Familie hat geschrieben.")
            ),
            Audit("reopen", latest.id),
        ]
    return StaffOutcome(changes=changes, effects=(*reopening, *_message(latest, event)))


def language_changed(latest: CaseView | None, locale: str, ctx: StaffContext) -> StaffOutcome:
    """The family reads another language now: the case, its card and topic name say so, and
    the team is told (ready replies and the family's texts follow the new language). A closed
    case is updated too but not reopened: changing the language is no request for help."""
    if latest is None or (latest.reader_locale == locale and latest.locale == locale):
        return StaffOutcome()
    before = latest.reader_locale
    changes = CaseChanges(locale=locale)
    now = replace(latest.with_changes(changes), family_locale=locale)
    said = (
        f"🌐 Die Familie hat die Sprache gewechselt: {language_name(before, 'de')} ({before}) → "
        f"{language_name(locale, 'de')} ({locale}). Vorlagen gehen ab jetzt in dieser Sprache an "
        "die Familie."
    )
    return StaffOutcome(
        changes=changes,
        effects=(
            refresh(now, ctx),
            PostToTopic(say(said)),
            Audit("family_language", latest.id, detail=f"{before}->{locale}"),
        ),
    )


def new_case(
    family_id: int, locale: str, children: tuple[Child, ...], ctx: StaffContext
) -> NewCase:
    first = children[0] if children else None
    return NewCase(
        family_id=family_id,
        locale=locale,
        children=children,
        municipality=ctx.municipality_name(first.answers.get("municipality")) if first else None,
        age=first.assessment.get("age") if first else None,
    )


def announce(view: CaseView, event: FamilyEvent, ctx: StaffContext) -> StaffOutcome:
    """A new case's topic and pinned card, then what the family sent with it (a card already
    says that the family asks for a person, and shows the child it sent)."""
    effects: list[StaffEffect] = [
        CreateTopic(topic_name(view, minimal=ctx.minimal_card)),
        PostCard(card(view, instrument=ctx.instrument, kreis=ctx.kreis, minimal=ctx.minimal_card)),
        Audit("case_opened", view.id),
    ]
    if isinstance(event, RelayToCase | RelayMedia):
        effects += _message(view, event)
    if isinstance(event, RequestContact) and not event.child_data_consent:
        effects.append(PostToTopic(say(CONTACT_ONLY)))
    return StaffOutcome(effects=tuple(effects))


def erased(
    cases: Sequence[tuple[int, Sequence[Topic]]],
    general_cards: Sequence[tuple[int, int, int | None]] = (),
) -> StaffOutcome:
    """The family erased its data: its topics go (those in earlier staff groups too; a card
    that had to be posted in the General topic when a case got no topic), the team is told
    which cases."""
    effects: list[StaffEffect] = []
    cards = {case_id: (message_id, group) for case_id, message_id, group in general_cards}
    for case_id, topics in cases:
        effects += [DeleteTopic(case_id, topic) for topic in topics]
        if not topics and case_id in cards:
            effects.append(DeleteGeneralMessage(*cards[case_id]))
        said = say(f"🗑 Fall #{case_id} wurde auf Wunsch der Familie gelöscht.")
        # In the group its topic (or card) was in; 0, None: the default group.
        group = topics[0][0] if topics else cards.get(case_id, (0, None))[1]
        effects.append(PostToGeneral(said, group or None))
    return StaffOutcome(effects=tuple(effects))


def _message(view: CaseView, event: FamilyEvent) -> list[StaffEffect]:
    match event:
        case RelayToCase(text=text, correction=True):
            return [
                PostToTopic(say(f"✏️ Korrekturwunsch der Familie (Fall #{view.id}):\n{text}")),
                Audit("correction_requested", view.id),
            ]
        case RelayToCase(text=text):
            return [
                PostToTopic(say(f"💬 Nachricht der Familie (Fall #{view.id}):\n{text}")),
                Audit("parent_message", view.id),
            ]
        case RelayMedia(ref=ref, caption=caption):
            return [
                PostToTopic(say(f"📎 Datei der Familie (Fall #{view.id}):")),
                CopyToTopic(ref, caption),
                Audit("parent_media", view.id),
            ]
        case RequestContact():
            return [
                PostToTopic(say(f"🙋 Fall #{view.id}: Die Familie bittet um Rückmeldung.")),
                Audit("contact_requested", view.id),
            ]
    return []


def _add_child(view: CaseView, child: Child, ctx: StaffContext) -> StaffOutcome:
    children = (*view.children, child)
    first_child = view.age is None
    changes = CaseChanges(
        children=children,
        age=child.assessment.get("age") if first_child else None,
        municipality=ctx.municipality_name(child.answers.get("municipality"))
        if first_child
        else None,
    )
    section = (
        minimal_child_section(len(children), child.answers, child.assessment, kreis=ctx.kreis)
        if ctx.minimal_card
        else child_section(
            len(children),
            child.answers,
            child.assessment,
            instrument=ctx.instrument,
            kreis=ctx.kreis,
        )
    )
    # A family that first asked for a person sends its first child here, not another one.
    which = "Angaben zum Kind" if first_child and not view.children else "weiteres Kind"
    post: Reply = say(f"➕ Fall #{view.id}: {which}\n\n{section}")
    return StaffOutcome(
        changes=changes,
        effects=(
            PostToTopic(post),
            refresh(view.with_changes(changes), ctx),
            Audit("child_added", view.id),
        ),
    )
