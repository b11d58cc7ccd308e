"""Chat hygiene (issue 9 item 13): finding one's way edits the menu or card in place; only new
content is a new message, and content is never overwritten."""

from __future__ import annotations

from tests.support.dialog_driver import AMIRA, Driver


def in_menu() -> Driver:
    d = Driver()
    d.start()
    d.press("Deutsch")
    return d


def new_messages(d: Driver) -> int:
    assert d.last is not None
    return sum(1 for r in d.last.replies if not r.replace)


def test_menu_info_cards_my_data_and_contact_edit_the_pressed_message() -> None:
    d = in_menu()
    for label in (
        "Schulpflicht in NRW",  # menu → topics
        "Wer muss zur Schule",  # topics → a card
        "Nächstes Thema",  # card → card
        "Alle Themen",  # card → topics
        "Menü",
        "Meine Daten",
        "Menü",
        "Adresse und Telefon",
        "Menü",
        "Sprache",
    ):
        d.press(label)
        assert d.last is not None and d.last.replies[0].replace, label
        assert new_messages(d) == 0, label


def test_content_stays_and_its_menu_button_sends_a_new_menu() -> None:
    d = in_menu()
    d.press("Angaben zum Kind")
    # The consent text is what the parent agrees to: "yes" must not overwrite it.
    d.press("Ja, ich bin einverstanden")
    assert not d.last.replies[0].replace  # type: ignore[union-attr]
    d.answer_all(AMIRA)
    d.press("absenden")
    d.press("Menü")  # under the estimate
    assert new_messages(d) == 1


def test_a_choice_that_leads_on_replaces_the_menu_but_keeps_later_messages_new() -> None:
    d = in_menu()
    d.press("Sprache")
    out = d.press("العربية")
    # "Language set" takes the picker's place; the menu in the new language is a new message.
    assert [r.replace for r in out.replies] == [True, False]
