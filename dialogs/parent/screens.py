"""Menus and information screens of the parent dialog."""

from __future__ import annotations

from dataclasses import replace

from dialogs import locales
from dialogs.info.cards import CARDS, InfoCard
from dialogs.parent.contact_card import contact_button
from dialogs.parent.offers import button as offers_button
from dialogs.parent.state import ParentState
from dialogs.reply import Button, Reply, Rows, buttons_in_rows
from dialogs.text import LanguageName, Lines, Renderable, Text, _, _n, lines

BACK_TO_MENU = Button(_("🏠 Menü"), "m")

# Marks the buttons of a navigation screen: what they lead to takes that screen's place.
NAV = "~"


def navigation(reply: Reply) -> Reply:
    """A screen only for finding one's way (menu, info, my data, the contact card): the answer
    to one of its buttons replaces it instead of adding a message, as good bots do. Content —
    an estimate, a consent, the team's words — is never marked, so it stays in the chat."""
    rows = tuple(tuple(Button(b.label, NAV + b.action) for b in row) for row in reply.buttons)
    return replace(reply, buttons=rows)


def main_menu(state: ParentState, *, greeting: bool = False) -> Reply:
    intake_label = (
        _("📝 Angaben zum Kind fortsetzen")
        if state.open_draft_index() is not None
        else _("📝 Angaben zum Kind machen")
    )
    rows: list[tuple[Button, ...]] = [
        (Button(_("📘 Schulpflicht in NRW"), "info"),),
        (Button(intake_label, "in"),),
    ]
    if any(c.submitted_at for c in state.children) or state.contact_requested_at:
        rows.append((Button(_("📂 Mein Fall"), "case"),))
    rows += [
        (Button(_("🙋 Mit einer Person sprechen"), "talk"),),
        (contact_button(),),
        (offers_button(),),
        (Button(_("🔒 Meine Daten"), "my"), Button(_("🌐 Sprache"), "lang")),
    ]
    text = (
        lines(
            _("Willkommen bei Schullotse! 👋"),
            _(
                "Ich helfe Ihnen, Ihr Kind in Nordrhein-Westfalen (NRW) für die Schule "
                "anzumelden. Danach spricht eine Beraterin oder ein Berater des Kommunalen "
                "Integrationszentrums mit Ihnen."
            ),
            _("Bitte wählen Sie:"),
            sep="\n\n",
        )
        if greeting
        else _("Was möchten Sie tun? Bitte wählen Sie:")
    )
    return navigation(Reply(text, tuple(rows)))


LANGUAGES_PER_PAGE = 8


def language_picker(
    supported: tuple[str, ...],
    *,
    first_time: bool,
    page: int = 0,
    suggested: tuple[str, ...] = (),
) -> Reply:
    """Each language in its own name, suggested ones first, in pages of eight: sixteen
    buttons at once are a wall on a small phone."""
    order = locales.picker_order(supported, suggested)
    pages = max(1, -(-len(order) // LANGUAGES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = order[page * LANGUAGES_PER_PAGE : (page + 1) * LANGUAGES_PER_PAGE]
    buttons = [Button(LanguageName(code, own=True), f"lang.{code}") for code in shown]
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(_("⬅️ Zurück"), f"lang.page.{page - 1}"))
    if page + 1 < pages:
        nav.append(Button(_("➡️ Weitere Sprachen"), f"lang.page.{page + 1}"))
    text = (
        _("Bitte wählen Sie Ihre Sprache. Sie können sie später mit /language ändern.")
        if first_time
        else _("Welche Sprache möchten Sie?")
    )
    rows = (*buttons_in_rows(buttons, 2), *((tuple(nav),) if nav else ()))
    return navigation(Reply(text, rows))


def language_set(locale: str) -> Reply:
    return Reply(_("Die Sprache ist jetzt: {language}", language=LanguageName(locale, own=True)))


def info_menu() -> Reply:
    buttons = [Button(card.title, f"info.{card.key}") for card in CARDS]
    return navigation(
        Reply(
            _("Was möchten Sie über die Schule in NRW wissen? Wählen Sie ein Thema:"),
            (*buttons_in_rows(buttons, 1), (BACK_TO_MENU,)),
        )
    )


def info_card(card: InfoCard) -> Reply:
    position = next(i for i, c in enumerate(CARDS) if c.key == card.key)
    nav: list[Button] = []
    if position + 1 < len(CARDS):
        nav.append(Button(_("➡️ Nächstes Thema"), f"info.{CARDS[position + 1].key}"))
    nav.append(Button(_("📘 Alle Themen"), "info"))
    return navigation(
        Reply(lines(card.title, card.body, card.source, sep="\n\n"), (tuple(nav), (BACK_TO_MENU,)))
    )


def stale_button() -> Reply:
    return Reply(_("Dieser Knopf ist nicht mehr aktuell. Hier ist der aktuelle Schritt:"))


def unknown_command() -> Reply:
    return Reply(_("Diesen Befehl kenne ich nicht. Bitte nutzen Sie das Menü."))


def help_text(contact: Lines) -> Reply:
    """The commands, then how to reach the KI without the bot (`contact`: its contact card)."""
    return navigation_reply(
        lines(
            lines(
                _("So können Sie mich benutzen:"),
                _("/start – Menü"),
                _("/info – Schulpflicht in NRW erklärt"),
                _("/intake – Angaben zum Kind machen"),
                _("/contact – mit einer Person sprechen"),
                _("/mydata – Ihre gespeicherten Daten sehen"),
                _("/deletedata – Ihre Daten löschen"),
                _("/language – Sprache ändern"),
            ),
            contact,
            sep="\n\n",
        ),
        ((BACK_TO_MENU,),),
    )


def navigation_reply(text: Renderable, buttons: Rows) -> Reply:
    return navigation(Reply(text, buttons))


def contact_card(contact: Lines) -> Reply:
    return navigation(Reply(contact, ((BACK_TO_MENU,),)))


def not_understood(kind: str | None = None) -> Reply:
    if kind:
        return Reply(
            _(
                "Danke! Bilder, Sticker und Sprachnachrichten kann ich hier leider nicht "
                "lesen. Bitte nutzen Sie die Knöpfe oder schreiben Sie Text."
            )
        )
    return Reply(_("Das habe ich nicht verstanden. Bitte wählen Sie einen Knopf."))


def edited_message() -> Reply:
    return Reply(
        _(
            "Ich sehe, dass Sie eine Nachricht geändert haben. Geänderte Nachrichten lese "
            "ich nicht. Bitte schreiben Sie die Antwort neu."
        )
    )


# Below this the team sees a message about as soon as it is sent: nothing to say.
NOTABLE_DELAY_MINUTES = 2


def staff_delay(minutes: int) -> Text | None:
    """Honest about a busy staff group: when the team will see the message, roughly."""
    if minutes < NOTABLE_DELAY_MINUTES:
        return None
    return _n(
        "Im Moment schreiben viele Familien. Das Team sieht Ihre Nachricht in etwa {n} Minute.",
        "Im Moment schreiben viele Familien. Das Team sieht Ihre Nachricht in etwa {n} Minuten.",
        minutes,
    )


def relayed(delay_minutes: int = 0) -> Reply:
    return Reply(
        lines(
            _("✉️ Danke. Ich habe Ihre Nachricht an das Beratungsteam weitergegeben."),
            staff_delay(delay_minutes),
        ),
        ((BACK_TO_MENU,),),
    )


def media_not_relayed() -> Reply:
    return Reply(
        _(
            "Bilder, Dateien und Sprachnachrichten kann ich noch nicht weitergeben. "
            "Bitte schreiben Sie Ihre Frage als Text oder zeigen Sie die Papiere beim Termin."
        )
    )


def outside_the_kreis(kreis_name: str) -> Reply:
    """A family living elsewhere: where its own KI is found, and a person here if unsure."""
    return Reply(
        lines(
            _("📍 Dieses Beratungsteam ist zuständig für: {kreis}", kreis=kreis_name),
            _(
                "Für andere Orte ist meist das Kommunale Integrationszentrum (KI) des Kreises "
                "oder der Stadt zuständig. Fragen Sie bei Ihrer Stadtverwaltung danach, oder "
                "suchen Sie im Internet nach „Kommunales Integrationszentrum“ und dem Namen "
                "Ihres Kreises oder Ihrer Stadt."
            ),
            _(
                "Sie ziehen bald hierher, oder Sie wissen nicht, wer zuständig ist? Dann "
                "sprechen Sie mit uns."
            ),
            sep="\n\n",
        ),
        (
            (Button(_("🙋 Mit einer Person sprechen"), "talk"),),
            (contact_button(),),
            (BACK_TO_MENU,),
        ),
    )
