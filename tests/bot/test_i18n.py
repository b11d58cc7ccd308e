"""Catalogs are read when their language is first needed, once, and translate as before."""

from __future__ import annotations

import gettext
from concurrent.futures import ThreadPoolExecutor

import pytest
from babel.messages.pofile import read_po

from bot.i18n import load_i18n, renderer_for
from dialogs import locales
from dialogs.text import _
from tests.support.env import ROOT

LOCALES = ROOT / "locales"
SINGULAR = "Sprache ändern"
PLURAL = ("Ihr Kind ist {n} Jahr alt.", "Ihr Kind ist {n} Jahre alt.")


def _reference(locale: str) -> gettext.GNUTranslations:
    with (LOCALES / locale / "LC_MESSAGES" / "messages.mo").open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file)


def test_no_catalog_is_read_at_start() -> None:
    catalogs = load_i18n(LOCALES)
    assert catalogs.loaded == frozenset()
    assert catalogs.available == frozenset(locales.SUPPORTED)


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_a_catalog_is_read_on_first_use_and_translates(locale: str) -> None:
    catalogs = load_i18n(LOCALES)
    reference = _reference(locale)
    rendered = renderer_for(catalogs).render(_(SINGULAR), locale)
    assert rendered == reference.gettext(SINGULAR)
    assert catalogs.loaded == {locale}
    assert catalogs.gettext(*PLURAL, 3, locale) == reference.ngettext(*PLURAL, 3)
    if locale != "de":
        # A real translation, not the German msgid handed back for a missing catalog.
        assert rendered != SINGULAR


def test_every_catalogued_message_translates_as_an_eagerly_read_catalog() -> None:
    catalogs = load_i18n(LOCALES)
    with (LOCALES / "messages.pot").open("rb") as pot:
        msgids = [m.id for m in read_po(pot) if isinstance(m.id, str) and m.id]
    for locale in locales.SUPPORTED:
        reference = _reference(locale)
        assert [catalogs.gettext(m, None, 1, locale) for m in msgids] == [
            reference.gettext(m) for m in msgids
        ], locale


def test_a_catalog_is_read_once_when_threads_ask_together() -> None:
    catalogs = load_i18n(LOCALES)
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _n: catalogs.translations("ar"), range(32)))
    assert all(t is found[0] for t in found) and found[0] is not None
    assert catalogs.loaded == {"ar"}


def test_a_locale_without_catalog_gives_the_german_text() -> None:
    catalogs = load_i18n(LOCALES)
    assert catalogs.gettext(SINGULAR, None, 1, "xx") == SINGULAR
    assert catalogs.gettext(*PLURAL, 2, "../de") == PLURAL[1]
    assert catalogs.loaded == frozenset()
