"""The glossary of fixed German terms and its check over the catalogs (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from bot.catalog_check import GLOSSARY, check_all
from bot.glossary import GlossaryError, catalog_problems, completeness_problems, load_glossary
from dialogs import locales
from tests.support.env import ROOT

LOCALES = ROOT / "locales"
TERMS = load_glossary(LOCALES / GLOSSARY)


def _catalogs(pairs: dict[str, str]) -> tuple[Catalog, Catalog]:
    template, catalog = Catalog(), Catalog(locale="uk")
    for msgid, msgstr in pairs.items():
        template.add(msgid)
        catalog.add(msgid, msgstr)
    return template, catalog


def test_the_terms_families_meet_are_in_the_glossary() -> None:
    for german in (
        "Das Schulamt",
        "die Bezirksregierung",
        "Das Kommunale Integrationszentrum",
        "beim Kommunalen Integrationszentrum",
        "eine Internationale Förderklasse",
        "das Berufskolleg",
        "Sekundarstufe I",
        "die Grundschule",
        "eine Aufnahme-Einrichtung des Landes (ZUE oder EAE)",
        "die Meldebescheinigung",
        "die Schulpflicht",
        "die Vollzeitschulpflicht",
    ):
        assert any(t.de.search(german) for t in TERMS), german


def test_every_translated_term_has_every_language() -> None:
    assert completeness_problems(TERMS, locales.SUPPORTED) == []
    languages = [code for code in locales.SUPPORTED if code != "de"]
    translated = [t for t in TERMS if t.forms]
    assert translated and all(set(t.forms) == set(languages) for t in translated)


def test_every_catalog_uses_the_glossary() -> None:
    assert [p for p in check_all(LOCALES, locales.SUPPORTED) if "glossary" in p] == []


def test_a_different_rendering_or_a_dropped_german_term_is_reported() -> None:
    template, catalog = _catalogs(
        {
            "Über den Schulplatz entscheidet das Schulamt.": "Рішення ухвалює відділ освіти.",
            "Das Schulamt hilft.": "Шкільне управління допомагає.",
            "Fragen Sie das Schulamt.": "Запитайте шкільне управління (Schulamt).",
            "Beim Schulamt.": "У шкільному управлінні (Schulamt).",  # inflected: fine
        }
    )
    problems = catalog_problems(catalog, template, "uk", TERMS)
    assert len(problems) == 3, problems
    assert any("Über den Schulplatz" in p and "шкільн* управлінн*" in p for p in problems)
    assert any("Das Schulamt hilft" in p and "keep the German" in p for p in problems)
    assert not any("Beim Schulamt" in p or "Fragen Sie" in p for p in problems)


def test_compound_words_do_not_trigger_a_shorter_term() -> None:
    # "Vollzeitschulpflicht" has its own entry; it must not require the "Schulpflicht" one.
    ukrainian = "Обовʼязкове щоденне шкільне навчання (Vollzeitschulpflicht)."
    template, catalog = _catalogs({"Die Vollzeitschulpflicht dauert.": ukrainian})
    assert catalog_problems(catalog, template, "uk", TERMS) == []


def test_a_broken_glossary_is_named(tmp_path: Path) -> None:
    bad = tmp_path / GLOSSARY
    bad.write_text("terms:\n  - de: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="unclosed"):
        load_glossary(bad)
    bad.write_text("terms:\n  - de: Schulamt\n    ar: [1, 2]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="Schulamt / ar"):
        load_glossary(bad)


def test_forms_accept_inflections_but_not_other_words() -> None:
    schulamt = next(t for t in TERMS if t.de.pattern == "Schulamt")
    ukrainian = schulamt.forms["uk"]
    assert any(f.search("до шкільного управління") for f in ukrainian)
    assert not any(f.search("до шкільної адміністрації") for f in ukrainian)
    assert re.search(schulamt.keep.pattern, "(Schulamt)") if schulamt.keep else False
