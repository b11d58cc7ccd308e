"""MINIMAL_CARD: what Telegram's cloud holds of a case is initials, age band, municipality and
language; the answers stay in the database until a counsellor asks (/export)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.parent.outcome import RelayToCase, SubmitChild
from dialogs.staff import effects as fx
from dialogs.staff.card import age_band, initials
from dialogs.staff.decide import refresh
from dialogs.staff.family import announce, receive
from dialogs.staff.view import Child, StaffContext
from dialogs.text import Renderer
from tests.support.staff_driver import StaffDriver, case

render = Renderer().render
ANSWERS = {
    "first_name": "Amira Sara",
    "birth_date": "2016-03-12",
    "municipality": "duelmen",
    "phone": "+49 170 1234567",
    "country_of_origin": "SY",
}
ASSESSMENT = {"age": 10, "stage": "secondary_1", "explanation": "geboren 2016 …"}


def minimal_context() -> StaffContext:
    return replace(StaffDriver().context(), minimal_card=True)


def test_the_minimal_card_and_topic_name_hold_no_name_date_or_answers() -> None:
    view = case(
        id=13,
        children=(Child(ANSWERS, ASSESSMENT),),
        topic_id=None,
        age=10,
        municipality="Dülmen",
    )
    out = announce(view, RelayToCase("Hallo"), minimal_context())
    assert out.effects[0] == fx.CreateTopic("#13 · ar · 10–15 J. · Dülmen · offen")
    card = render(out.effects[1].card.text, "de")  # type: ignore[union-attr]
    assert "👧 Kind 1: A. S. · 10–15 J. · Dülmen" in card
    assert "Sprache im Chat: Arabisch (ar)" in card
    assert "/export" in card
    for detail in ("Amira", "2016", "12.03", "1234567", "Syrien", "geboren"):
        assert detail not in card, detail
    refreshed = refresh(view, minimal_context())
    assert "Amira" not in render(refreshed.card.text, "de")
    assert refreshed.topic_name == "#13 · ar · 10–15 J. · Dülmen · offen"


def test_a_further_child_is_announced_as_briefly() -> None:
    out = receive(
        case(age=10, municipality="Dülmen"),
        SubmitChild(1, {"first_name": "Omar", "municipality": "duelmen"}, {"age": 7}),
        family_id=501,
        locale="ar",
        ctx=minimal_context(),
    )
    posted = [render(e.reply.text, "de") for e in out.effects if isinstance(e, fx.PostToTopic)]
    assert posted[0].startswith("➕ Fall #12: weiteres Kind\n\n👧 Kind 2: O. · 6–9 J. · Dülmen")
    assert "Omar" not in posted[0]


def test_the_full_card_stays_the_default() -> None:
    view = case(children=(Child(ANSWERS, ASSESSMENT),))
    assert "Amira Sara" in render(refresh(view, StaffDriver().context()).card.text, "de")


def test_age_bands_and_initials() -> None:
    assert [age_band(a) for a in (4, 6, 9, 10, 15, 16, 17, 18, 21)] == [
        "unter 6 J.", "6–9 J.", "6–9 J.", "10–15 J.", "10–15 J.",
        "16–17 J.", "16–17 J.", "18+ J.", "18+ J.",
    ]  # fmt: skip
    assert (initials("أميرة"), initials(""), initials(None)) == ("أ.", "?", "?")
