"""Checking the Kreis data: cross-references, coverage and time ranges (check_kreis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dialogs.kreis import check_kreis, load_kreis
from tests.support.kreis_files import EXAMPLE_WARNING, raw, write


def problems_of(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return check_kreis(load_kreis(write(tmp_path, data)))


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


def test_an_expired_offer_is_named_when_checked_on_a_date(tmp_path: Path) -> None:
    from datetime import date

    data = raw()
    data["offers"][0]["valid_until"] = "2026-06-30"
    kreis = load_kreis(write(tmp_path, data))
    offer_id = data["offers"][0]["id"]
    expired = f'warning: offers[0] (id "{offer_id}"): valid until 2026-06-30, no longer shown'
    assert not any(p.startswith(expired) for p in check_kreis(kreis))  # no date, no judgement
    assert any(p.startswith(expired) for p in check_kreis(kreis, today=date(2026, 12, 5)))
    assert not any(p.startswith(expired) for p in check_kreis(kreis, today=date(2026, 6, 30)))
