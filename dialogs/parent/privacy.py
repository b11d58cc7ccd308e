"""Consent, the parent's view of their data, deletion and the request for a person."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.instrument.answers import display_value
from dialogs.parent import consent
from dialogs.parent.contact_card import contact_button, ki_contact
from dialogs.parent.handoff import contact_way
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Button, Reply
from dialogs.text import LanguageName, Renderable, _, lines


def ask_consent(state: ParentState, ctx: FlowContext) -> Reply:
    """The consent to the questions about the child (a request for a person has its own)."""
    state.screen = "consent"
    state.after_consent = "intake"
    return Reply(
        consent.consent_request(ki_name=ctx.kreis.ki.name, retention_months=ctx.retention_months),
        (
            (Button(_("✅ Ja, ich bin einverstanden"), "ok.yes"),),
            (Button(_("❌ Nein"), "ok.no"),),
        ),
    )


def record_consent(state: ParentState, ctx: FlowContext, given: bool) -> Reply:
    if not given:
        state.screen = "menu"
        state.after_consent = None
        # Declining the questions about the child closes no door: a person, or the KI directly.
        talk = Button(_("🙋 Mit einer Person sprechen"), "talk")
        return Reply(consent.consent_declined(), ((talk,), (contact_button(),), (BACK_TO_MENU,)))
    state.consent_at = ctx.now.astimezone(UTC).isoformat()
    state.consent_version = consent.CONSENT_VERSION
    return Reply(consent.consent_given())


def consent_is_current(state: ParentState) -> bool:
    return state.has_consent and state.consent_version == consent.CONSENT_VERSION


def may_pass_on_request(state: ParentState) -> bool:
    """A request for a person may reach the team: the full consent, or the one for a request."""
    return consent_is_current(state) or (
        state.contact_consent_at is not None
        and state.contact_consent_version == consent.CONTACT_CONSENT_VERSION
    )


def ask_contact_consent(state: ParentState, ctx: FlowContext) -> Reply:
    state.screen = "consent"
    state.after_consent = "contact"
    return Reply(
        consent.contact_consent_request(
            ki_name=ctx.kreis.ki.name, retention_months=ctx.retention_months
        ),
        (
            (Button(_("✅ Ja, ich bin einverstanden"), "ok.yes"),),
            (Button(_("❌ Nein"), "ok.no"),),
        ),
    )


def record_contact_consent(state: ParentState, ctx: FlowContext, given: bool) -> Reply | None:
    """None when given (the request's own confirmation follows); otherwise the way to the KI
    without the bot."""
    state.after_consent = None
    if not given:
        state.screen = "menu"
        return Reply(
            lines(consent.contact_declined(), ki_contact(ctx.kreis), sep="\n\n"),
            ((BACK_TO_MENU,),),
        )
    state.contact_consent_at = ctx.now.astimezone(UTC).isoformat()
    state.contact_consent_version = consent.CONTACT_CONSENT_VERSION
    return None


def my_data(state: ParentState, ctx: FlowContext) -> Reply:
    if not state.has_consent and not state.children and state.contact_requested_at:
        asked = datetime.fromisoformat(state.contact_requested_at).date()
        return Reply(
            lines(
                _("🔒 Das ist über Sie gespeichert:"),
                _("Sprache: {language}", language=LanguageName(state.locale or "de", own=True)),
                _(
                    "🙋 Am {date} haben Sie um ein Gespräch gebeten. Das Beratungsteam sieht diese "
                    "Anfrage und Ihre Nachrichten an das Team. Angaben zu Ihrem Kind haben wir "
                    "nicht.",
                    date=asked,
                ),
                consent.privacy_summary(retention_months=ctx.retention_months),
            ),
            ((Button(_("🗑 Alles löschen"), "del"),), (BACK_TO_MENU,)),
        )
    if not state.has_consent and not state.children:
        return Reply(
            lines(
                consent.nothing_stored(),
                _(
                    "Gespeichert ist nur Ihre Sprache: {language}.",
                    language=LanguageName(state.locale or "de", own=True),
                ),
                sep="\n\n",
            ),
            ((BACK_TO_MENU,),),
        )
    parts: list[Renderable | None] = [
        _("🔒 Das ist über Sie gespeichert:"),
        _("Sprache: {language}", language=LanguageName(state.locale or "de", own=True)),
    ]
    if state.consent_at:
        given = datetime.fromisoformat(state.consent_at).date()
        parts.append(_("Einverständnis gegeben am {date}", date=given))
    names = ctx.municipality_names()
    for index, child in enumerate(state.children, start=1):
        status = _("abgeschickt") if child.submitted_at else _("noch nicht fertig")
        parts.append(_("👧 Kind {n} ({status}):", n=index, status=status))
        for q in ctx.instrument.questions:
            if q.id in child.answers:
                value = display_value(q, child.answers[q.id], municipality_names=names)
                parts.append(_("• {question} → {answer}", question=q.prompt, answer=value))
    parts.append(consent.privacy_summary(retention_months=ctx.retention_months))
    return Reply(
        lines(*parts),
        ((Button(_("🗑 Alles löschen"), "del"),), (BACK_TO_MENU,)),
    )


def confirm_delete(state: ParentState) -> Reply:
    state.screen = "confirm_delete"
    return Reply(
        consent.deletion_confirm_request(),
        (
            (Button(_("🗑 Ja, alles löschen"), "del.yes"),),
            (Button(_("↩️ Nein, behalten"), "del.no"),),
        ),
    )


def contact_requested(state: ParentState, ctx: FlowContext) -> Reply:
    state.contact_requested_at = ctx.now.astimezone(UTC).isoformat()
    state.screen = "handed_off"
    way = contact_way(state)
    return Reply(
        lines(
            _("🙋 Gut. Wir haben das Beratungsteam informiert."),
            _(
                "Eine Beraterin oder ein Berater schreibt Ihnen hier im Chat. Das kann "
                "einen oder zwei Arbeitstage dauern. Sie müssen nichts weiter tun."
            )
            if way is None
            else lines(way, _("Das kann einen oder zwei Arbeitstage dauern.")),
            sep="\n\n",
        ),
        ((BACK_TO_MENU,),),
    )


def my_case(state: ParentState) -> Reply:
    submitted = [c for c in state.children if c.submitted_at]
    if not submitted and not state.contact_requested_at:
        return Reply(
            _("Sie haben noch keinen Fall. Machen Sie zuerst die Angaben zum Kind."),
            ((BACK_TO_MENU,),),
        )
    return Reply(
        lines(
            _("📂 Ihr Fall liegt beim Beratungsteam."),
            _("Angemeldete Kinder: {n}", n=len(submitted)),
            contact_way(state) or _("Eine Beraterin oder ein Berater meldet sich hier im Chat."),
        ),
        ((BACK_TO_MENU,),),
    )
