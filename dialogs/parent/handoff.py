"""What a parent reads while a person from the counselling team handles the case."""

from __future__ import annotations

from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import ParentState
from dialogs.reply import Reply
from dialogs.text import Lines, Raw, Renderable, Text, _, lines

# The instrument's contact question and its phone values (content/instrument.yaml): the KI may
# reword them but keeps ids and values, or every family is promised the chat.
CONTACT_QUESTION = "contact_preference"
PHONE_QUESTION = "phone"
BY_PHONE = frozenset({"phone", "phone_interpreter"})


def contact_way(state: ParentState) -> Text | None:
    """How the team will really get in touch, from the family's latest answer; None: here in
    the chat (what every text says by default)."""
    for child in reversed(state.children):
        if child.submitted_at and child.answers.get(CONTACT_QUESTION) is not None:
            answers = child.answers
            break
    else:
        return None
    way, number = answers[CONTACT_QUESTION], answers.get(PHONE_QUESTION)
    if way not in BY_PHONE:
        return None
    if not number:
        return _(
            "📞 Sie möchten am Telefon sprechen. Bitte schreiben Sie uns hier Ihre "
            "Telefonnummer. Bis dahin antworten wir Ihnen hier im Chat."
        )
    if way == "phone_interpreter":
        return _(
            "📞 Das Beratungsteam ruft Sie an: {phone}. Dafür bestellen wir eine Dolmetscherin "
            "oder einen Dolmetscher für Ihre Sprache. Wann wir anrufen, schreiben wir Ihnen "
            "vorher hier im Chat. Stimmt die Nummer nicht? Dann schreiben Sie uns hier die "
            "richtige.",
            phone=Raw(str(number)),
        )
    return _(
        "📞 Das Beratungsteam ruft Sie an: {phone}. Stimmt die Nummer nicht? Dann schreiben Sie "
        "uns hier die richtige.",
        phone=Raw(str(number)),
    )


def what_next(state: ParentState) -> tuple[Renderable, ...]:
    """How the team gets in touch, as the family chose (chat, a call, a call with an
    interpreter), and the appointment that follows."""
    way = contact_way(state)
    if way is None:
        return (
            _(
                "Wie geht es weiter? Eine Beraterin oder ein Berater schreibt Ihnen hier im "
                "Chat und vereinbart einen Termin mit Ihnen. Bringen Sie dann Ihre Papiere mit."
            ),
        )
    return (
        way,
        _("Im Gespräch vereinbaren wir einen Termin mit Ihnen. Bringen Sie dann Ihre Papiere mit."),
    )


def person_answers(first_name: str | None, state: ParentState | None = None) -> Text | Lines:
    way = contact_way(state) if state is not None else None
    if way is not None:
        # By phone: the person takes the case, the call (not the chat) is how they answer.
        if first_name:
            taken = _(
                "👤 {name} aus dem Beratungsteam kümmert sich jetzt um Ihren Fall.",
                name=Raw(first_name),
            )
        else:
            taken = _("👤 Eine Person aus dem Beratungsteam kümmert sich jetzt um Ihren Fall.")
        return lines(taken, way, sep="\n\n")
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
