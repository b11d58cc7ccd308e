"""The translations: complete, consistent with the code, and within Telegram's limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot.catalog_check import check_all, extract_template, placeholders
from bot.i18n import load_i18n, renderer_for
from dialogs import locales
from dialogs.info.cards import CARDS
from dialogs.parent.commands import PARENT_COMMANDS
from dialogs.parent.consent import consent_request, privacy_summary
from dialogs.text import Renderer, Text, _
from tests.support.env import ROOT

LOCALES = ROOT / "locales"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return renderer_for(load_i18n(LOCALES))


def test_every_catalog_is_complete_with_the_same_placeholders() -> None:
    assert check_all(LOCALES, locales.SUPPORTED) == []


def test_the_committed_template_matches_the_code() -> None:
    with (LOCALES / "messages.pot").open("rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    extracted = {m.id for m in extract_template() if m.id}
    assert extracted - committed == set(), "run pybabel extract/update (README: Languages)"
    assert committed - extracted == set(), "the template has msgids the code no longer uses"


def test_catalogs_say_they_await_review() -> None:
    for locale in locales.SUPPORTED:
        if locale == "de":
            continue
        header = (LOCALES / locale / "LC_MESSAGES" / "messages.po").read_text()[:600]
        assert "awaits review by a native speaker" in header, locale


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_long_texts_fit_one_message_in_every_language(renderer: Renderer, locale: str) -> None:
    texts = [c.body for c in CARDS] + [
        consent_request(
            ki_name="K" * 120, retention_months=12, controller="K" * 60, contact="k" * 80
        ),
        privacy_summary(retention_months=12),
    ]
    for text in texts:
        rendered = renderer.render(text, locale)
        assert 0 < len(rendered) <= 4096
        assert "{" not in rendered


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_command_descriptions_fit_telegram(renderer: Renderer, locale: str) -> None:
    for _name, text in PARENT_COMMANDS:
        assert 1 <= len(renderer.render(text, locale)) <= 256


@pytest.mark.parametrize("locale", [code for code in locales.SUPPORTED if code != "de"])
def test_short_labels_stay_short(renderer: Renderer, locale: str) -> None:
    """Buttons are shown on phones: a label that was short in German stays short."""
    with (LOCALES / "messages.pot").open("rb") as f:
        template = read_po(f)
    for message in template:
        if (
            isinstance(message.id, str)
            and message.id
            and len(message.id) <= 30
            and not message.id.startswith("{")
        ):
            translated = renderer.render(Text(message.id), locale)
            assert len(translated) <= 64, (locale, message.id, translated)


def _long_values(message_id: str) -> dict[str, object]:
    """The longest values a placeholder meets: names, schools, places, big numbers."""
    from datetime import date

    from dialogs.text import Raw

    values: dict[str, object] = {}
    for name in placeholders(message_id):
        if name in {"n", "number", "total", "age", "grade", "low", "high", "min", "max", "most"}:
            values[name] = 99
        elif name in {"date", "cutoff"}:
            values[name] = date(2027, 12, 31)
        else:
            values[name] = Raw("Ü" * 200)
    return values


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_every_message_fits_telegram_with_long_values(renderer: Renderer, locale: str) -> None:
    with (LOCALES / "messages.pot").open("rb") as f:
        template = read_po(f)
    for message in template:
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        plural = message.id[1] if isinstance(message.id, tuple) else None
        for n in (1, 2, 5, 11, 99):
            values = {**_long_values(singular), **({"n": n} if plural else {})}
            text = Text(singular, values, plural=plural, n=n if plural else None)
            rendered = renderer.render(text, locale)
            assert "{" not in rendered, (locale, singular)
            assert len(rendered) <= 4096, (locale, singular)


def test_stale_compiled_catalogs_are_rebuilt(tmp_path: Path) -> None:
    import os
    import shutil

    from bot.i18n import compile_catalogs

    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    assert set(compile_catalogs(copy)) == set(locales.SUPPORTED)
    assert compile_catalogs(copy) == []  # fresh: nothing to do
    po = copy / "ar" / "LC_MESSAGES" / "messages.po"
    # Newer than its .mo by a second, whatever the file system's timestamp resolution.
    later = po.with_suffix(".mo").stat().st_mtime + 1
    os.utime(po, (later, later))
    assert compile_catalogs(copy) == ["ar"]


# --- right-to-left rendering and dates (issue 9) --------------------------------------------

_ISOLATED = re.compile("\u2068[^\u2068\u2069]*\u2069")
_LATIN = re.compile(r"[A-Za-zÄÖÜäöüß]")
_COMMAND_OR_LINK = re.compile(r"(?:https?://|[/@])\S+")


def _template() -> list[Message]:
    with (LOCALES / "messages.pot").open("rb") as f:
        return [m for m in read_po(f) if m.id]


@pytest.mark.parametrize("locale", sorted(locales.RTL))
def test_latin_text_in_right_to_left_messages_is_isolated(renderer: Renderer, locale: str) -> None:
    """German terms, "B1", "ZUE" in Arabic, Farsi and Pashto sentences: always inside isolates,
    so that they cannot reorder the sentence around them; commands and links stay plain for
    Telegram to recognise."""
    for message in _template():
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        plural = message.id[1] if isinstance(message.id, tuple) else None
        text = Text(singular, _long_values(singular), plural=plural, n=5 if plural else None)
        rendered = renderer.render(text, locale)
        if rendered == renderer.render(text, "de"):
            continue  # a msgid that is the same in every language, e.g. "{date}"
        rest = _COMMAND_OR_LINK.sub("", rendered)
        while _ISOLATED.search(rest):
            rest = _ISOLATED.sub("", rest)
        assert not _LATIN.search(rest), (locale, singular, rendered)


# Month names a translator could write by hand: CLDR's and the regional ones (Levantine for
# Arabic, Iranian and Afghan for Farsi). Two-letter names ("مه", "می") are also common words.
_MONTH_LOCALES = {"ar": ("ar", "ar_SY"), "fa": ("fa", "fa_AF"), "ps": ("ps",)}


@pytest.mark.parametrize("locale", sorted(_MONTH_LOCALES))
def test_no_translation_spells_out_a_month(locale: str) -> None:
    """Dates reach the text as values that Babel formats, so every month in a language is named
    one way (issue 9: أيلول on the cards, يوليو in the dates)."""
    names = {
        name
        for source in _MONTH_LOCALES[locale]
        for width in ("wide", "abbreviated")
        for name in Locale.parse(source).months["format"][width].values()
        if len(name) > 2
    }
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert not pattern.search(string or ""), (locale, message.id, string)


def test_arabic_and_farsi_dates_use_one_convention_each(renderer: Renderer) -> None:
    from datetime import date

    from dialogs.info.cards import card

    start = card("start").body
    july = _("{date}", date=date(2027, 7, 31))
    arabic = renderer.render(start, "ar") + renderer.render(july, "ar")
    assert "سبتمبر" in arabic and "يوليو" in arabic
    assert "أيلول" not in arabic and "تموز" not in arabic
    farsi = renderer.render(start, "fa") + renderer.render(july, "fa")
    assert "جولای" in farsi and "اگست" in farsi and "ژوئیه" not in farsi and "اوت" not in farsi
