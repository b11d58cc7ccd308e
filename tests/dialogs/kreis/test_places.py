"""The Kreis data file: the shipped example and the lookups on it.

Loading errors are tested in test_kreis_loading.py, cross-reference checks in
test_kreis_checks.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from dialogs.kreis import (
    Kreis,
    authority_for,
    check_kreis,
    default_kreis_path,
    find_municipality,
    load_kreis,
    support_places,
)
from tests.support.kreis_files import EXAMPLE_WARNING, raw, write

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def kreis() -> Kreis:
    return load_kreis(default_kreis_path())


# ------------------------------------------------------------------------- the shipped file


def test_default_path_is_the_shipped_example() -> None:
    path = default_kreis_path()
    assert path.parts[-3:] == ("content", "kreis", "coesfeld.yaml")
    assert path.is_file()


def test_shipped_file_checks_clean_except_the_example_warning(kreis: Kreis) -> None:
    assert check_kreis(kreis) == [EXAMPLE_WARNING]


def test_kreis_facts(kreis: Kreis) -> None:
    assert kreis.name == "Kreis Coesfeld"
    assert kreis.regierungsbezirk == "Münster"
    assert kreis.ki.name == "Kommunales Integrationszentrum Kreis Coesfeld"
    assert kreis.ki.counselling_hours.timezone == "Europe/Berlin"
    office = kreis.settings.office_hours
    assert office.timezone == "Europe/Berlin"
    assert [str(r) for day in range(5) for r in office.on(day)] == ["08:00-16:00"] * 5
    assert office.on(5) == office.on(6) == ()
    assert kreis.settings.reminder_after_minutes == 240


def test_all_eleven_real_municipalities_in_file_order(kreis: Kreis) -> None:
    assert [(m.id, m.name) for m in kreis.municipalities] == [
        ("ascheberg", "Ascheberg"),
        ("billerbeck", "Billerbeck"),
        ("coesfeld", "Coesfeld"),
        ("duelmen", "Dülmen"),
        ("havixbeck", "Havixbeck"),
        ("luedinghausen", "Lüdinghausen"),
        ("nordkirchen", "Nordkirchen"),
        ("nottuln", "Nottuln"),
        ("olfen", "Olfen"),
        ("rosendahl", "Rosendahl"),
        ("senden", "Senden"),
    ]
    assert all(m.centre is not None for m in kreis.municipalities)


def test_invented_data_is_marked_as_example(kreis: Kreis) -> None:
    assert kreis.schools and all(s.example for s in kreis.schools)
    assert all("(Beispiel)" in s.name and "Beispiel" in s.address.street for s in kreis.schools)
    assert kreis.offers and all(o.example and "(Beispiel)" in o.name for o in kreis.offers)
    contacts = [kreis.ki.phone, *(o.contact.phone for o in kreis.offers if o.contact.phone)]
    assert all(phone.endswith("0000000") for phone in contacts)
    emails = [kreis.ki.email, *(o.contact.email for o in kreis.offers if o.contact.email)]
    assert all(email.endswith("@example.org") for email in emails)
    assert kreis.ki.example


def test_authorities_are_real_and_place_the_right_stages(kreis: Kreis) -> None:
    assert {a.id: (a.example, a.places) for a in kreis.authorities} == {
        "schulamt": (False, ("primary", "secondary_1")),
        "bezirksregierung": (False, ("berufskolleg",)),
    }
    assert all(a.source for a in kreis.authorities)


def test_school_coverage(kreis: Kreis) -> None:
    supported = [s for s in kreis.schools if s.initial_support is not None]
    primary = {s.municipality for s in supported if s.kind == "grundschule"}
    assert primary == {m.id for m in kreis.municipalities}
    assert len({s.municipality for s in supported if "secondary_1" in s.stages}) >= 5
    colleges = [s for s in supported if s.kind == "berufskolleg"]
    assert 1 <= len(colleges) <= 2
    assert all(s.initial_support.label == "Internationale Förderklasse" for s in colleges)
    assert {s.kind for s in kreis.schools} == {
        "grundschule",
        "hauptschule",
        "realschule",
        "sekundarschule",
        "gesamtschule",
        "gymnasium",
        "berufskolleg",
    }


def test_models_are_frozen(kreis: Kreis) -> None:
    with pytest.raises(ValidationError):
        kreis.municipalities[0].name = "Anders"  # type: ignore[misc]


# ------------------------------------------------------------------------ find_municipality


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Dülmen", "duelmen"),
        ("dülmen", "duelmen"),
        ("Duelmen", "duelmen"),
        ("DUELMEN", "duelmen"),
        ("dulmen", "duelmen"),
        ("  Dülmen ", "duelmen"),
        ("duelmen", "duelmen"),
        ("Buldern", "duelmen"),
        ("Hiddingsel", "duelmen"),
        ("Stadt Dülmen", "duelmen"),
        ("Dülmen-Buldern", "duelmen"),
        ("Buldern (Dülmen)", "duelmen"),
        ("Lüdinghausen", "luedinghausen"),
        ("Luedinghausen", "luedinghausen"),
        ("Seppenrade", "luedinghausen"),
        ("Appelhülsen", "nottuln"),
        ("appelhuelsen", "nottuln"),
        ("Darup", "nottuln"),
        ("Bösensell", "senden"),
        ("Boesensell", "senden"),
        ("Ottmarsbocholt", "senden"),
        ("Herbern", "ascheberg"),
        ("Davensberg", "ascheberg"),
        ("Lette", "coesfeld"),
        ("coesfeld", "coesfeld"),
        ("Südkirchen", "nordkirchen"),
        ("Capelle", "nordkirchen"),
        ("Vinnum", "olfen"),
        ("Holtwick", "rosendahl"),
        ("Darfeld", "rosendahl"),
        ("Hohenholte", "havixbeck"),
        ("Gemeinde Havixbeck", "havixbeck"),
        ("Billerbeck", "billerbeck"),
    ],
)
def test_find_municipality_matches(kreis: Kreis, typed: str, expected: str) -> None:
    found = find_municipality(kreis, typed)
    assert found is not None and found.id == expected


@pytest.mark.parametrize(
    "typed", ["", "   ", "Münster", "Dülm", "Dülmen Coesfeld", "Kreis Coesfeld", "Stadt"]
)
def test_find_municipality_rejects(kreis: Kreis, typed: str) -> None:
    assert find_municipality(kreis, typed) is None


# --------------------------------------------------------------------------- support_places


def ids(schools: list[Any]) -> list[str]:
    return [s.id for s in schools]


def test_primary_own_municipality_first_in_file_order(kreis: Kreis) -> None:
    places = ids(support_places(kreis, "duelmen", "primary"))
    assert places[:2] == ["gs-duelmen-buldern", "gs-duelmen-mitte"]
    assert len(places) == 13  # every primary school with support, the nearest after home


def test_primary_literacy_group_preferred_within_the_municipality(kreis: Kreis) -> None:
    places = ids(support_places(kreis, "duelmen", "primary", literacy_group=True))
    assert places[:3] == ["gs-duelmen-mitte", "gs-duelmen-buldern", "gs-coesfeld-mitte"]


def test_primary_fallbacks_by_distance(kreis: Kreis) -> None:
    places = ids(support_places(kreis, "rosendahl", "primary"))
    assert places[:4] == ["gs-rosendahl", "gs-billerbeck", "gs-coesfeld-mitte", "gs-coesfeld-lette"]
    # Literacy is wanted: the home school still comes first, then a group elsewhere.
    places = ids(support_places(kreis, "rosendahl", "primary", literacy_group=True))
    assert places[:2] == ["gs-rosendahl", "gs-coesfeld-mitte"]


def test_secondary_without_own_school_falls_back_to_the_nearest(kreis: Kreis) -> None:
    assert ids(support_places(kreis, "billerbeck", "secondary_1"))[:2] == [
        "sek-nottuln",
        "ges-coesfeld",
    ]
    assert ids(support_places(kreis, "rosendahl", "secondary_1"))[0] == "ges-coesfeld"
    assert ids(support_places(kreis, "nordkirchen", "secondary_1"))[0] == "ges-luedinghausen"


def test_secondary_skips_schools_without_initial_support(kreis: Kreis) -> None:
    places = ids(support_places(kreis, "coesfeld", "secondary_1"))
    assert places[0] == "ges-coesfeld"
    assert "gym-coesfeld" not in places
    assert len(places) == 8


def test_secondary_literacy(kreis: Kreis) -> None:
    places = ids(support_places(kreis, "duelmen", "secondary_1", literacy_group=True))
    assert places[:3] == ["hs-duelmen", "rs-duelmen", "ges-coesfeld"]


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [
        ("coesfeld", ["bk-coesfeld", "bk-luedinghausen"]),
        ("luedinghausen", ["bk-luedinghausen", "bk-coesfeld"]),
        ("olfen", ["bk-luedinghausen", "bk-coesfeld"]),
        ("rosendahl", ["bk-coesfeld", "bk-luedinghausen"]),
    ],
)
def test_berufskolleg_is_kreis_wide(kreis: Kreis, municipality: str, expected: list[str]) -> None:
    assert ids(support_places(kreis, municipality, "berufskolleg")) == expected


def test_berufskolleg_literacy_outranks_distance_elsewhere(kreis: Kreis) -> None:
    assert ids(support_places(kreis, "olfen", "berufskolleg", literacy_group=True)) == [
        "bk-coesfeld",
        "bk-luedinghausen",
    ]


@pytest.mark.parametrize("stage", ["not_yet_school_age", "beyond_school_age"])
def test_no_places_outside_school_age(kreis: Kreis, stage: str) -> None:
    assert support_places(kreis, "duelmen", stage) == []


def test_support_places_unknown_input(kreis: Kreis) -> None:
    with pytest.raises(ValueError, match="stage"):
        support_places(kreis, "duelmen", "secondary_2")
    # An id from an older version of the file: no suggestion rather than a crash.
    assert support_places(kreis, "muenster", "primary") == []


# ---------------------------------------------------------------------------- authority_for


def test_authority_for(kreis: Kreis) -> None:
    schulamt = authority_for(kreis, "schulamt")
    assert schulamt.name == "Schulamt für den Kreis Coesfeld"
    assert schulamt.address.city == "Coesfeld"
    bezreg = authority_for(kreis, "bezirksregierung")
    assert bezreg.name == "Bezirksregierung Münster"
    assert str(bezreg.address) == "Domplatz 1-3, 48143 Münster"
    assert bezreg.url.startswith("https://")
    with pytest.raises(ValueError):
        authority_for(kreis, "ministerium")


def test_authority_for_missing_in_data(tmp_path: Path) -> None:
    data = raw()
    data["authorities"] = [a for a in data["authorities"] if a["id"] == "schulamt"]
    data["authorities"][0]["places"] = ["primary", "secondary_1", "berufskolleg"]
    kreis = load_kreis(write(tmp_path, data))
    assert check_kreis(kreis) == ['authorities: "bezirksregierung" is missing', EXAMPLE_WARNING]
    with pytest.raises(LookupError):
        authority_for(kreis, "bezirksregierung")


# ----------------------------------------------------------------------------- office hours


def test_is_open_in_berlin_time(kreis: Kreis) -> None:
    hours = kreis.settings.office_hours
    assert hours.is_open(datetime(2025, 3, 3, 8, 0, tzinfo=BERLIN))  # Monday
    assert not hours.is_open(datetime(2025, 3, 3, 16, 0, tzinfo=BERLIN))  # end is exclusive
    assert not hours.is_open(datetime(2025, 3, 8, 10, 0, tzinfo=BERLIN))  # Saturday
    # 06:30 UTC in summer is 08:30 in Berlin.
    assert hours.is_open(datetime(2025, 7, 7, 6, 30, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        hours.is_open(datetime(2025, 3, 3, 10, 0))
