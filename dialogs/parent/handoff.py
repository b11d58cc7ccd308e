"""What a parent reads while a person from the counselling team handles the case."""

from __future__ import annotations

from dialogs.parent.screens import BACK_TO_MENU
from dialogs.reply import Reply
from dialogs.text import Raw, Text, _


def person_answers(first_name: str | None) -> Text:
    if first_name:
        return _(
            "👤 {name} aus dem Beratungsteam antwortet Ihnen jetzt hier im Chat.",
            name=Raw(first_name),
        )
    return _("👤 Eine Person aus dem Beratungsteam antwortet Ihnen jetzt hier im Chat.")


def from_counsellor(first_name: str | None) -> Text:
    """The line above a counsellor's own words, which are passed on as written."""
    if first_name:
        return _("👤 {name} (Beratungsteam):", name=Raw(first_name))
    return _("👤 Beratungsteam:")


def case_closed() -> Text:
    return _(
        "✅ Ihre Beratung ist abgeschlossen. Vielen Dank! "
        "Brauchen Sie wieder Hilfe? Dann schreiben Sie einfach hier."
    )


def case_reopened() -> Text:
    return _("📂 Ihr Fall ist wieder offen. Das Beratungsteam liest Ihre Nachricht.")


def new_case_opened() -> Text:
    return _(
        "📂 Wir haben eine neue Anfrage für Sie angelegt. Das Beratungsteam liest Ihre Nachricht."
    )


def after_closed_case(policy: str) -> Reply:
    """What a family reads when it writes after the team closed its case."""
    told = new_case_opened() if policy == "new" else case_reopened()
    return Reply(told, ((BACK_TO_MENU,),))


def reopened_by_team() -> Text:
    return _(
        "📂 Das Beratungsteam hat Ihren Fall wieder geöffnet. "
        "Sie können hier wieder an das Team schreiben."
    )


def leave_label() -> Text:
    return _("🔙 Zurück zum Menü")


def left_conversation() -> Text:
    return _(
        "Sie sind wieder im Menü. Ihre Nachrichten gehen jetzt nicht an das Beratungsteam. "
        "Zum Beratungsteam: /contact"
    )


def media_relayed() -> Text:
    return _("✉️ Danke. Ich habe Ihre Datei an das Beratungsteam weitergegeben.")
