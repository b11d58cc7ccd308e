"""Consent and privacy texts (DSGVO), in plain language.

The counselling may only start after a signed consent (ki.consent), so the bot asks before its
first question about a child. What it says follows the facts dp.min, dp.child, dp.special and
dp.erase; the retention period is the Kreis's own setting, because the law names none for a KI.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dialogs.instrument.model import age_on
from dialogs.text import Lines, Text, _, _n, lines

# Stored with each consent. Change it whenever the meaning of these texts changes, so that
# families who agreed to the old wording are asked again.
# 2026-12: names Telegram as a recipient. 2027-01: the rights say what /mydata really does
# (a correction request to the team; withdrawal is erasure) and who is responsible.
CONSENT_VERSION = "2027-01"
# The same for the shorter consent to a request for a person (`contact_consent_request`).
CONTACT_CONSENT_VERSION = "2027-01"


def _retention(months: int) -> Text:
    return _n(
        "Spätestens {n} Monat nach dem Ende der Beratung löschen wir Ihre Daten.",
        "Spätestens {n} Monate nach dem Ende der Beratung löschen wir Ihre Daten.",
        months,
    )


def telegram_recipient() -> Lines:
    """Telegram is a recipient (the chat and the team's group live in its cloud): said in
    every consent text, with the way to the team that avoids it."""
    return lines(
        _(
            "📱 Dieser Chat läuft über Telegram. Auch das Beratungsteam arbeitet in einer "
            "Telegram-Gruppe."
        ),
        _(
            "Ihre Nachrichten und die Angaben für das Team speichert deshalb auch die Firma "
            "Telegram, auf Servern auch außerhalb der EU."
        ),
        _("Sie können das Beratungsteam auch ohne Telegram erreichen, am Telefon oder vor Ort."),
    )


def telegram_notice() -> Text:
    """Once, before the family's first own message reaches the team."""
    return _(
        "ℹ️ Was Sie hier schreiben oder schicken, liest das Beratungsteam in seiner "
        "Telegram-Gruppe. Schreiben Sie nur, was nötig ist. Über Gesundheit sprechen Sie "
        "besser persönlich mit der Beratung."
    )


def _rights(*, controller: str, contact: str) -> Lines:
    """Only what the bot really does: /mydata shows the data and sends a correction request to
    the team; a withdrawal is the erasure (dp.erase), nothing is kept after it."""
    return lines(
        _("✋ Ihre Rechte:"),
        _("• Daten ansehen: /mydata"),
        _(
            "• Etwas ist falsch? Unter /mydata schreiben Sie es dem Beratungsteam. Das Team "
            "korrigiert es."
        ),
        _("• Zustimmung zurücknehmen und alle Daten löschen: /deletedata. Das geht jederzeit."),
        _responsible(controller, contact),
    )


def _responsible(controller: str, contact: str) -> Text:
    """Who answers for the data, and how to ask them without Telegram."""
    return _(
        "Verantwortlich für Ihre Daten: {controller}. Fragen zum Datenschutz: {contact}",
        controller=controller,
        contact=contact,
    )


def consent_request(*, ki_name: str, retention_months: int, controller: str, contact: str) -> Lines:
    """The first consent: what we ask, why, who sees it, how long, and the family's rights."""
    # Short paragraphs with a blank line between them: one topic per block is easier to take
    # in than one long list, and a parent can find "who sees it" again at a glance.
    return lines(
        _("🔒 Bevor wir anfangen: Ihre Daten"),
        lines(
            _(
                "Ich stelle Ihnen Fragen zu Ihrem Kind. Zum Beispiel zu Alter, Sprachen und "
                "bisheriger Schule."
            ),
            _("Damit bereiten wir die Schulberatung und den Schulplatz für Ihr Kind vor."),
            _("Wir fragen nur, was wir dafür brauchen."),
        ),
        lines(
            _("👀 Ihre Daten sieht das Beratungsteam ({ki_name}).", ki_name=ki_name),
            _(
                "Mit Ihrer Zustimmung bekommt auch das Schulamt oder das Schulverwaltungsamt "
                "die Daten, die es für den Schulplatz braucht."
            ),
        ),
        telegram_recipient(),
        lines(
            _("🗓️ Wir speichern Ihre Daten nur für die Beratung."),
            _retention(retention_months),
        ),
        _rights(controller=controller, contact=contact),
        _("👨‍👩‍👧 Ist das Kind unter 16 Jahre alt? Dann müssen Eltern oder Vormund zustimmen."),
        _(
            "🩺 Fragen zu Gesundheit oder besonderem Förderbedarf stellen wir nur mit einer "
            "extra Zustimmung. Diese Fragen sind immer freiwillig."
        ),
        _("Sind Sie einverstanden?"),
        sep="\n\n",
    )


def contact_consent_request(
    *, ki_name: str, retention_months: int, controller: str, contact: str
) -> Lines:
    """Only what a request for a person stores: no child data, so a family that declined the
    questions about its child can still reach a person."""
    return lines(
        _(
            "🔒 Sie möchten mit einer Person aus dem Beratungsteam ({ki_name}) sprechen.",
            ki_name=ki_name,
        ),
        _(
            "Dafür brauchen wir keine Angaben zu Ihrem Kind. Wir geben nur weiter, dass Sie "
            "Hilfe möchten und in welcher Sprache, und die Nachrichten, die Sie danach hier "
            "schreiben. Das sieht nur das Beratungsteam."
        ),
        telegram_recipient(),
        _retention(retention_months),
        lines(
            _("✋ Ihre Rechte:"),
            _("• Daten löschen: /deletedata"),
            _responsible(controller, contact),
        ),
        _("Sind Sie einverstanden?"),
        sep="\n\n",
    )


def contact_declined() -> Text:
    return _("In Ordnung. Wir geben nichts an das Beratungsteam weiter.")


def consent_given() -> Text:
    return _("✅ Danke! Sie haben zugestimmt. Wir können jetzt anfangen.")


def consent_declined() -> Text:
    return _(
        "In Ordnung. Wir stellen keine Fragen zu Ihrem Kind. Alle Informationen, zum Beispiel "
        "zur Schulpflicht, können Sie weiter lesen. Sie können später zustimmen: im Menü."
    )


def special_consent_withdrawn() -> Text:
    return _(
        "✅ Sie haben die Zustimmung zu den Gesundheitsfragen zurückgenommen. Ihre Antworten "
        "darauf haben wir gelöscht, auch beim Beratungsteam. Alles andere bleibt gespeichert."
    )


def special_category_request() -> Lines:
    """A separate, explicit consent (Art. 9 DSGVO) before the health or special-needs question."""
    return lines(
        _("🩺 Die nächste Frage ist freiwillig."),
        _(
            "Es geht um die Gesundheit Ihres Kindes oder um besonderen Förderbedarf, zum "
            "Beispiel eine Behinderung."
        ),
        _("Das sind besonders geschützte Daten. Wir fragen nur, wenn Sie ausdrücklich zustimmen."),
        _("Die Antwort kann helfen, die passende Schule und Hilfe zu finden."),
        _("Sie können die Frage auch überspringen."),
        _("Sie können Ihre Zustimmung jederzeit zurücknehmen."),
        _("Sind Sie damit einverstanden?"),
    )


def privacy_summary(*, retention_months: int) -> Lines:
    """The short footer under /mydata."""
    return lines(
        _("🔒 Ihre Daten sieht das Beratungsteam. Wir nutzen sie nur für die Schulberatung."),
        _retention(retention_months),
        _("Alles löschen: /deletedata"),
    )


def deletion_confirm_request() -> Text:
    return _(
        "Möchten Sie wirklich alle Ihre Daten löschen? Dann sind alle Antworten und Nachrichten "
        "weg. Das kann man nicht rückgängig machen."
    )


def deletion_done(*, with_case: bool = False) -> Text | Lines:
    """After /deletedata. With a case, the honest version: the database copy is gone at once,
    the copy in the team's Telegram group (the case's topic) is being deleted, which Telegram
    may refuse until the team gives the bot the right to; the team is told then."""
    if not with_case:
        return _("🗑️ Ihre Daten sind gelöscht. Sie können jederzeit neu anfangen: /start")
    return lines(
        _("🗑️ Ihre Daten sind in unserer Datenbank gelöscht."),
        _(
            "Ihr Fall beim Beratungsteam in Telegram, mit Ihren Angaben und Nachrichten, wird "
            "jetzt auch gelöscht. Klappt das nicht sofort, versuchen wir es weiter und sagen "
            "dem Team Bescheid."
        ),
        _("Sie können jederzeit neu anfangen: /start"),
        sep="\n\n",
    )


# Under 16 the consent for an online service must come from a parent (dp.child, Art. 8 DSGVO).
PARENTAL_CONSENT_AGE = 16


def young_person_alone(
    question_id: str, value: Any, answers: Mapping[str, Any], today: date
) -> Text | None:
    """Said when a young person under 16 answers for themselves (`respondent` = `self`): their
    own "yes" is not enough, the team asks the parents (the card says so too)."""
    if question_id != "respondent" or value != "self":
        return None
    try:
        born = date.fromisoformat(str(answers.get("birth_date")))
    except ValueError:
        return None
    if age_on(born, today) >= PARENTAL_CONSENT_AGE:
        return None
    return _(
        "ℹ️ Sie sind jünger als 16 Jahre. Dann müssen auch Ihre Eltern oder Ihr Vormund "
        "zustimmen. Sie können trotzdem weitermachen: Die Beratung spricht mit Ihren Eltern "
        "darüber."
    )


def correction_request() -> Text:
    return _(
        "✏️ Was ist falsch? Schreiben Sie es hier in einer Nachricht, zum Beispiel: "
        "„Geburtsdatum: 12.03.2016“. Wir geben es an das Beratungsteam weiter. Das Team "
        "korrigiert es."
    )


def correction_sent() -> Text:
    return _("✅ Danke. Ihr Korrekturwunsch ist beim Beratungsteam.")


def nothing_stored() -> Text:
    return _("Zu Ihnen und Ihrem Kind sind keine Daten gespeichert.")
