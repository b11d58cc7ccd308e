"""The family's chosen contact way is what every message promises (issue 9.4): a family that
asked for a call with an interpreter is not told that the team will write "hier im Chat"."""

from __future__ import annotations

import pytest

from dialogs.parent.events import CaseClaimed
from tests.support.dialog_driver import AMIRA, Driver

CHAT_PROMISE = "schreibt Ihnen hier im Chat"


def submitted(**answers: str) -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, **answers})
    d.press("absenden")
    return d


def test_a_call_with_an_interpreter_is_what_the_family_is_told_everywhere() -> None:
    d = submitted(contact_preference="Dolmetscher", phone="0151 23456789")
    told = d.text()
    assert CHAT_PROMISE not in told
    assert "Das Beratungsteam ruft Sie an: 0151 23456789" in told
    assert "Dolmetscherin oder einen Dolmetscher" in told
    assert "Im Gespräch vereinbaren wir einen Termin" in told

    d.send(CaseClaimed("Anna"))
    assert "hier im Chat" not in d.text().split("\n\n")[0]
    assert "Anna aus dem Beratungsteam kümmert sich jetzt um Ihren Fall" in d.text()
    assert "0151 23456789" in d.text()

    d.command("menu")
    d.press("Mein Fall")
    assert "0151 23456789" in d.text() and "meldet sich hier im Chat" not in d.text()
    d.command("contact")
    assert CHAT_PROMISE not in d.text() and "Arbeitstage" in d.text()


def test_a_plain_call_names_the_number_without_an_interpreter() -> None:
    d = submitted(contact_preference="Am Telefon.", phone="+49 151 23456789")
    assert "ruft Sie an: +49 151 23456789" in d.text()
    assert "Dolmetsch" not in d.text() and CHAT_PROMISE not in d.text()


@pytest.mark.parametrize("preference", ["Am Telefon.", "Dolmetscher"])
def test_a_call_without_a_number_asks_for_it_here(preference: str) -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, "contact_preference": preference}, until="phone")
    d.press("Überspringen")
    d.answer_all(AMIRA)
    d.press("absenden")
    assert "Bitte schreiben Sie uns hier Ihre Telefonnummer" in d.text()
    assert "ruft Sie an" not in d.text()


def test_the_chat_stays_the_promise_for_a_family_that_chose_it() -> None:
    d = submitted()
    assert CHAT_PROMISE in d.text()
    d.send(CaseClaimed(None))
    assert "antwortet Ihnen jetzt hier im Chat" in d.text()
