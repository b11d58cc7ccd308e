"""Gettext catalogs: compiled from `locales/*/LC_MESSAGES/messages.po` at start, then loaded
with Babel's `Translations` (no aiogram: the console and the jobs need catalogs too, and
loading aiogram costs ~165 MiB and seconds, see shared/PERFORMANCE.md)."""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

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


Catalogs = dict[str, Translations]


def load_i18n(locales_dir: Path) -> Catalogs:
    """Compile what changed, then load every catalog (German, the source language, too)."""
    compile_catalogs(locales_dir)
    return {
        mo.parts[-3]: Translations.load(str(locales_dir), [mo.parts[-3]], DOMAIN)
        for mo in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    }


def renderer_for(catalogs: Catalogs) -> Renderer:
    def translate(singular: str, plural: str | None, n: int, locale: str) -> str:
        catalog = catalogs.get(locale)
        if catalog is None:
            return singular if plural is None or n == 1 else plural
        if plural is None:
            return catalog.gettext(singular)
        return catalog.ngettext(singular, plural, n)

    return Renderer(translate)
