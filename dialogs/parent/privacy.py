"""Consent, the parent's view of their data, deletion and the request for a person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal

from dialogs.instrument.display import display_value
from dialogs.parent import consent
from dialogs.parent.contact_card import contact_button, ki_contact
from dialogs.parent.handoff import case_closed, contact_way
from dialogs.parent.outcome import WithdrawSpecialConsent
from dialogs.parent.screens import BACK_TO_MENU, navigation, navigation_reply
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Button, Reply
from dialogs.text import LanguageName, Lines, Raw, Renderable, Text, _, lines


def shown_version(after: str | None) -> str:
    """The version of the consent text a consent screen shows."""
    if after == "contact":
        return f"contact-{consent.CONTACT_CONSENT_VERSION}"
    return consent.CONSENT_VERSION


def answers_current_text(state: ParentState) -> bool:
    """A "yes" or "no" answers the text on screen only if that text is still the current one:
    a button under a consent message from before an update must not agree to the new text."""
    return state.consent_shown == shown_version(state.after_consent)


def _ask(state: ParentState, after: Literal["intake", "contact"], text: Lines) -> Reply:
    """A consent question, remembering which text (and version) it put on screen."""
    state.screen = "consent"
    state.after_consent = after
    state.consent_shown = shown_version(after)
    yes_no = (
        (Button(_("✅ Ja, ich bin einverstanden"), "ok.yes"),),
        (Button(_("❌ Nein"), "ok.no"),),
    )
    return Reply(text, yes_no)


def ask_consent(state: ParentState, ctx: FlowContext) -> Reply:
    """The consent to the questions about the child (a request for a person has its own)."""
    return _ask(
        state,
        "intake",
        consent.consent_request(
            ki_name=ctx.kreis.ki.name, retention_months=ctx.retention_months, **_responsible(ctx)
        ),
    )


def _responsible(ctx: FlowContext) -> dict[str, str]:
    # The Kreis operates the bot; questions go to its KI, reachable without Telegram.
    return {"controller": ctx.kreis.name, "contact": f"{ctx.kreis.ki.email}, {ctx.kreis.ki.phone}"}


def record_consent(state: ParentState, ctx: FlowContext, given: bool) -> Reply:
    state.consent_shown = None
    if not given:
        state.screen = "menu"
        state.after_consent = None
        # "No" to a text asked again (a new version) is a "no", not "keep the old yes": the
        # old consent and what was collected under it and not yet sent go.
        state.consent_at = None
        state.consent_version = None
        state.special_consent = None
        state.children = [c for c in state.children if c.submitted_at is not None]
        state.child = None
        state.question = None
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
    return _ask(
        state,
        "contact",
        consent.contact_consent_request(
            ki_name=ctx.kreis.ki.name, retention_months=ctx.retention_months, **_responsible(ctx)
        ),
    )


def record_contact_consent(state: ParentState, ctx: FlowContext, given: bool) -> Reply | None:
    """None when given (the request's own confirmation follows); otherwise the way to the KI
    without the bot."""
    state.after_consent = None
    state.consent_shown = None
    if not given:
        state.screen = "menu"
        state.contact_consent_at = None
        state.contact_consent_version = None
        return Reply(
            lines(consent.contact_declined(), ki_contact(ctx.kreis), sep="\n\n"),
            ((BACK_TO_MENU,),),
        )
    state.contact_consent_at = ctx.now.astimezone(UTC).isoformat()
    state.contact_consent_version = consent.CONTACT_CONSENT_VERSION
    return None


def my_data(state: ParentState, ctx: FlowContext) -> Reply:
    return navigation(_my_data(state, ctx))


def _my_data(state: ParentState, ctx: FlowContext) -> Reply:
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
    if state.special_consent:
        parts.append(_("🩺 Zustimmung zu den Gesundheitsfragen gegeben"))
    parts.append(consent.privacy_summary(retention_months=ctx.retention_months))
    rows: list[tuple[Button, ...]] = [(Button(_("🗑 Alles löschen"), "del"),)]
    if state.special_consent:
        rows.insert(0, (Button(_("🩺 Zustimmung zu Gesundheitsfragen zurücknehmen"), "sp.off"),))
    if state.has_case:
        # What was sent is the team's now: a correction goes to them (a draft is edited with ✏️
        # in its summary before sending).
        rows.insert(0, (Button(_("✏️ Etwas korrigieren"), "fix"),))
    rows.append((BACK_TO_MENU,))
    return Reply(lines(*parts), tuple(rows))


def withdraw_special_consent(state: ParentState, ctx: FlowContext) -> WithdrawSpecialConsent:
    """Only the health consent goes, with every answer given under it (drafts and sent
    children alike); the rest of the consent and data stay."""
    ids = tuple(q.id for q in ctx.instrument.questions if q.special_category)
    state.special_consent = False
    for child in state.children:
        for question_id in ids:
            if child.answers.get(question_id) is not None:
                child.answers[question_id] = None  # as if declined: skipped, not asked again
    return WithdrawSpecialConsent(ids)


def ask_correction(state: ParentState) -> Reply:
    state.screen = "correction"
    return Reply(consent.correction_request(), ((BACK_TO_MENU,),))


def confirm_delete(state: ParentState) -> Reply:
    state.screen = "confirm_delete"
    return navigation_reply(
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
    return navigation(_my_case(state))


def _my_case(state: ParentState) -> Reply:
    submitted = [c for c in state.children if c.submitted_at]
    if not submitted and not state.contact_requested_at:
        return Reply(
            _("Sie haben noch keinen Fall. Machen Sie zuerst die Angaben zum Kind."),
            ((BACK_TO_MENU,),),
        )
    children = (
        _("Angemeldete Kinder: {n}", n=len(submitted)),
        *(child_estimate(c.answers, c.assessment or {}) for c in submitted),
    )
    if state.case_closed:
        return Reply(lines(case_closed(), *children), ((BACK_TO_MENU,),))
    if state.case_claimed:
        status = _("🙋 Eine Beraterin oder ein Berater kümmert sich um Ihren Fall.")
    else:
        status = _("⏳ Noch hat niemand aus dem Beratungsteam Ihren Fall übernommen.")
    return Reply(
        lines(
            _("📂 Ihr Fall liegt beim Beratungsteam."),
            status,
            *children,
            contact_way(state) or _("Eine Beraterin oder ein Berater meldet sich hier im Chat."),
        ),
        ((BACK_TO_MENU,),),
    )


def child_estimate(answers: Mapping[str, Any], assessment: Mapping[str, Any]) -> Text:
    """One child's automatic first estimate, as it was shown when the answers were sent."""
    name = Raw(str(answers.get("first_name") or "?"))
    match assessment.get("stage"):
        case "primary":
            return _("👧 {name}: erste Einschätzung – Grundschule", name=name)
        case "secondary_1":
            return _(
                "👧 {name}: erste Einschätzung – weiterführende Schule (Klasse 5 bis 10)",
                name=name,
            )
        case "berufskolleg":
            return _("👧 {name}: erste Einschätzung – Berufskolleg", name=name)
        case "not_yet_school_age" if assessment.get("school_start"):
            start = date.fromisoformat(str(assessment["school_start"]))
            return _("👧 {name}: erste Einschätzung – Schulbeginn am {date}", name=name, date=start)
        case "beyond_school_age":
            return _("👧 {name}: erste Einschätzung – keine Schulpflicht mehr", name=name)
    return _("👧 {name}", name=name)
