"""Info cards, consent texts and the fact registry stay true to ../shared/domain/FACTS.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dialogs.info import cards as cards_module
from dialogs.info import facts
from dialogs.info.cards import CARDS, card
from dialogs.info.facts import FACTS, fact, is_certain
from dialogs.parent import consent
from dialogs.text import Renderer, Text
from tests.support.env import IN_CI, ROOT

FACTS_MD = ROOT.parent / "shared/domain/FACTS.md"
DIALOGS = Path(cards_module.__file__).resolve().parent

# Facts graded L that a card may only use as general advice ("💡 Ein allgemeiner Hinweis: …"),
# never as a rule.
ADVICE_ONLY = {"sys.kita"}

_SECTION = re.compile(r"§§?\s*(\d+)(?:\s*[–-]\s*(\d+))?")
_MONEY = re.compile(r"\d[\d.,]*\s*(?:€|Euro|EUR)\b|€|\bEuro\b", re.IGNORECASE)

render = Renderer().render


def _facts_md() -> str:
    if not FACTS_MD.is_file():
        reason = f"shared fact file not found at {FACTS_MD}; cannot compare the registry"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return FACTS_MD.read_text(encoding="utf-8")


def _table_rows(markdown: str) -> dict[str, tuple[str, str]]:
    """id → (confidence, source) from every `| id | fact | conf | source |` table."""
    rows: dict[str, tuple[str, str]] = {}
    for line in markdown.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("id", "") or set(cells[0]) <= {"-", " "}:
            continue
        assert cells[0] not in rows, f"duplicate id {cells[0]} in FACTS.md"
        rows[cells[0]] = (cells[-2], cells[-1])
    return rows


def _sections(text: str) -> set[int]:
    """Every section number named with § or §§, ranges such as "§§ 19–20" expanded."""
    found: set[int] = set()
    for m in _SECTION.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        found.update(range(first, last + 1))
    return found


def _de(node) -> str:
    return render(node, "de")


# --- the registry ---------------------------------------------------------------------------


def test_registry_matches_facts_md() -> None:
    rows = _table_rows(_facts_md())
    assert rows, "no fact tables parsed from FACTS.md"
    assert set(FACTS) == set(rows)
    for id_, (confidence, source) in rows.items():
        assert FACTS[id_].confidence == confidence, id_
        assert FACTS[id_].source == source, id_
        assert FACTS[id_].id == id_


def test_fact_lookup_and_certainty() -> None:
    assert fact("sp.full").confidence == "H"
    with pytest.raises(KeyError):
        fact("sp.nonexistent")
    assert is_certain(fact("sp.who"))  # H/M
    assert is_certain(fact("ki.fields"))  # M/L
    assert not is_certain(fact("sys.kita"))  # L


# --- the cards ------------------------------------------------------------------------------


def test_card_keys_unique_short_ascii_and_lookup() -> None:
    keys = [c.key for c in CARDS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert key.isascii() and key.isidentifier() and len(key) <= 12, key
        assert card(key).key == key
    with pytest.raises(KeyError):
        card("nope")


def test_card_order() -> None:
    assert [c.key for c in CARDS] == [
        "who",
        "start",
        "duration",
        "costs",
        "parents",
        "absence",
        "reception",
        "system",
        "german",
        "older",
        "docs",
    ]


@pytest.mark.parametrize("c", CARDS, ids=lambda c: c.key)
def test_card_facts_exist_and_are_certain(c) -> None:
    assert c.facts, "a card must cite at least one fact"
    for id_ in c.facts:
        assert id_ in FACTS, f"{c.key} cites unknown fact {id_}"
        if id_ in ADVICE_ONLY:
            assert not is_certain(FACTS[id_]), f"{id_} is no longer L; drop it from ADVICE_ONLY"
            assert "💡" in _de(c.body), f"{c.key} uses {id_} but shows no advice line"
        else:
            assert is_certain(FACTS[id_]), f"{c.key} states L fact {id_} as a rule"


@pytest.mark.parametrize("c", CARDS, ids=lambda c: c.key)
def test_card_lengths_and_shape(c) -> None:
    title, body, source = _de(c.title), _de(c.body), _de(c.source)
    assert len(title) <= 40, title
    assert not title[0].isalnum(), f"title should start with an emoji: {title}"
    assert len(body) <= 1000, f"{c.key} body has {len(body)} chars"
    assert source.startswith("Quelle")
    for text in (title, body, source):
        assert "{" not in text and "}" not in text


def test_every_section_number_is_in_facts_md() -> None:
    allowed = _sections(_facts_md())
    for c in CARDS:
        shown = " ".join(_de(x) for x in (c.title, c.body, c.source))
        assert _sections(shown) <= allowed, f"{c.key}: {_sections(shown) - allowed}"


def test_no_fine_amount_anywhere() -> None:
    for c in CARDS:
        assert not _MONEY.search(_de(c.body)), c.key
    enforcement = [c for c in CARDS if "sp.enforce" in c.facts]
    assert enforcement
    for c in enforcement:
        body = _de(c.body)
        assert "Bußgeld" in body
        assert not re.search(r"\d", body), f"{c.key}: no numbers next to a fine"


def test_placement_always_names_the_school_authority() -> None:
    for c in CARDS:
        body = _de(c.body)
        if "Schulplatz" in body:
            assert "Schulamt" in body, c.key


def test_cards_word_issue_9_facts_as_facts_md_does() -> None:
    duration = _de(card("duration").body)
    assert "in der Regel 10 Schuljahre" in duration  # sp.full counts school years
    assert "vorbei" not in duration and "Alter" not in duration
    german = _de(card("german").body)
    assert "lernt es das zuerst" not in german  # neu.alpha: "may"
    assert "kann es das zuerst in einer eigenen Gruppe lernen" in german
    system = _de(card("system").body)
    assert "keine Pflicht" not in system and "nach unserem Wissen freiwillig" in system
    for jargon, card_key in (("Landesaufnahme", "reception"), ("Niveau", "german")):
        shown = _de(card(card_key).title) + _de(card(card_key).body)
        assert jargon not in shown, (card_key, jargon)
    assert "(Schuleingangsphase)" in system and "B1 heißt" in german


def test_the_card_for_16_to_18_names_the_routes_and_the_home_language_exam() -> None:
    older = card("older")
    body = _de(older.body)
    for must in ("Internationale Förderklasse", "1 Jahr", "einmal wiederholen",
                 "Ersten Schulabschluss", "Aufenthaltsstatus", "Oberstufe", "Abitur",
                 "Prüfung in der Sprache Ihrer Familie", "Bezirksregierung"):  # fmt: skip
        assert must in body, must
    assert {"neu.ifk", "neu.lang", "sys.ages", "sys.sek2", "neu.place"} <= set(older.facts)


_GERMAN_MONTH = re.compile(
    r"\d\.\s*(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember)"
)


def test_no_msgid_spells_out_a_date() -> None:
    """Dates are parameters (date or DayMonth): a month written into a msgid would be translated
    by hand, and could name the month differently from the dates Babel formats (issue 9)."""
    from bot.catalog_check import extract_template

    spelled = [m.id for m in extract_template() if m.id and _GERMAN_MONTH.search(str(m.id))]
    assert spelled == []


def test_school_calendar_days_follow_the_reader_locale() -> None:
    start = card("start").body
    assert "30. September" in _de(start) and "1. August" in _de(start)
    arabic = render(start, "ar")
    assert "سبتمبر" in arabic and "أغسطس" in arabic and "يوليو" in arabic
    farsi = render(start, "fa")
    assert "سپتمبر" in farsi and "اگست" in farsi and "جولای" in farsi


# --- consent --------------------------------------------------------------------------------


def _consent_texts(months: int) -> list[str]:
    return [
        _de(
            consent.consent_request(
                ki_name="KI Kreis Beispiel",
                retention_months=months,
                controller="Kreis Beispiel",
                contact="ki@example.org",
            )
        ),
        _de(consent.consent_given()),
        _de(consent.consent_declined()),
        _de(consent.special_category_request()),
        _de(consent.privacy_summary(retention_months=months)),
        _de(consent.deletion_confirm_request()),
        _de(consent.deletion_done()),
        _de(consent.nothing_stored()),
    ]


@pytest.mark.parametrize("months", [1, 12])
def test_consent_texts_render(months: int) -> None:
    for text in _consent_texts(months):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        assert len(text) <= 4096
    request = _consent_texts(months)[0]
    assert f"{months} {'Monat' if months == 1 else 'Monate'} " in request
    assert "KI Kreis Beispiel" in request
    for must in ("/mydata", "/deletedata", "16", "Schulamt"):
        assert must in request


def test_consent_version_and_plural_text() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}", consent.CONSENT_VERSION)
    assert isinstance(consent.consent_given(), Text)


# --- extraction -----------------------------------------------------------------------------


@pytest.mark.parametrize("module", [cards_module, consent, facts], ids=lambda m: m.__name__)
def test_msgids_are_literal_strings(module) -> None:
    """pybabel only extracts literal msgids; an f-string or a variable would never be translated."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        literal_args = {"_": 1, "_n": 2}.get(node.func.id)
        if literal_args is None:
            continue
        assert len(node.args) >= literal_args, f"line {node.lineno}: missing msgid"
        for arg in node.args[:literal_args]:
            assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                f"{module.__name__} line {node.lineno}: msgid must be a string literal"
            )
