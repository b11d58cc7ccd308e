"""The Kreis data file: the shipped example, strict loading, cross-checks and lookups."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import ValidationError

from dialogs.kreis import (
    Kreis,
    KreisDataError,
    authority_for,
    check_kreis,
    default_kreis_path,
    find_municipality,
    load_kreis,
    support_places,
)

EXAMPLE_WARNING = (
    "warning: example data (example: true): KI contact data, 24 schools, 6 offers; "
    "replace before going live"
)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def kreis() -> Kreis:
    return load_kreis(default_kreis_path())


def raw() -> dict[str, Any]:
    """The shipped file as plain data, to break one thing at a time."""
    return yaml.safe_load(default_kreis_path().read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any] | str) -> Path:
    path = tmp_path / "kreis.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return check_kreis(load_kreis(write(tmp_path, data)))


def load_error(tmp_path: Path, data: dict[str, Any] | str) -> list[str]:
    with pytest.raises(KreisDataError) as caught:
        load_kreis(write(tmp_path, data))
    assert str(caught.value).count("\n  - ") == len(caught.value.problems)
    return caught.value.problems


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


# --------------------------------------------------------------------- structural mistakes


def test_typo_in_a_key_names_path_line_and_id(tmp_path: Path) -> None:
    data = raw()
    school = data["schools"][3]
    school["municipalty"] = school.pop("municipality")
    problems = load_error(tmp_path, data)
    assert len(problems) == 2
    # A missing key points at the line of the entry it is missing from.
    assert problems[0].startswith("schools[3].municipality (line ")
    assert problems[0].endswith(', id "gs-coesfeld-lette"): required key is missing')
    assert problems[1].startswith("schools[3].municipalty (line ")
    assert problems[1].endswith('id "gs-coesfeld-lette"): unknown key (a typo?)')


def test_every_problem_is_listed_with_its_line(tmp_path: Path) -> None:
    text = """\
kreis: {name: Kreis Test, regierungsbezirk: Münster}
ki:
  name: KI
  address: {street: Weg 1, postcode: 48653, city: Coesfeld}
  phone: "+49 2541 0000000"
  email: ki@example.org
  counselling_hours: {mon: ["9-12"], timezone: Europe/Berlim}
authorities: []
municipalities:
  - {id: Dülmen, name: Dülmen}
schools:
  - id: gs-a
    name: A
    kind: primarschule
    municipality: duelmen
    stages: [primary]
    address: {street: Weg 1, postcode: "48249", city: Dülmen}
settings: {office_hours: {mon: ["08:00-16:00"]}, reminder_after_minutes: 0}
"""
    assert load_error(tmp_path, text) == [
        'ki.address.postcode (line 4): write the postcode as five digits in quotes, e.g. "48653"',
        "ki.counselling_hours.timezone (line 7): unknown time zone 'Europe/Berlim', "
        "e.g. Europe/Berlin",
        'ki.counselling_hours.mon[0] (line 7): write a time range as "HH:MM-HH:MM", '
        'e.g. "08:00-12:00"',
        'municipalities[0].id (line 10, id "Dülmen"): '
        'use lower-case a-z, digits and "-", e.g. "duelmen"',
        "schools[0].kind (line 14, id \"gs-a\"): Input should be 'grundschule', "
        "'hauptschule', 'realschule', 'sekundarschule', 'gesamtschule', 'gymnasium' or "
        "'berufskolleg'",
        "settings.reminder_after_minutes (line 18): Input should be greater than 0",
    ]


def test_hour_out_of_range(tmp_path: Path) -> None:
    data = raw()
    data["settings"]["office_hours"]["mon"] = ["08:00-25:00"]
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("settings.office_hours.mon[0] (line ")
    assert problem.endswith("'08:00-25:00' is not a time of day (00:00 to 23:59)")


def test_duplicate_key_is_reported(tmp_path: Path) -> None:
    text = "kreis:\n  name: A\n  name: B\n"
    assert load_error(tmp_path, text) == ["kreis.name (lines 2 and 3): key appears twice"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kreis: [unclosed\n", "not valid YAML"), ("- a\n- b\n", "must be a mapping")],
)
def test_unusable_file(tmp_path: Path, text: str, expected: str) -> None:
    (problem,) = load_error(tmp_path, text)
    assert expected in problem


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KreisDataError, match="cannot read the file"):
        load_kreis(tmp_path / "nope.yaml")


def test_pattern_errors_explain_the_format(tmp_path: Path) -> None:
    data = raw()
    data["offers"][1]["languages"] = ["DE"]
    data["offers"][1]["contact"]["email"] = "but at example.org"
    problems = load_error(tmp_path, data)
    assert [p.split("): ", 1)[1] for p in problems] == [
        "use an ISO 639 language code such as de, ar, uk",
        "not an e-mail address",
    ]
    assert problems[0].startswith("offers[1].languages[0] (line ")


def test_empty_required_list(tmp_path: Path) -> None:
    data = raw()
    data["schools"][0]["stages"] = []
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("schools[0].stages (line ")
    assert "at least 1 item" in problem


def test_offer_needs_some_contact(tmp_path: Path) -> None:
    data = raw()
    data["offers"][0]["contact"] = {}
    (problem,) = load_error(tmp_path, data)
    assert problem.startswith("offers[0].contact (line ")
    assert problem.endswith("give at least one of phone, email, url, address")


# ------------------------------------------------------------------- cross-reference checks


def test_unknown_municipality_in_school_and_offer(tmp_path: Path) -> None:
    data = raw()
    data["schools"][0]["municipality"] = "dulmen"
    data["offers"][2]["municipality"] = "muenster"
    assert problems_of(tmp_path, data) == [
        'schools[0].municipality (id "gs-ascheberg"): unknown municipality id "dulmen"',
        'warning: municipalities[0] (id "ascheberg"): no primary school with initial support; '
        "families there are shown schools in other municipalities",
        'offers[2].municipality (id "migrationsberatung-coesfeld"): '
        'unknown municipality id "muenster"',
        EXAMPLE_WARNING,
    ]


def test_duplicate_ids_and_names(tmp_path: Path) -> None:
    data = raw()
    data["schools"][1]["id"] = "gs-ascheberg"
    data["municipalities"][1]["aliases"] = ["Lette"]
    assert problems_of(tmp_path, data) == [
        'schools[1].id: "gs-ascheberg" is already used by schools[0]',
        'municipalities[2].aliases (id "coesfeld"): "Lette" also matches municipality "billerbeck"',
        EXAMPLE_WARNING,
    ]


def test_stage_must_fit_the_school_kind(tmp_path: Path) -> None:
    data = raw()
    data["schools"][0]["stages"] = ["primary", "secondary_1"]
    assert problems_of(tmp_path, data) == [
        'schools[0].stages (id "gs-ascheberg"): a grundschule has no "secondary_1"',
        EXAMPLE_WARNING,
    ]


def test_municipality_without_primary_support_is_a_warning(tmp_path: Path) -> None:
    data = raw()
    data["schools"] = [s for s in data["schools"] if s["id"] != "gs-olfen"]
    problems = problems_of(tmp_path, data)
    assert problems == [
        'warning: municipalities[8] (id "olfen"): no primary school with initial support; '
        "families there are shown schools in other municipalities",
        EXAMPLE_WARNING.replace("24 schools", "23 schools"),
    ]
    assert all(p.startswith("warning: ") for p in problems)


def test_no_berufskolleg_is_an_error(tmp_path: Path) -> None:
    data = raw()
    data["schools"] = [s for s in data["schools"] if s["kind"] != "berufskolleg"]
    assert problems_of(tmp_path, data)[0] == (
        'schools: no school offers initial support for stage "berufskolleg"'
    )


def test_bad_time_ranges(tmp_path: Path) -> None:
    data = raw()
    data["settings"]["office_hours"]["mon"] = ["16:00-08:00"]
    data["settings"]["office_hours"]["tue"] = ["08:00-12:00", "11:00-16:00"]
    data["ki"]["counselling_hours"] = {"timezone": "Europe/Berlin"}
    assert problems_of(tmp_path, data) == [
        "warning: ki.counselling_hours: no hours on any day",
        "settings.office_hours.mon[0]: 16:00-08:00 does not end after it starts",
        "settings.office_hours.tue: 08:00-12:00 and 11:00-16:00 overlap",
        EXAMPLE_WARNING,
    ]


def test_office_hours_are_required(tmp_path: Path) -> None:
    data = raw()
    data["settings"]["office_hours"] = {"timezone": "Europe/Berlin"}
    assert problems_of(tmp_path, data) == [
        "settings.office_hours: no hours on any day",
        EXAMPLE_WARNING,
    ]


def test_unknown_language_code(tmp_path: Path) -> None:
    data = raw()
    data["offers"][0]["languages"] = ["de", "xx"]
    assert problems_of(tmp_path, data) == [
        'offers[0].languages (id "deutschkurs-eltern"): "xx" is not an ISO language code',
        EXAMPLE_WARNING,
    ]


def test_each_stage_needs_exactly_one_authority(tmp_path: Path) -> None:
    data = raw()
    data["authorities"][1]["places"] = ["berufskolleg", "primary"]
    assert problems_of(tmp_path, data) == [
        'authorities: stage "primary" must be placed by exactly one authority, not 2',
        EXAMPLE_WARNING,
    ]


def test_real_data_has_no_example_warning(tmp_path: Path) -> None:
    data = raw()
    data["ki"]["example"] = False
    for section in ("schools", "offers"):
        for item in data[section]:
            item["example"] = False
    assert problems_of(tmp_path, data) == []
