"""Ready replies in the staff core: the list, a preview in German and the family's language,
then *Senden* or *Verwerfen*. A template that names a child asks which one when the case has
several (`/vorlage place 2 …`)."""

from __future__ import annotations

from dialogs.parent.events import CounsellorWrote
from dialogs.reply import Reply
from dialogs.staff import actions as a
from dialogs.staff.buttons import draft_buttons, template_buttons
from dialogs.staff.effects import Audit, DeleteDraft, NotifyFamily, RememberCounsellor, SaveDraft
from dialogs.staff.outcome import CLOSED_NOT_SENT, GONE, StaffOutcome, say
from dialogs.staff.templates import (
    TEMPLATES,
    Template,
    TemplateError,
    fill,
    template,
    which_child,
)
from dialogs.staff.view import Actor, CaseView, StaffContext
from dialogs.text import InLocale, Lines, Raw, Renderable, lines, render_german


def templates(
    view: CaseView, _action: a.Templates, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    several = len(view.children) > 1
    usages = "\n".join(f"• {usage(t, several=several)} – {t.label}" for t in TEMPLATES)
    text = (
        "💬 Vorlagen – die Familie liest sie in ihrer Sprache. Tippen zum Vorbereiten, "
        f"oder mit Werten schreiben:\n{usages}"
    )
    return StaffOutcome((say(text, template_buttons(view.id)),))


def usage(t: Template, *, several: bool) -> str:
    """The line `/vorlage` needs for `t`: its key, the child's number where a case has several
    children and the template names one, then every value, separated by ";"."""
    parts = [f"/vorlage {t.key}"]
    if several and t.named is not None:
        parts.append("<Kind>")
    if t.params:
        parts.append("; ".join(f"<{p.prompt}>" for p in t.params))
    return " ".join(parts)


def _filled(
    view: CaseView, key: str, values: tuple[str, ...], ctx: StaffContext
) -> tuple[Renderable, str] | str:
    """The ready reply bound to its values, and its German label; or why not (German)."""
    try:
        t = template(key)
    except KeyError:
        return f"Unbekannte Vorlage „{key}“. Siehe /vorlagen."
    if len(values) < len(t.params):
        line = usage(t, several=len(view.children) > 1)
        return f"„{t.label}“ braucht Werte. Im Thema schreiben:\n{line}"
    names = tuple(str(c.answers.get("first_name") or "") for c in view.children)
    chosen = which_child(t, values, names)
    if isinstance(chosen, str):
        return chosen
    child, values = chosen
    named = {p.name: v for p, v in zip(t.params, values, strict=False)}
    try:
        return fill(t, named, today=ctx.now.date(), child=child), t.label
    except TemplateError as exc:
        return f"⚠️ {exc}"


def use_template(
    view: CaseView, action: a.UseTemplate, actor: Actor, ctx: StaffContext
) -> StaffOutcome:
    filled = _filled(view, action.key, action.values, ctx)
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


def send_draft(
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
    filled = _filled(view, draft.key, draft.values, ctx)
    if isinstance(filled, str):
        return StaffOutcome(effects=(dropped,), toast=filled[:200], edit=filled)
    if not view.family_present:
        return StaffOutcome(effects=(dropped,), toast=GONE, edit=GONE)
    text, label = filled
    done = f"📤 Gesendet: „{label}“ (auf Deutsch: {render_german(text)})"
    return StaffOutcome(
        effects=(
            dropped,
            RememberCounsellor(actor.user_id, actor.first_name, actor.shows_name),
            NotifyFamily(CounsellorWrote(text, actor.name_for_family)),
            Audit("template", view.id, actor.user_id, detail=draft.key),
        ),
        toast=done[:200],
        edit=done,
    )


def drop_draft(
    view: CaseView, action: a.DropDraft, _actor: Actor, _ctx: StaffContext
) -> StaffOutcome:
    if view.draft is None or view.draft.token != action.token:
        return StaffOutcome(
            toast="Diese Vorschau gibt es nicht mehr.", edit="Diese Vorschau gibt es nicht mehr."
        )
    return StaffOutcome(effects=(DeleteDraft(action.token),), toast="Verworfen.", edit="Verworfen.")
