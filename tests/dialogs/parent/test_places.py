"""Where the family lives (issue 9 item 6): place names typed in Arabic or Cyrillic letters are
recognised, and a family from outside the Kreis is shown the way to its own KI."""

from __future__ import annotations

import pytest

from dialogs.instrument.sounds import latin_skeletons, skeletons
from tests.support.dialog_driver import AMIRA, KREIS, Driver


def at_the_place_question() -> Driver:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA, until="municipality")
    return d


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("دولمن", "duelmen"),
        ("Дюльмен", "duelmen"),
        ("كوسفيلد", "coesfeld"),
        ("Коесфельд", "coesfeld"),
        ("لودينغهاوزن", "luedinghausen"),
        ("Людингхаузен", "luedinghausen"),
        ("نوردكيرشن", "nordkirchen"),
        ("Хафиксбек", "havixbeck"),
    ],
)
def test_a_place_typed_in_another_script_is_recognised(typed: str, place: str) -> None:
    d = at_the_place_question()
    d.type(typed)
    assert d.state.children[0].answers["municipality"] == place, d.text()


def test_every_place_of_the_kreis_has_its_own_skeleton() -> None:
    """Two places sounding alike would make a typed name ambiguous: add an alias then."""
    owners: dict[str, str] = {}
    for m in KREIS.municipalities:
        for key in latin_skeletons(m.name):
            assert owners.setdefault(key, m.id) == m.id, (key, owners[key], m.id)
    assert skeletons("Dülmen") == set()  # Latin letters are matched as written


def test_a_family_from_outside_the_kreis_is_shown_the_way_to_its_own_ki() -> None:
    d = at_the_place_question()
    d.type("Münster")
    assert "Diesen Ort kenne ich nicht" in d.text()
    d.press("Unser Ort ist nicht dabei")
    text = d.text()
    assert f"zuständig für: {KREIS.name}" in text
    assert "Kommunales Integrationszentrum" in text and "Stadtverwaltung" in text
    assert {"🙋 Mit einer Person sprechen", "📞 Adresse und Telefon", "🏠 Menü"} <= set(d.labels())
    # The answers so far stay: a family moving here can go on later.
    assert d.state.children[0].answers["first_name"] == "Amira"
    d.press("Mit einer Person sprechen")
    assert "Beratungsteam informiert" in d.text()
