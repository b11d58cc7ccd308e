"""Every family can reach the KI (issue 9.2): a contact card from the Kreis file in the menu and
/help, in the family's language; and a person without giving child data (a family that declined
the questions about its child used to loop back to that consent)."""

from __future__ import annotations

from dialogs.parent.outcome import RequestContact
from dialogs.staff import effects as fx
from dialogs.staff.family import CONTACT_ONLY, announce
from dialogs.text import Renderer
from tests.support.dialog_driver import KREIS, Driver
from tests.support.staff_driver import StaffDriver, case

FSI, PDI = "\u2068", "\u2069"


def in_menu(language: str = "Deutsch") -> Driver:
    d = Driver()
    d.start()
    d.press(language)
    return d


def test_the_menu_shows_the_kis_address_phone_mail_and_hours() -> None:
    d = in_menu()
    d.press("Adresse und Telefon")
    text = d.text()
    ki = KREIS.ki
    for expected in (ki.name, str(ki.address), ki.phone, ki.email):
        assert expected in text
    # Office hours from the file, weekday by weekday (none on Wednesday in the sample file).
    assert "Dienstag: 09:00–12:00, 14:00–16:00" in text and "Mittwoch" not in text
    assert d.labels() == ["🏠 Menü"]


def test_help_lists_the_commands_and_the_contact_card() -> None:
    d = in_menu()
    d.command("help")
    assert "/contact" in d.text() and KREIS.ki.phone in d.text()
    assert "Sprechzeiten" in d.text()


def test_the_card_names_weekdays_in_the_familys_language_and_isolates_values() -> None:
    d = in_menu("العربية")
    d.press("Adresse und Telefon")
    text = d.text("ar")
    assert f"{FSI}{KREIS.ki.phone}{PDI}" in text  # the number keeps its order right-to-left
    assert "الثلاثاء" in text  # Tuesday, from CLDR
    assert "Вівторок" in d.text("uk")  # a label: capitalised although Ukrainian writes it lower


def test_declining_the_questions_about_the_child_still_leads_to_a_person() -> None:
    d = in_menu()
    d.press("Angaben zum Kind")
    d.press("Nein")
    assert not d.state.has_consent
    # The way on is offered right there, and from the menu it no longer loops to that consent.
    assert "Mit einer Person sprechen" in " ".join(d.labels())
    d.press("Menü")
    out = d.press("Mit einer Person sprechen")
    assert not out.effects and d.state.screen == "consent"
    text = d.text()
    assert "keine Angaben zu Ihrem Kind" in text and "Alter, Sprachen" not in text
    out = d.press("Ja, ich bin einverstanden")
    assert out.effects == (RequestContact(child_data_consent=False),)
    assert d.state.talking and d.state.screen == "handed_off"
    assert not d.state.has_consent and d.state.children == []  # still nothing about a child
    # The questions about the child still need their own consent.
    d.command("intake")
    assert d.state.screen == "consent" and "Alter, Sprachen" in d.text()


def test_declining_the_request_too_shows_how_to_reach_the_ki_directly() -> None:
    d = in_menu()
    d.press("Mit einer Person sprechen")
    out = d.press("Nein")
    assert not out.effects and d.state.contact_consent_at is None
    assert "nichts an das Beratungsteam" in d.text() and KREIS.ki.phone in d.text()
    assert d.state.screen == "menu"


def test_mydata_of_a_family_that_only_asked_for_a_person_says_what_is_kept() -> None:
    d = in_menu()
    d.press("Mit einer Person sprechen")
    d.press("Ja, ich bin einverstanden")
    d.command("mydata")
    text = d.text()
    assert "keine Daten gespeichert" not in text
    assert "um ein Gespräch gebeten" in text and "Angaben zu Ihrem Kind haben wir nicht" in text
    assert "Alles löschen" in " ".join(d.labels())


def test_a_family_with_the_full_consent_is_not_asked_again_for_a_person() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.command("contact")
    assert d.last is not None and d.last.effects == (RequestContact(child_data_consent=True),)


def test_the_counsellors_learn_that_a_case_has_no_consent_to_child_data() -> None:
    ctx = StaffDriver().context()
    new = case(id=13, status="open", children=(), topic_id=None)
    render = Renderer().render
    posts = [
        render(e.reply.text, "de")
        for e in announce(new, RequestContact(child_data_consent=False), ctx).effects
        if isinstance(e, fx.PostToTopic)
    ]
    assert posts == [CONTACT_ONLY]
    assert not [
        e for e in announce(new, RequestContact(), ctx).effects if isinstance(e, fx.PostToTopic)
    ]
