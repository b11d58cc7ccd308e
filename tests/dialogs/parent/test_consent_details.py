"""Consent as the DSGVO means it: each part can be withdrawn alone (Art. 7(3)), a "no" is a
no, and agreeing is agreeing to the text the family read (dp.special, dp.child)."""

from __future__ import annotations

import pytest

from dialogs.parent import consent
from dialogs.parent.events import Press
from dialogs.parent.outcome import RelayToCase, WithdrawSpecialConsent
from tests.support.dialog_driver import AMIRA, Driver


def agreed_to_health_questions() -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, "__special_consent__": "Ja, ich bin einverstanden"})
    assert d.state.children[0].answers["special_needs"] == "no"
    return d


def test_the_health_consent_alone_is_withdrawn_from_mydata() -> None:
    d = agreed_to_health_questions()
    d.press("absenden")
    d.command("mydata")
    assert "Zustimmung zu den Gesundheitsfragen gegeben" in d.text()
    out = d.press("Gesundheitsfragen zurücknehmen")
    # The answer goes from the draft and, through the effect, from the case the team has.
    assert out.effects == (WithdrawSpecialConsent(("special_needs",)),)
    assert d.state.special_consent is False
    assert d.state.children[0].answers["special_needs"] is None
    assert "Zustimmung zu den Gesundheitsfragen zurückgenommen" in d.text()
    # The rest of the consent stays: the answers, the general consent, no button any more.
    assert d.state.has_consent and d.state.children[0].answers["first_name"] == "Amira"
    assert not any(b.action == "sp.off" for b in d.buttons())


def test_a_withdrawal_button_without_the_consent_changes_nothing() -> None:
    d = Driver()
    d.consent_and_start_intake()
    out = d.send(Press("sp.off"))
    assert out.effects == () and d.state.special_consent is None


def test_a_repeated_no_clears_the_old_consent_and_what_was_collected_under_it() -> None:
    d = agreed_to_health_questions()
    d.state.consent_version = "2020-01"  # the text has changed since the family agreed
    d.command("menu")
    d.press("Angaben zum Kind")
    assert d.state.screen == "consent"
    d.press("Nein")
    assert not d.state.has_consent and d.state.consent_version is None
    assert d.state.special_consent is None
    assert d.state.children == []  # the unsent draft went with the consent it relied on
    out = d.send(Press("in"))
    assert d.state.screen == "consent" and not out.effects


@pytest.mark.parametrize("after", ["intake", "contact"])
def test_a_button_under_an_older_consent_text_does_not_agree_to_the_new_one(
    after: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Angaben zum Kind" if after == "intake" else "Mit einer Person sprechen")
    assert d.state.screen == "consent"
    # The bot is updated with a new consent text while the old message is on screen.
    name = "CONSENT_VERSION" if after == "intake" else "CONTACT_CONSENT_VERSION"
    monkeypatch.setattr(consent, name, "2099-01")
    out = d.send(Press("ok.yes"))
    assert not d.state.has_consent and d.state.contact_consent_at is None
    assert not out.effects and d.state.screen == "consent"
    assert "Bevor wir anfangen" in d.text() or "Person aus dem Beratungsteam" in d.text()
    # The text shown now is the current one, and its button counts.
    d.press("Ja, ich bin einverstanden")
    if after == "intake":
        assert d.state.consent_version == "2099-01"
    else:
        assert d.state.contact_consent_version == "2099-01"


def test_the_family_is_told_once_that_the_team_reads_it_in_telegram() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Mit einer Person sprechen")
    assert "Telegram" in d.text()  # the consent text names it
    out = d.press("Ja, ich bin einverstanden")
    # The conversation opens with the notice, before anything the family writes is relayed.
    assert d.state.talking and not any(isinstance(e, RelayToCase) for e in out.effects)
    assert "liest das Beratungsteam in seiner Telegram-Gruppe" in d.text()
    out = d.type("Wann ist der Termin?")
    assert out.effects == (RelayToCase("Wann ist der Termin?"),)
    assert "Telegram-Gruppe" not in d.text()  # once is enough
    d.type("Und noch etwas")
    assert "Telegram-Gruppe" not in d.text()


def test_the_notice_waits_while_the_family_is_not_writing_to_the_team() -> None:
    d = Driver()
    d.consent_and_start_intake()
    assert "Telegram-Gruppe" not in d.text() and not d.state.telegram_told


def talking_before_the_notice_existed() -> Driver:
    """A family already in conversation with the team when the notice was introduced."""
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Mit einer Person sprechen")
    d.press("Ja, ich bin einverstanden")
    d.state.telegram_told = False  # as its stored state from before reads
    return d


def test_a_family_talking_before_the_notice_has_its_next_message_held_until_it_read_it() -> None:
    d = talking_before_the_notice_existed()
    out = d.type("Unsere Adresse ist …")
    assert out.effects == ()  # nothing reached the team yet
    assert "liest das Beratungsteam in seiner Telegram-Gruppe" in d.text()
    out = d.press("Nachricht senden")
    assert out.effects == (RelayToCase("Unsere Adresse ist …"),)
    assert d.state.held is None
    out = d.type("Danke")
    assert out.effects == (RelayToCase("Danke"),)  # asked once only
    stale = d.send(Press("rel.send"))
    assert stale.effects == ()


def test_a_held_message_can_be_kept_back() -> None:
    d = talking_before_the_notice_existed()
    d.type("Lieber nicht")
    out = d.press("Nicht senden")
    assert out.effects == () and d.state.held is None
    assert "nicht weitergegeben" in d.text()
