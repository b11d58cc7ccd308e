"""Gettext catalogs: compiled from `locales/*/LC_MESSAGES/messages.po` at start, then loaded
with the standard library's gettext.

Not through aiogram's I18n: importing aiogram builds its Bot API models (seconds), which the
console and the command line have no use for.
"""

from __future__ import annotations

import gettext
import logging
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from dialogs.text import Renderer

DOMAIN = "messages"
log = logging.getLogger(__name__)


def compile_catalogs(locales_dir: Path) -> list[str]:
    """Build `.mo` files that are missing or older than their `.po`; returns the locales."""
    built = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        built.append(po_path.parts[-3])
    if built:
        log.info("compiled catalogs: %s", ", ".join(built))
    return built


@dataclass(frozen=True)
class Catalogs:
    """The compiled catalogs by locale code."""

    locales: dict[str, gettext.GNUTranslations]

    def gettext(self, singular: str, plural: str | None, n: int, locale: str) -> str:
        translations = self.locales.get(locale)
        if translations is None:
            return singular if plural is None or n == 1 else plural
        if plural is None:
            return translations.gettext(singular)
        return translations.ngettext(singular, plural, n)


def load_i18n(locales_dir: Path) -> Catalogs:
    compile_catalogs(locales_dir)
    locales = {}
    for mo_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
        with mo_path.open("rb") as mo_file:
            locales[mo_path.parts[-3]] = gettext.GNUTranslations(mo_file)
    return Catalogs(locales)


def renderer_for(catalogs: Catalogs) -> Renderer:
    return Renderer(catalogs.gettext)
