"""Answers to the intake: typed input as parents really type it, buttons, and display."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogs.instrument import Instrument, default_instrument_path, load_instrument
from dialogs.instrument.answers import Accepted, Rejected, add_selected, choose, toggle
from dialogs.instrument.display import display_value, staff_value
from dialogs.instrument.typed import parse_typed
from dialogs.text import LanguageName, Lines, Raw, Renderer, Text

TODAY = date(2026, 11, 15)
MUNICIPALITIES = [
    ("duelmen", "Dülmen", ["Duelmen"]),
    ("haltern", "Haltern am See", []),
    ("coesfeld", "Coesfeld", ["COE"]),
    ("nottuln", "Nottuln", []),
    ("nordkirchen", "Nordkirchen", []),
    ("nordwalde", "Nordwalde", []),
]
NAMES = {mid: name for mid, name, _aliases in MUNICIPALITIES}


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return load_instrument(default_instrument_path())


def german(node: Any) -> str:
    return Renderer().render(node, "de")


def typed(inst: Instrument, qid: str, raw: str, **answers: Any) -> Accepted | Rejected:
    q = inst.question(qid)
    return parse_typed(q, raw, today=TODAY, municipalities=MUNICIPALITIES, answers=answers)


# --- typed answers -------------------------------------------------------------------------

RLM, ALM = "\u200f", "\u061c"


@pytest.mark.parametrize(
    "raw",
    [
        "31.12.2015",
        "31.12.15",
        "31/12/2015",
        "31-12-2015",
        "2015-12-31",
        "31 12 2015",
        "  31.12.2015\n",
        "٣١/١٢/٢٠١٥",  # Arabic-Indic digits
        "۳۱/۱۲/۲۰۱۵",  # Persian digits
        f"{RLM}۳۱٫۱۲٫۲۰۱۵{RLM}",  # Arabic decimal separator, wrapped in direction marks
        f"{ALM}٣١؍١٢؍٢٠١٥",  # Arabic date separator
        "31122015",
        "12/31/2015",  # month first is unambiguous here
    ],
)
def test_birth_date_formats(inst: Instrument, raw: str) -> None:
    assert typed(inst, "birth_date", raw) == Accepted("2015-12-31")


def test_impossible_date(inst: Instrument) -> None:
    result = typed(inst, "birth_date", "30.02.2015")
    assert isinstance(result, Rejected)
    assert german(result.hint) == (
        "Den 30.02.2015 gibt es nicht im Kalender. Bitte prüfen Sie Tag und Monat."
    )


@pytest.mark.parametrize(
    ("raw", "msgid"),
    [
        ("01.01.2027", "Dieses Datum liegt in der Zukunft. Bitte prüfen Sie das Jahr."),
        ("hello", "Bitte schreiben Sie das Datum so: 31.12.2015"),
        ("12.2015", "Bitte schreiben Sie das Datum so: 31.12.2015"),
        ("31.12.215", "Bitte schreiben Sie das Datum so: 31.12.2015"),
    ],
)
def test_refused_birth_dates(inst: Instrument, raw: str, msgid: str) -> None:
    result = typed(inst, "birth_date", raw)
    assert isinstance(result, Rejected) and result.hint.msgid == msgid


def test_age_limits_say_the_age(inst: Instrument) -> None:
    young = typed(inst, "birth_date", "01.01.2024")
    assert isinstance(young, Rejected) and young.hint.n == 2
    assert german(young.hint).startswith("Mit diesem Datum ist Ihr Kind 2 Jahre alt.")
    old = typed(inst, "birth_date", "01.01.1990")
    assert isinstance(old, Rejected) and "bis 21 Jahre" in german(old.hint)


def test_solar_hijri_date_gets_a_calendar_hint(inst: Instrument) -> None:
    result = typed(inst, "birth_date", "۱۳۹۴/۰۹/۱۰")
    assert isinstance(result, Rejected) and "westlichen Kalender" in result.hint.msgid


def test_arrival_date(inst: Instrument) -> None:
    born = {"birth_date": "2015-12-31"}
    # Month and year only are kept as given, not turned into the 1st (issue 9.9).
    assert typed(inst, "arrival_date", "03.2026", **born) == Accepted("2026-03")
    assert typed(inst, "arrival_date", "۲۰۲۶-۰۳", **born) == Accepted("2026-03")
    assert typed(inst, "arrival_date", "14.03.2026", **born) == Accepted("2026-03-14")
    before = typed(inst, "arrival_date", "01.06.2015", **born)
    assert isinstance(before, Rejected) and "vor der Geburt" in before.hint.msgid
    # Month precision: December 2015 is not before a birth on 31 December 2015.
    assert typed(inst, "arrival_date", "12.2015", **born) == Accepted("2015-12")
    assert isinstance(typed(inst, "arrival_date", "12.2026", **born), Rejected)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("3", 3), ("٣", 3), ("۳", 3), (" 3 years", 3), ("3 Jahre", 3), ("٣ سنوات", 3), ("0", 0)],
)
def test_numbers(inst: Instrument, raw: str, value: int) -> None:
    assert typed(inst, "school_years_abroad", raw) == Accepted(value)


@pytest.mark.parametrize(
    ("raw", "msgid"),
    [
        ("3-4", "Bitte schreiben Sie genau eine Zahl, zum Beispiel: 3"),
        ("drei", "Bitte schreiben Sie genau eine Zahl, zum Beispiel: 3"),
        ("2,5", "Bitte schreiben Sie eine ganze Zahl ohne Komma, zum Beispiel: 3"),
        ("16", "Bitte schreiben Sie eine Zahl von {min} bis {max}."),
        ("-1", "Bitte schreiben Sie eine Zahl von {min} bis {max}."),
    ],
)
def test_refused_numbers(inst: Instrument, raw: str, msgid: str) -> None:
    result = typed(inst, "school_years_abroad", raw)
    assert isinstance(result, Rejected) and result.hint.msgid == msgid


def test_school_years_cannot_exceed_what_the_age_allows(inst: Instrument) -> None:
    result = typed(inst, "school_years_abroad", "8", birth_date="2018-01-01")  # 8 years old
    assert isinstance(result, Rejected)
    assert german(result.hint).startswith("Ihr Kind ist 8 Jahre alt. Dann passt höchstens 5.")
    assert typed(inst, "school_years_abroad", "5", birth_date="2018-01-01") == Accepted(5)


def test_free_text(inst: Instrument) -> None:
    assert typed(inst, "first_name", f"  {RLM}Amira\x07\n ") == Accepted("Amira")
    assert typed(inst, "first_name", "Ali\u200cReza") == Accepted("Ali\u200cReza")  # ZWNJ kept
    # Zero-width space, invisible operators, an override and hidden tag characters: a name that
    # looks like "Omar" is stored as "Omar", so it matches and cannot reorder the card.
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "pay now") + "\U000e007f"
    assert typed(inst, "first_name", f"O\u200bm\u2061a\u2062r\u2063\u2064{hidden}") == Accepted(
        "Omar"
    )
    assert typed(inst, "first_name", "\u202eramO\u202c") == Accepted("ramO")
    empty = typed(inst, "first_name", f" {RLM} ")
    assert isinstance(empty, Rejected) and empty.hint.msgid == "Bitte schreiben Sie eine Antwort."
    long = typed(inst, "first_name", "x" * 51)
    assert isinstance(long, Rejected) and long.hint.n == 50
    assert typed(inst, "first_name", "x" * 50) == Accepted("x" * 50)


def test_phone_pattern(inst: Instrument) -> None:
    assert typed(inst, "phone", "۰۱۵۱ ۲۳۴۵۶۷۸") == Accepted("0151 2345678")
    assert typed(inst, "phone", "+49 151 2345678") == Accepted("+49 151 2345678")
    wrong = typed(inst, "phone", "call me")
    # It says the number was not read, then how it is written: the example alone would look
    # like the question asked again, as if nothing had been typed (issue 9.12).
    assert isinstance(wrong, Rejected)
    assert german(wrong.hint) == (
        "So kann ich die Antwort nicht lesen. Zum Beispiel: 0151 23456789 oder +49 151 23456789."
    )


@pytest.mark.parametrize("raw", ["😀😀", "123", "!!!"])
def test_a_first_name_needs_letters(inst: Instrument, raw: str) -> None:
    refused = typed(inst, "first_name", raw)
    assert isinstance(refused, Rejected)
    assert german(refused.hint).startswith("So kann ich die Antwort nicht lesen. Bitte schreiben")
    assert typed(inst, "first_name", "Амира 😀") == Accepted("Амира 😀")


def test_a_country_or_language_typed_by_hand_needs_letters(inst: Instrument) -> None:
    for qid in ("country_of_origin", "home_languages"):
        refused = typed(inst, qid, "2015-03-01")
        assert isinstance(refused, Rejected), qid
        assert "Namen mit Buchstaben" in german(refused.hint)
    assert typed(inst, "country_of_origin", "Jemen") == Accepted("YE")
    assert typed(inst, "country_of_origin", "Atlantis") == Accepted("other:Atlantis")


@pytest.mark.parametrize(
    ("raw", "mid"),
    [
        ("Duelmen", "duelmen"),
        ("dülmen", "duelmen"),
        ("DULMEN", "duelmen"),
        (" Dülmen ", "duelmen"),
        ("haltern", "haltern"),
        ("Haltern am See", "haltern"),
        ("coe", "coesfeld"),
        ("nottuln", "nottuln"),
    ],
)
def test_municipality_matching(inst: Instrument, raw: str, mid: str) -> None:
    assert typed(inst, "municipality", raw) == Accepted(mid)


@pytest.mark.parametrize(
    ("raw", "says"), [("Berlin", "kenne ich nicht"), ("no", "kenne ich nicht"), ("Nord", "mehrere")]
)
def test_unknown_or_ambiguous_municipality(inst: Instrument, raw: str, says: str) -> None:
    result = typed(inst, "municipality", raw)
    assert isinstance(result, Rejected) and says in result.hint.msgid
    assert "tippen Sie" in result.hint.msgid


@pytest.mark.parametrize(
    ("raw", "value"),
    [("Syrien", "SY"), ("syria", "SY"), ("سوريا", "SY"), ("Україна", "UA"), ("ir", "IR")],
)
def test_country_typed(inst: Instrument, raw: str, value: str) -> None:
    assert typed(inst, "country_of_origin", raw) == Accepted(value)


def test_unknown_country_is_kept_as_text(inst: Instrument) -> None:
    assert typed(inst, "country_of_origin", "Kurdistan ") == Accepted("other:Kurdistan")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Arabisch, Kurdisch", ["ar", "ku"]),
        ("العربية والكردية", ["ar", "ku"]),
        ("Dari", ["fa-AF"]),
        ("украинский и русский", ["uk", "ru"]),
        ("Arabisch, Wakhi-Dialekt", ["ar", "other:Wakhi-Dialekt"]),
    ],
)
def test_languages_typed(inst: Instrument, raw: str, value: list[str]) -> None:
    assert typed(inst, "home_languages", raw) == Accepted(value)


def test_typed_choice_by_number_or_word(inst: Instrument) -> None:
    assert typed(inst, "lives_in", "2") == Accepted("reception_centre")
    assert typed(inst, "lives_in", "٢") == Accepted("reception_centre")
    assert typed(inst, "school_interrupted", "нет") == Accepted(False)
    assert typed(inst, "school_interrupted", "Ja") == Accepted(True)
    assert isinstance(typed(inst, "literacy", "maybe"), Rejected)
    assert isinstance(typed(inst, "literacy", "9"), Rejected)


# --- buttons -------------------------------------------------------------------------------


def test_choose(inst: Instrument) -> None:
    assert choose(inst.question("literacy"), "latin") == Accepted("latin")
    assert choose(inst.question("apprenticeship"), "yes") == Accepted(True)
    assert choose(inst.question("apprenticeship"), "no") == Accepted(False)
    assert choose(inst.question("country_of_origin"), "UA") == Accepted("UA")


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("literacy", "fluent"),
        ("literacy", ""),
        ("apprenticeship", "true"),
        ("country_of_origin", "US"),
        ("home_languages", "ar"),  # multi-answers are toggled, not chosen
        ("german", "B1_PLUS"),
    ],
)
def test_choose_refuses_forged_values(inst: Instrument, qid: str, value: str) -> None:
    assert isinstance(choose(inst.question(qid), value), Rejected)


def test_toggle(inst: Instrument) -> None:
    q = inst.question("home_languages")
    assert toggle(q, None, "ar") == Accepted(["ar"])
    assert toggle(q, ["ar"], "ku") == Accepted(["ar", "ku"])
    assert toggle(q, ["ar", "ku"], "ar") == Accepted(["ku"])
    assert isinstance(toggle(q, ["ar"], "xx-forged"), Rejected)
    assert isinstance(toggle(inst.question("literacy"), None, "none"), Rejected)
    full = ["ar", "ku", "fa", "ps", "uk"]
    too_many = toggle(q, full, "ru")
    assert isinstance(too_many, Rejected) and too_many.hint.n == 5
    assert toggle(q, full, "uk") == Accepted(full[:-1])  # unselecting is always possible


def test_add_selected_replaces_the_other_button(inst: Instrument) -> None:
    q = inst.question("home_languages")
    assert add_selected(q, ["ar", "other"], ["ur", "other:Wakhi"]) == Accepted(
        ["ar", "ur", "other:Wakhi"]
    )
    assert isinstance(add_selected(q, ["ar", "ku", "fa", "ps"], ["uk", "ru"]), Rejected)


# --- showing answers -----------------------------------------------------------------------


def show(inst: Instrument, qid: str, value: Any) -> Any:
    return display_value(inst.question(qid), value, municipality_names=NAMES)


def staff(inst: Instrument, qid: str, value: Any) -> str:
    return staff_value(inst.question(qid), value, municipality_names=NAMES)


def test_display_value(inst: Instrument) -> None:
    literacy = inst.question("literacy")
    assert show(inst, "literacy", "latin") == literacy.options[2].label
    assert show(inst, "birth_date", "2015-12-31") == Text("{date}", {"date": date(2015, 12, 31)})
    assert show(inst, "first_name", "Amira") == Raw("Amira")
    assert show(inst, "special_needs", None) == Text("übersprungen")
    assert show(inst, "municipality", "duelmen") == Raw("Dülmen")
    assert show(inst, "apprenticeship", True) == Text("Ja")
    assert show(inst, "country_of_origin", "other:Kurdistan") == Raw("Kurdistan")
    langs = show(inst, "home_languages", ["ar", "other:Wakhi"])
    assert isinstance(langs, Lines) and langs.parts == (LanguageName("ar"), Raw("Wakhi"))
    assert Renderer().render(show(inst, "birth_date", "2015-12-31"), "de") == "31. Dezember 2015"


def test_staff_value(inst: Instrument) -> None:
    assert staff(inst, "birth_date", "2015-12-31") == "31.12.2015"
    assert staff(inst, "german", "a2") == "Grundkenntnisse (etwa A2)"
    assert staff(inst, "school_interrupted", False) == "nein"
    assert staff(inst, "home_languages", ["ar", "fa-AF", "other:Wakhi"]) == "Arabisch, Dari, Wakhi"
    assert staff(inst, "country_of_origin", "SY") == "Syrien"
    assert staff(inst, "municipality", "haltern") == "Haltern am See"
    assert staff(inst, "school_years_abroad", 4) == "4"
    assert staff(inst, "phone", None) == "übersprungen"


def test_a_month_answer_is_shown_as_a_month(inst: Instrument) -> None:
    from dialogs.instrument.display import display_value, staff_value
    from dialogs.text import Renderer

    q = inst.question("arrival_date")
    assert staff_value(q, "2026-10", municipality_names={}) == "10.2026"
    assert staff_value(q, "2026-10-14", municipality_names={}) == "14.10.2026"
    shown = display_value(q, "2026-10", municipality_names={})
    assert Renderer().render(shown, "de") == "Oktober 2026"
    assert Renderer().render(shown, "uk") == "жовтень 2026\u202fр."
