"""Gettext catalogs: compiled from `locales/*/LC_MESSAGES/messages.po` at start, then loaded
through aiogram's Babel-based `I18n`, which also serves aiogram's own i18n middleware."""

from __future__ import annotations

import logging
from pathlib import Path

from aiogram.utils.i18n import I18n
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


def load_i18n(locales_dir: Path) -> I18n:
    compile_catalogs(locales_dir)
    return I18n(path=locales_dir, default_locale="de", domain=DOMAIN)


def renderer_for(i18n: I18n) -> Renderer:
    def translate(singular: str, plural: str | None, n: int, locale: str) -> str:
        if locale not in i18n.locales:
            return singular if plural is None or n == 1 else plural
        return i18n.gettext(singular, plural, n, locale=locale)

    return Renderer(translate)
