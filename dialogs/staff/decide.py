"""`decide(case, action, actor, ctx) -> StaffOutcome`: the counsellors' side as one pure function.

The shell (`bot/desks/staff.py`) loads the case of the topic, asks here, writes the changes and
queues the effects in one transaction, then shows the replies. Nothing here touches the
network, the database or the clock, so every staff action is tested directly
(`tests/dialogs/staff/`) and runs the same in Telegram, the console and a `StaffDriver`.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.parent.events import (
    CaseClaimed,
    CaseClosed,
    CaseReopened,
    CounsellorSentFile,
    CounsellorWrote,
)
from dialogs.staff import actions as a
from dialogs.staff import appointments, drafts, exporting
from dialogs.staff.buttons import close_buttons, erase_buttons
from dialogs.staff.card import STAGE_DE, card, child_section, special_answers, topic_name
from dialogs.staff.commands import HELP_TEXT, OVERRIDE_USAGE
from dialogs.staff.effects import (
    Audit,
    CloseTopic,
    DeleteCase,
    DeleteTopic,
    EraseFamily,
    NotifyFamily,
    PostToGeneral,
    RefreshCard,
    RememberCounsellor,
    ReopenTopic,
    SaveNote,
    StaffEffect,
)
from dialogs.staff.outcome import CLOSED_NOT_SENT, GONE, StaffOutcome, say
from dialogs.staff.queue import queue_text
from dialogs.staff.view import (
    Actor,
    CaseChanges,
    CaseView,
    EstimateOverride,
    StaffContext,
)
from dialogs.text import Raw

FILE_NOT_SENT = "Der Fall ist abgeschlossen: die Datei wurde nicht gesendet. Erst „Wieder öffnen“."
NOT_THIS_TOPIC = "Dieser Knopf gehört zu keinem Fall in diesem Thema."
ONLY_IN_A_CASE = "Das geht nur im Thema eines Falls."
MAX_OVERRIDE_REASON = 500
MAX_NOTE = 2000


def decide(
    view: CaseView | None, action: a.StaffAction, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    """`view` is the case of the topic the counsellor acted in; None in the General topic (or
    for a button whose case is not this topic's)."""
    if isinstance(action, a.GENERAL):
        return _general(action, actor, ctx)
    if isinstance(action, a.UnknownButton):
        return StaffOutcome(toast="Unbekannter Knopf.")
    if view is None:
        if isinstance(action, a.BUTTON_ONLY) or getattr(action, "pressed", False):
            return StaffOutcome(toast=NOT_THIS_TOPIC)
        if isinstance(action, a.Write | a.SendFile):
            return StaffOutcome()  # the team's own talk in the General topic
        if isinstance(action, a.UnknownCommand):
            return StaffOutcome((say("Unbekannter Befehl. /hilfe zeigt, was geht."),))
        return StaffOutcome((say(ONLY_IN_A_CASE),))
    handler = _HANDLERS.get(type(action))
    if handler is None:
        return StaffOutcome((say("Unbekannter Befehl. /hilfe zeigt, was geht."),))
    return handler(view, action, actor, ctx)


def _general(action: a.StaffAction, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    match action:
        case a.Help():
            return StaffOutcome((say(HELP_TEXT),))
        case a.Queue():
            return StaffOutcome((say(queue_text(ctx.queue, ctx.now, ctx.backlog_minutes)),))
        case a.ShowName(show=show):
            text = (
                "Familien sehen jetzt Ihren Vornamen."
                if show
                else "Familien sehen Ihren Namen nicht mehr."
            )
            return StaffOutcome(
                (say(text),),
                effects=(
                    RememberCounsellor(actor.user_id, actor.first_name, show),
                    Audit("show_name_on" if show else "show_name_off", actor_id=actor.user_id),
                ),
            )
        case a.Invalid(hint=hint):
            return StaffOutcome((say(hint),))
        case a.MonthlyReport(month=key):
            return exporting.report(key, actor, ctx)
        case a.WeekAppointments():
            return StaffOutcome((say(appointments.week_text(ctx.week, ctx.now)),))
    raise AssertionError(f"not a General-topic action: {action!r}")


def refresh(view: CaseView, ctx: StaffContext) -> RefreshCard:
    """The card and topic name of `view` (already changed)."""
    minimal = ctx.minimal_card
    return RefreshCard(
        card(view, instrument=ctx.instrument, kreis=ctx.kreis, minimal=minimal),
        topic_name(view, minimal=minimal),
    )


def _remember(actor: Actor) -> RememberCounsellor:
    return RememberCounsellor(actor.user_id, actor.first_name, actor.shows_name)


def _claim(view: CaseView, _action: a.Claim, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    if view.status == "closed":
        return StaffOutcome(toast="Dieser Fall ist abgeschlossen. Erst „Wieder öffnen“.")
    if view.status == "claimed":
        mine = view.claimed_by == actor.user_id
        holder = view.claimed_by_name or "jemand anderes"
        return StaffOutcome(
            toast="Sie haben diesen Fall schon." if mine else f"Diesen Fall hat schon {holder}."
        )
    changes = CaseChanges(
        status="claimed",
        claimed_by=actor.user_id,
        claimed_by_name=actor.first_name,
        claimed_at=ctx.now,
    )
    effects: list[StaffEffect] = [_remember(actor), refresh(view.with_changes(changes), ctx)]
    if view.family_present:
        effects.append(NotifyFamily(CaseClaimed(actor.name_for_family)))
    effects.append(Audit("claim", view.id, actor.user_id))
    return StaffOutcome(
        changes=changes, effects=tuple(effects), toast=f"Fall #{view.id} gehört jetzt Ihnen."
    )


def _close(view: CaseView, _action: a.Close, _actor: Actor, _ctx: StaffContext) -> StaffOutcome:
    """Asks first: the button sits next to *Einschätzung ändern*, and closing tells the family."""
    if view.status == "closed":
        return StaffOutcome(toast="Der Fall ist schon abgeschlossen.")
    then = "Die Familie bekommt eine Nachricht, das Thema wird geschlossen."
    if not view.family_present:
        then = "Das Thema wird geschlossen."
    return StaffOutcome(
        (say(f"✅ Fall #{view.id} abschließen? {then}", close_buttons(view.id)),),
        toast="Bitte bestätigen.",
    )


def _confirm_close(
    view: CaseView, _action: a.ConfirmClose, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    if view.status == "closed":
        return StaffOutcome(toast="Der Fall ist schon abgeschlossen.")
    changes = CaseChanges(status="closed", closed_at=ctx.now)
    effects: list[StaffEffect] = [refresh(view.with_changes(changes), ctx)]
    effects += appointments.cancelled_with_case(view, actor)
    if view.family_present:
        effects.append(NotifyFamily(CaseClosed()))
    effects += [CloseTopic(), Audit("close", view.id, actor.user_id)]
    told = " Die Familie wurde informiert." if view.family_present else ""
    done = f"✅ Fall #{view.id} ist abgeschlossen.{told}"
    return StaffOutcome(changes=changes, effects=tuple(effects), toast=done, edit=done)


def reopen_changes(view: CaseView) -> CaseChanges:
    return CaseChanges(status="claimed" if view.claimed_by is not None else "open", reopened=True)


def _reopen(view: CaseView, _action: a.Reopen, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    if view.status != "closed":
        return StaffOutcome(toast="Der Fall ist offen.")
    changes = reopen_changes(view)
    effects: list[StaffEffect] = [ReopenTopic(), refresh(view.with_changes(changes), ctx)]
    if view.family_present:
        # The family was told its case is closed; it must know it can write again.
        effects.append(NotifyFamily(CaseReopened()))
    effects.append(Audit("reopen", view.id, actor.user_id))
    told = " Die Familie wurde informiert." if view.family_present else ""
    return StaffOutcome(
        changes=changes, effects=tuple(effects), toast=f"Fall #{view.id} ist wieder offen.{told}"
    )


def _note(view: CaseView, action: a.Note, actor: Actor, _ctx: StaffContext) -> StaffOutcome:
    return StaffOutcome(
        (
            say(
                "📝 Interne Notiz gespeichert – nicht an die Familie gesendet. "
                "Sie steht nur auf dem Fallblatt mit /export notizen."
            ),
        ),
        effects=(
            SaveNote(actor.user_id, actor.first_name, action.text[:MAX_NOTE]),
            Audit("note", view.id, actor.user_id),
        ),
    )


def _write(view: CaseView, action: a.Write, actor: Actor, _ctx: StaffContext) -> StaffOutcome:
    if view.status == "closed":
        return StaffOutcome((say(CLOSED_NOT_SENT),))
    if not view.family_present:
        return StaffOutcome((say(GONE),))
    return StaffOutcome(
        effects=(
            _remember(actor),
            NotifyFamily(CounsellorWrote(Raw(action.text), actor.name_for_family)),
            Audit("reply", view.id, actor.user_id),
        ),
        relayed=True,
    )


def _send_file(
    view: CaseView, action: a.SendFile, actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    if view.status == "closed":
        return StaffOutcome((say(FILE_NOT_SENT),))
    if not view.family_present:
        return StaffOutcome((say(GONE),))
    event = CounsellorSentFile(
        action.ref, action.caption, action.captionable, actor.name_for_family
    )
    return StaffOutcome(
        effects=(
            _remember(actor),
            NotifyFamily(event),
            Audit("reply_media", view.id, actor.user_id),
        ),
        relayed=True,
    )


def _override(view: CaseView, action: a.Override, actor: Actor, ctx: StaffContext) -> StaffOutcome:
    child = action.child or 1
    if child > max(len(view.children), 1):
        return StaffOutcome(
            (say(f"Fall #{view.id} hat kein Kind {child}. {OVERRIDE_USAGE}"),),
        )
    override = EstimateOverride(
        action.stage,
        action.reason[:MAX_OVERRIDE_REASON],
        actor.first_name,
        ctx.now.strftime("%d.%m.%Y"),
    )
    changes = CaseChanges(overrides={**view.overrides, child: override})
    which = f" (Kind {child})" if len(view.children) > 1 else ""
    return StaffOutcome(
        (say(f"Einschätzung für Fall #{view.id}{which} geändert: {STAGE_DE[action.stage]}."),),
        changes=changes,
        effects=(
            refresh(view.with_changes(changes), ctx),
            Audit("override", view.id, actor.user_id, detail=f"{action.stage} child={child}"),
        ),
    )


def _show_child(
    view: CaseView, action: a.ShowChild, _actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    number = action.child or 1
    if not 1 <= number <= len(view.children):
        have = f"Kinder 1–{len(view.children)}" if view.children else "noch keine Angaben zum Kind"
        return StaffOutcome((say(f"Fall #{view.id} hat kein Kind {number} ({have})."),))
    child = view.children[number - 1]
    section = child_section(
        number,
        child.answers,
        child.assessment,
        instrument=ctx.instrument,
        kreis=ctx.kreis,
        override=view.overrides.get(number),
    )
    return StaffOutcome((say(f"Fall #{view.id}\n{section}"),))


def _show_card(
    view: CaseView, _action: a.ShowCard, _actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    """The card as it is now, as a reply: the pinned card, the case and the log stay as they
    are (its buttons act on the case like the pinned card's)."""
    return StaffOutcome((card(view, instrument=ctx.instrument, kreis=ctx.kreis),))


def _show_special_needs(
    view: CaseView, _action: a.ShowSpecialNeeds, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    """Only as a toast: the pressing counsellor reads it, nothing stays in the group."""
    return StaffOutcome(
        effects=(Audit("special_needs_viewed", view.id, actor.user_id),),
        toast=special_answers(view, ctx.instrument),
    )


def _explain_override(
    view: CaseView, _action: a.ExplainOverride, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    return StaffOutcome((say(OVERRIDE_USAGE),), toast="Siehe Anleitung im Thema.")


def _erase(view: CaseView, _action: a.Erase, _actor: Actor, _ctx: StaffContext) -> StaffOutcome:
    return StaffOutcome(
        (
            say(
                f"🗑 Alle Daten der Familie von Fall #{view.id} löschen? Das Thema wird gelöscht, "
                "die Familie bekommt keine Nachricht.",
                erase_buttons(view.id),
            ),
        )
    )


def _confirm_erase(
    view: CaseView, _action: a.ConfirmErase, actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    """Every trace of the family, as /deletedata does, asked for through the staff."""
    if view.family_id is not None:
        cases = view.family_cases or ((view.id, view.topics),)
        effects: list[StaffEffect] = [EraseFamily(view.family_id)]
    else:
        cases = ((view.id, view.topics),)
        effects = [DeleteCase(view.id)]
    effects += [DeleteTopic(case_id, topic) for case_id, topics in cases for topic in topics]
    numbers = ", ".join(f"#{case_id}" for case_id, _topics in cases)
    effects.append(
        PostToGeneral(say(f"🗑 Fall {numbers} wurde auf Wunsch gelöscht (von {actor.first_name})."))
    )
    effects += [Audit("staff_erase", case_id, actor.user_id) for case_id, _topics in cases]
    return StaffOutcome(effects=tuple(effects), toast="Gelöscht.")


_HANDLERS: dict[type, Callable[..., StaffOutcome]] = {
    a.Claim: _claim,
    a.Close: _close,
    a.ConfirmClose: _confirm_close,
    a.Reopen: _reopen,
    a.Note: _note,
    a.ExportCase: exporting.export,
    a.AppointmentCommand: appointments.command,
    a.AppointmentHeld: appointments.held,
    a.Write: _write,
    a.SendFile: _send_file,
    a.Override: _override,
    a.ShowChild: _show_child,
    a.ShowCard: _show_card,
    a.ShowSpecialNeeds: _show_special_needs,
    a.ExplainOverride: _explain_override,
    a.Templates: drafts.templates,
    a.UseTemplate: drafts.use_template,
    a.SendDraft: drafts.send_draft,
    a.DropDraft: drafts.drop_draft,
    a.Erase: _erase,
    a.ConfirmErase: _confirm_erase,
}
