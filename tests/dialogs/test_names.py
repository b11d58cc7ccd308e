"""Language and country names: never a raw code, neutral, unambiguous, cased by context."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from babel import Locale

from bot.i18n import load_i18n, renderer_for
from dialogs import locales
from dialogs.instrument.loading import default_instrument_path, load_instrument
from dialogs.instrument.model import Option
from dialogs.text import LanguageName, Renderer, _, language_name
from dialogs.text.bidi import is_rtl
from dialogs.text.cldr import LANGUAGE_NAMES, build_language_names
from tests.support.env import ROOT

INSTRUMENT = load_instrument(default_instrument_path())
_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2})?|[A-Z]{2}")


def _options(kind: str) -> list[Option]:
    return [o for q in INSTRUMENT.questions if q.kind == kind for o in q.options]


LANGUAGES = _options("languages")
COUNTRIES = _options("country")
CODES = [o.value for o in LANGUAGES]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return renderer_for(load_i18n(ROOT / "locales"))


def test_the_instrument_offers_languages_and_countries() -> None:
    assert {"rom", "ckb", "ku", "fa-AF"} <= set(CODES) and "SY" in {o.value for o in COUNTRIES}


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_every_language_option_has_a_name_in_every_locale(renderer: Renderer, locale: str) -> None:
    """The buttons a parent sees for the home-language question, "Anderes" included."""
    names = {o.value: renderer.render(o.label, locale) for o in LANGUAGES}
    raw = {code: name for code, name in names.items() if name == code or _CODE.fullmatch(name)}
    assert raw == {}, f"{locale}: codes shown instead of names"
    # Romani next to Romanian, Dari next to Farsi, Sorani next to Kurmanji: never one name twice.
    assert len(set(names.values())) == len(names), f"{locale}: {names}"


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_every_country_option_has_a_name_in_every_locale(renderer: Renderer, locale: str) -> None:
    for option in COUNTRIES:
        name = renderer.render(option.label, locale)
        assert name != option.value and not _CODE.fullmatch(name), (locale, option.value)


def test_kurdish_and_romani_are_named_as_their_speakers_do(renderer: Renderer) -> None:
    assert renderer.render(LanguageName("ckb"), "de") == "Kurdisch (Sorani)"
    assert renderer.render(LanguageName("ku"), "de") == "Kurdisch (Kurmandschi)"
    assert renderer.render(LanguageName("ckb"), "en") == "Kurdish (Sorani)"
    assert all(
        "Zentral" not in renderer.render(LanguageName("ckb"), loc) for loc in locales.SUPPORTED
    )
    assert "غجر" not in renderer.render(LanguageName("rom"), "ar")  # no "gypsy" exonym
    for locale, exonym in (("uk", "циган"), ("pl", "cygań"), ("bg", "цига")):
        assert exonym not in renderer.render(LanguageName("rom"), locale).lower(), locale
    # Russian readers know the common name; the neutral one comes first.
    assert renderer.render(LanguageName("rom"), "ru").startswith("Романи")
    assert renderer.render(LanguageName("ti"), "ti") == "ትግርኛ"  # CLDR where it is right


def test_language_names_are_lower_case_inside_a_sentence_and_capitalised_as_labels(
    renderer: Renderer,
) -> None:
    sentence = _("Die Sprache ist jetzt: {language}", language=LanguageName("uk", own=True))
    assert renderer.render(sentence, "uk").endswith("українська")
    assert renderer.render(LanguageName("uk", own=True), "de") == "Українська"  # a button
    assert renderer.render(LanguageName("ar"), "uk") == "Арабська"
    answer = _("{number}. {question} → {answer}", number=1, question=_("Sprachen"),
               answer=LanguageName("ar"))  # fmt: skip
    assert "арабська" in renderer.render(answer, "uk")
    assert renderer.render(LanguageName("ar"), "de") == "Arabisch"  # German nouns stay capital
    assert "Arabisch" in renderer.render(answer, "de")


def test_a_code_nobody_knows_is_shown_rather_than_lost() -> None:
    assert language_name("xx", "de") == "xx"
    assert language_name("rom", "ps") != "rom"  # no CLDR name in Pashto: the catalog's or English


def test_the_stored_names_of_the_supported_languages_are_babels() -> None:
    stored = json.loads(LANGUAGE_NAMES.read_text(encoding="utf-8"))
    # After a Babel update: python scripts/build_name_index.py
    assert stored == build_language_names(), (
        "language_names.json is stale: run scripts/build_name_index.py"
    )


def test_naming_the_supported_languages_loads_no_locale_data() -> None:
    """The picker (each language in its own words), the words an inline query may use to
    name a language, a text's direction and the codes content may use come from stored lists:
    Babel would load every locale's whole data (each reader's on its first text)."""
    probe = (
        "from babel import localedata\n"
        "from dialogs import locales\n"
        "from dialogs.text import language_name\n"
        "from dialogs.volunteers.info import language_words\n"
        "names = [language_name(c, c) for c in locales.SUPPORTED]\n"
        "names += [language_name(c, w) for c in locales.SUPPORTED for w in ('de', 'en')]\n"
        "assert len(language_words(locales.SUPPORTED)) > 40\n"
        "from dialogs.text import Renderer, _\n"
        "assert [Renderer().render(_('Sprache ändern'), c) for c in ('ar', 'de', 'uk')]\n"
        "from dialogs.text import cldr_codes\n"
        "assert 'SY' in cldr_codes('de', 'territories') and 'ar' in cldr_codes('en', 'languages')\n"
        "print(sorted(localedata._cache))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
    # The same names as Babel's own, where the table answers.
    assert language_name("ar", "ar") == "العربية"
    assert language_name("uk", "de") == "Ukrainisch"


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_the_direction_of_each_supported_language_is_cldrs(locale: str) -> None:
    cldr = Locale.parse(locale).character_order == "right-to-left"
    assert (locale in locales.RTL) == cldr
    assert is_rtl(locale) == cldr
