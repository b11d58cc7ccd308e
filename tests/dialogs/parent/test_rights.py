"""The consent text promises only what /mydata and /deletedata do (issue 9.10): a correction
request that reaches the team's topic, withdrawal as the erasure, and who is responsible."""

from __future__ import annotations

from dialogs.parent.events import CaseClosed
from dialogs.parent.outcome import DeleteAllData, RelayToCase
from tests.dialogs.staff.test_family import _receive, posts
from tests.support.dialog_driver import AMIRA, KREIS, Driver
from tests.support.staff_driver import case


def sent() -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    return d


def test_the_consent_text_says_what_the_commands_do_and_who_is_responsible() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Angaben zum Kind")
    text = d.text()
    assert "Unter /mydata schreiben Sie es dem Beratungsteam" in text
    assert "Zustimmung zurücknehmen und alle Daten löschen: /deletedata" in text
    assert f"Verantwortlich für Ihre Daten: {KREIS.name}" in text
    assert KREIS.ki.email in text and KREIS.ki.phone in text
    # The old promises /mydata could not keep.
    assert "ansehen und korrigieren" not in text


def test_a_correction_from_my_data_reaches_the_team_as_such() -> None:
    d = sent()
    d.press("Menü")
    d.press("Meine Daten")
    d.press("Etwas korrigieren")
    assert "Was ist falsch?" in d.text()
    out = d.type("Geburtsdatum: 12.04.2016")
    assert out.effects == (RelayToCase("Geburtsdatum: 12.04.2016", correction=True),)
    assert "Korrekturwunsch ist beim Beratungsteam" in d.text()
    # The next text is an ordinary message again, not another correction.
    assert d.state.screen != "correction"
    team = _receive(case(), out.effects[0])
    assert posts(team) == ["✏️ Korrekturwunsch der Familie (Fall #12):\nGeburtsdatum: 12.04.2016"]


def test_no_correction_button_before_anything_was_sent() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.command("mydata")
    assert not any("korrigieren" in label for label in d.labels())


def test_withdrawing_the_consent_is_the_erasure() -> None:
    d = sent()
    d.command("deletedata")
    out = d.press("Ja, alles löschen")
    assert out.effects == (DeleteAllData(),)
    assert not d.state.has_consent and not d.state.children


def test_a_correction_to_a_closed_case_reaches_the_team_too() -> None:
    d = sent()
    d.send(CaseClosed())
    d.command("mydata")
    d.press("Etwas korrigieren")
    out = d.type("Der Nachname ist falsch geschrieben.")
    assert out.effects == (RelayToCase("Der Nachname ist falsch geschrieben.", correction=True),)
    assert d.state.talking and not d.state.case_closed  # the case is open again, as for a message


def test_a_correction_too_long_for_one_message_is_refused_and_asked_again() -> None:
    d = sent()
    d.command("mydata")
    d.press("Etwas korrigieren")
    out = d.type("x" * 3900)
    assert out.effects == () and "zu lang" in d.text()
    assert d.state.screen == "correction"


def test_the_request_for_a_person_names_who_is_responsible_too() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Mit einer Person sprechen")
    assert f"Verantwortlich für Ihre Daten: {KREIS.name}" in d.text()
    assert KREIS.ki.email in d.text()
