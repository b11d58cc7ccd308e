"""The offers directory for volunteers: parsing, filtering, expiry, paging, demand."""

from __future__ import annotations

from datetime import date

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.locales import SUPPORTED
from dialogs.text import render_german
from dialogs.volunteers import info, offers

KREIS = load_kreis(default_kreis_path())
WORDS = info.language_words(SUPPORTED)
TODAY = date(2026, 12, 5)


def test_words_in_any_order() -> None:
    search = offers.parse("arabisch Hausaufgaben in Dülmen", KREIS, WORDS)
    assert search == offers.Search("homework_help", "duelmen", "ar")
    assert offers.parse("Angebote", KREIS, WORDS).empty
    assert offers.unpack(search.pack(2)) == (search, 2)
    assert offers.unpack(offers.Search().pack(0)) == (offers.Search(), 0)
    assert offers.unpack("o.unknown.-.-.0") is None and offers.unpack("c.who") is None
    assert len(f"v:{offers.Search('migration_counselling', 'luedinghausen', 'ar').pack(99)}") <= 64


def test_local_and_kreis_wide_offers_match_and_expired_ones_disappear() -> None:
    found = offers.find(offers.Search(municipality="duelmen"), KREIS, TODAY)
    ids = [o.id for o in found]
    assert ids[0] == "hausaufgaben-duelmen"  # local first, then the whole Kreis's
    assert "deutschkurs-eltern" in ids and "hausaufgaben-luedinghausen" not in ids
    assert offers.find(offers.Search(municipality="duelmen", language="ps"), KREIS, TODAY) == []
    assert "hausaufgaben-duelmen" not in [
        o.id for o in offers.find(offers.Search(), KREIS, date(2100, 1, 1))
    ]


def test_pages_and_empty_searches() -> None:
    first, nothing = offers.page(offers.Search(), 0, KREIS, TODAY)
    assert not nothing and "Seite 1/2" in render_german(first.text)
    actions = [b.action for row in first.buttons for b in row]
    assert actions == [offers.Search().pack(1)]
    second, _ = offers.page(offers.Search(), 1, KREIS, TODAY)
    assert [b.action for row in second.buttons for b in row] == [offers.Search().pack(0)]
    text = render_german(
        offers.page(offers.Search(municipality="duelmen"), 0, KREIS, TODAY)[0].text
    )
    assert "Zeiten: Mo und Mi 15-17 Uhr" in text and "Für: Kinder der Klassen 1-6" in text
    empty, remember = offers.page(offers.Search("homework_help", "senden", "ti"), 0, KREIS, TODAY)
    assert remember and "Nichts gefunden" in render_german(empty.text)
