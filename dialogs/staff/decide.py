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
from dialogs.reply import Reply
from dialogs.staff import actions as a
from dialogs.staff import appointments, exporting
from dialogs.staff.buttons import close_buttons, draft_buttons, erase_buttons, template_buttons
from dialogs.staff.card import STAGE_DE, card, topic_name
from dialogs.staff.commands import HELP_TEXT, OVERRIDE_USAGE
from dialogs.staff.effects import (
    Audit,
    CloseTopic,
    DeleteCase,
    DeleteDraft,
    DeleteTopic,
    EraseFamily,
    NotifyFamily,
    PostToGeneral,
    RefreshCard,
    RememberCounsellor,
    ReopenTopic,
    SaveDraft,
    SaveNote,
    StaffEffect,
)
from dialogs.staff.outcome import StaffOutcome, say
from dialogs.staff.queue import queue_text
from dialogs.staff.templates import TEMPLATES, TemplateError, fill, template
from dialogs.staff.view import (
    Actor,
    CaseChanges,
    CaseView,
    EstimateOverride,
    StaffContext,
)
from dialogs.text import InLocale, Lines, Raw, Renderable, lines, render_german

CLOSED_NOT_SENT = "Der Fall ist abgeschlossen: nichts gesendet. Erst „Wieder öffnen“."
FILE_NOT_SENT = "Der Fall ist abgeschlossen: die Datei wurde nicht gesendet. Erst „Wieder öffnen“."
GONE = "Die Familie hat ihre Daten gelöscht; nichts gesendet."
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
    return RefreshCard(card(view, instrument=ctx.instrument, kreis=ctx.kreis), topic_name(view))


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


def _explain_override(
    view: CaseView, _action: a.ExplainOverride, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    return StaffOutcome((say(OVERRIDE_USAGE),), toast="Siehe Anleitung im Thema.")


def _templates(
    view: CaseView, _action: a.Templates, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    text = "💬 Vorlagen – die Familie liest sie in ihrer Sprache. Tippen zum Vorbereiten:"
    keys = ", ".join(t.key for t in TEMPLATES)
    return StaffOutcome((say(f"{text}\n(Kürzel für /vorlage: {keys})", template_buttons(view.id)),))


def _filled(key: str, values: tuple[str, ...], ctx: StaffContext) -> tuple[Renderable, str] | str:
    """The ready reply bound to its values, and its German label; or why not (German)."""
    try:
        t = template(key)
    except KeyError:
        return f"Unbekannte Vorlage „{key}“. Siehe /vorlagen."
    if len(values) < len(t.params):
        usage = "; ".join(p.prompt for p in t.params)
        return f"„{t.label}“ braucht Werte. Im Thema schreiben:\n/vorlage {t.key} {usage}"
    named = {p.name: v for p, v in zip(t.params, values, strict=False)}
    try:
        return fill(t, named, today=ctx.now.date()), t.label
    except TemplateError as exc:
        return f"⚠️ {exc}"


def _use_template(
    view: CaseView, action: a.UseTemplate, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    filled = _filled(action.key, action.values, ctx)
    if isinstance(filled, str):
        return StaffOutcome((say(filled),))
    text, label = filled
    locale = view.reader_locale
    preview = lines(
        Raw(f"Vorschau „{label}“"),
        Lines((Raw("🇩🇪 "), InLocale(text, "de")), sep=""),
        Lines((Raw(f"🌐 {locale}:"), InLocale(text, locale))),
        sep="\n\n",
    )
    token = ctx.new_token
    return StaffOutcome(
        (Reply(preview, draft_buttons(token)),),
        effects=(SaveDraft(token, actor.user_id, action.key, action.values),),
    )


def _send_draft(
    view: CaseView, action: a.SendDraft, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    draft = view.draft
    if draft is None or draft.token != action.token:
        return StaffOutcome(
            toast="Diese Vorschau gibt es nicht mehr.", edit="Diese Vorschau gibt es nicht mehr."
        )
    dropped = DeleteDraft(draft.token)
    if view.status == "closed":
        return StaffOutcome(effects=(dropped,), toast=CLOSED_NOT_SENT, edit=CLOSED_NOT_SENT)
    filled = _filled(draft.key, draft.values, ctx)
    if isinstance(filled, str):
        return StaffOutcome(effects=(dropped,), toast=filled[:200], edit=filled)
    if not view.family_present:
        return StaffOutcome(effects=(dropped,), toast=GONE, edit=GONE)
    text, label = filled
    done = f"📤 Gesendet: „{label}“ (auf Deutsch: {render_german(text)})"
    return StaffOutcome(
        effects=(
            dropped,
            _remember(actor),
            NotifyFamily(CounsellorWrote(text, actor.name_for_family)),
            Audit("template", view.id, actor.user_id, detail=draft.key),
        ),
        toast=done[:200],
        edit=done,
    )


def _drop_draft(
    view: CaseView, action: a.DropDraft, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    if view.draft is None or view.draft.token != action.token:
        return StaffOutcome(
            toast="Diese Vorschau gibt es nicht mehr.", edit="Diese Vorschau gibt es nicht mehr."
        )
    return StaffOutcome(effects=(DeleteDraft(action.token),), toast="Verworfen.", edit="Verworfen.")


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
    a.ExplainOverride: _explain_override,
    a.Templates: _templates,
    a.UseTemplate: _use_template,
    a.SendDraft: _send_draft,
    a.DropDraft: _drop_draft,
    a.Erase: _erase,
    a.ConfirmErase: _confirm_erase,
}
