"""The counsellors' offer form: parsed into the Kreis file's Offer, mistakes named."""

from __future__ import annotations

from datetime import date

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.locales import SUPPORTED
from dialogs.reply import Reply
from dialogs.text import render_german
from dialogs.volunteers import info, staff_offers

KREIS = load_kreis(default_kreis_path())
WORDS = info.language_words(SUPPORTED)


def test_the_full_form() -> None:
    offer = staff_offers.parse(
        "Elterncafé; Nachhilfe; Stadt Dülmen; de, arabisch ti; kontakt@example.org;"
        " Di 10-12 Uhr; Eltern; 31.07.2027",
        KREIS,
        WORDS,
        3,
    )
    assert not isinstance(offer, Reply)
    assert (offer.id, offer.category, offer.municipality) == ("k3", "homework_help", "duelmen")
    assert offer.languages == ("de", "ar", "ti") and offer.contact.email == "kontakt@example.org"
    assert (offer.times, offer.target_group, offer.valid_until) == (
        "Di 10-12 Uhr",
        "Eltern",
        date(2027, 7, 31),
    )
    kreis_wide = staff_offers.parse(
        "Kurs; Deutschkurs; Kreis; de; https://x.example", KREIS, WORDS, 4
    )
    assert not isinstance(kreis_wide, Reply) and kreis_wide.kreis_wide
    assert kreis_wide.contact.url == "https://x.example"


def test_mistakes_are_named() -> None:
    cases = {
        "Titel": "Bitte so",
        "T; Tanzkurs; Dülmen; de; 0123": "Unbekannte Art",
        "T; BuT; Atlantis; de; 0123": "Unbekannte Gemeinde",
        "T; BuT; Dülmen; klingonisch; 0123": "Unbekannte Sprache",
        "T; BuT; Dülmen; de; 0123; ; ; 31.02.2027": "kein Datum",
    }
    for form, said in cases.items():
        reply = staff_offers.parse(form, KREIS, WORDS, 1)
        assert isinstance(reply, Reply) and said in render_german(reply.text), form
    assert staff_offers.number_of("k7") == 7 and staff_offers.number_of("#7") == 7
    assert staff_offers.number_of("x") is None
