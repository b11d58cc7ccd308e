"""The translations: complete, consistent with the code, and within Telegram's limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.catalog_check import check_all, extract_template, placeholders
from bot.i18n import load_i18n, renderer_for
from dialogs import locales
from dialogs.info.cards import CARDS
from dialogs.parent.commands import PARENT_COMMANDS
from dialogs.parent.consent import consent_request, privacy_summary
from dialogs.text import Renderer, Text
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
        consent_request(ki_name="K" * 120, retention_months=12),
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
