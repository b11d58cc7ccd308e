"""An adult's data only on their own consent (dp.child; the intake accepts up to 21, sp.sek2)."""

from __future__ import annotations

from dialogs.parent.events import Press
from dialogs.parent.outcome import SubmitChild
from tests.support.dialog_driver import AMIRA, Driver

# 19 on the driver's day (2026-11-25): still within the intake's 21 years.
ADULT = {**AMIRA, "first_name": "Yusuf", "birth_date": "01.02.2007", "apprenticeship": "Nein"}


def to_the_birth_date() -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(ADULT, until="birth_date")
    return d


def test_an_adult_filling_in_for_themselves_goes_on_under_their_own_consent() -> None:
    d = to_the_birth_date()
    d.type("01.02.2007")
    assert d.state.screen == "adult_check"
    assert "18 Jahre oder älter" in d.text()
    d.press("Ich bin diese Person")
    assert d.state.children[0].for_self is True
    d.answer_all(ADULT)
    out = d.press("absenden")
    assert any(isinstance(e, SubmitChild) for e in out.effects)


def test_an_adults_data_entered_by_someone_else_is_not_kept() -> None:
    d = to_the_birth_date()
    d.type("01.02.2007")
    out = d.press("für diese Person aus")
    assert d.state.children == [] and d.state.screen == "menu"
    assert not out.effects
    assert "muss die Person selbst zustimmen" in d.text()
    assert "Yusuf" not in d.state.model_dump_json()


def test_the_question_comes_back_until_answered_and_minors_are_not_asked() -> None:
    d = to_the_birth_date()
    d.type("01.02.2007")
    d.type("irgendwas")  # typed text does not get past the question
    assert d.state.screen == "adult_check" and "Wer füllt das hier aus?" in d.text()
    d.send(Press("ad.bogus"))
    assert d.state.screen == "adult_check"
    minor = Driver()
    minor.consent_and_start_intake()
    minor.answer_all(AMIRA)  # born 2016: never asked
    assert minor.state.screen == "summary" and minor.state.children[0].for_self is None
