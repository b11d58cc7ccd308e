"""A family that came with a volunteer initiative's invitation: remembered, asked once, its
answer kept; stale answers and a start without invitation change nothing."""

from __future__ import annotations

from dialogs.parent.events import Press, Referral, Start
from tests.support.dialog_driver import Driver

INVITED = Start(payload="ref-abcd1234", language_code="ar", referral=Referral("abcd1234", "Café"))


def test_first_contact_with_an_invitation_asks_after_the_language_picker() -> None:
    d = Driver()
    d.send(INVITED)
    assert d.state.referral == "abcd1234" and d.state.referral_notify is None
    assert "„Café“" in d.text()
    assert d.state.screen == "language"  # the language is still to confirm
    d.press("Ja, Bescheid geben")
    assert d.state.referral_notify is True
    assert d.last is not None and d.last.replies[0].replace
    d.send(Press("lang.ar"))  # the picker above the question, still on screen
    assert d.state.locale == "ar" and d.state.screen == "menu"
    assert d.state.referral == "abcd1234" and d.state.referral_notify is True


def test_declined_and_a_later_invitation_asks_again() -> None:
    d = Driver()
    d.start("de")
    d.press("Deutsch")
    d.send(INVITED)
    assert "Willkommensinitiative" in d.text()
    d.send(Press("ref.no"))
    assert d.state.referral_notify is False
    d.start()  # a plain /start keeps the invitation and the answer
    assert d.state.referral == "abcd1234" and d.state.referral_notify is False
    assert "Willkommensinitiative" not in d.text()


def test_answer_without_an_invitation_is_stale() -> None:
    d = Driver()
    d.start("de")
    d.press("Deutsch")
    d.send(Press("ref.yes"))
    assert d.state.referral is None and d.state.referral_notify is None
    assert "nicht mehr aktuell" in d.text()
