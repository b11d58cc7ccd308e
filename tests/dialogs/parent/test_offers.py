"""Offers near the family: municipality, kind, the offers in the family's language first,
fixed fields translated; an empty search is demand (never who)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.kreis import Offer
from dialogs.parent.events import Command, Press
from dialogs.parent.outcome import SearchedOffers
from tests.support.dialog_driver import Driver


def family(locale: str = "de") -> Driver:
    d = Driver()
    d.start(locale)
    d.send(Press(f"lang.{locale}"))
    return d


def test_from_the_menu_to_the_offers_of_a_municipality() -> None:
    d = family()
    d.press("Angebote in der Nähe")
    d.press("Dülmen")
    assert "Welche Art" in d.text()
    d.press("Hausaufgabenhilfe")
    text = d.text()
    assert "Angebote in Dülmen: 1" in text and "Beispiel-Hausaufgabenhilfe Dülmen" in text
    assert "Zeiten: Mo und Mi 15-17 Uhr" in text and "Sprachen: Deutsch, Arabisch" in text
    assert d.last is not None and d.last.effects == ()


def test_offers_in_the_familys_language_come_first() -> None:
    d = family("fa")
    d.send(Command("angebote"))
    d.send(Press("of.duelmen"))
    d.send(Press("of.duelmen.all.0"))
    text = d.text()
    # The parents' German course speaks Farsi; the local homework help does not.
    assert text.index("Beispiel-Deutschkurs für Eltern") < text.index("Hausaufgabenhilfe Dülmen")


def test_nothing_found_is_demand_without_the_family() -> None:
    d = family("ti")
    d.send(Press("of.senden.homework_help.0"))
    assert d.last is not None
    assert d.last.effects == (SearchedOffers("homework_help", "senden", "ti"),)
    d.send(Press("of.atlantis.all.0"))  # a forged or outdated button
    assert "nicht mehr aktuell" in d.text()


def test_pages_and_offers_the_counsellors_added() -> None:
    d = family()
    added = tuple(
        Offer(
            id=f"k{n}",
            name=f"Elterncafé {n}",
            category="other",
            municipality="nottuln",
            languages=("de",),
            contact={"phone": "0123"},  # type: ignore[arg-type]
        )
        for n in range(6)
    )
    d.ctx = replace(d.ctx, offers=added)
    d.send(Press("of.nottuln.other.0"))
    assert "Angebote in Nottuln: 6" in d.text() and "Elterncafé 3" in d.text()
    d.press("Weitere Angebote")
    assert "Elterncafé 5" in d.text() and "Elterncafé 0" not in d.text()
