"""Gettext catalogs: compiled from `locales/*/LC_MESSAGES/messages.po` at start, each loaded
with the standard library's gettext when its language is first needed.

Not through aiogram's I18n: importing aiogram builds its Bot API models (seconds), which the
console and the command line have no use for.
"""

from __future__ import annotations

import gettext
import logging
import threading
from pathlib import Path

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
        # Babel's catalog reader is needed only when a `.po` changed (a deployment
        # normally ships compiled catalogs): not imported on every start.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parts[-3])
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        built.append(po_path.parts[-3])
    if built:
        log.info("compiled catalogs: %s", ", ".join(built))
    return built


class Catalogs:
    """The compiled catalogs by locale code, each read on its first use.

    Sixteen catalogs cost ~3 MiB and their parsing at start, while a restart's first updates
    come from families in a few languages. Reading one happens once, under a lock: nothing
    keeps a render on a worker thread (`asyncio.to_thread`) from meeting one on the loop.
    """

    def __init__(self, paths: dict[str, Path]) -> None:
        self._paths = paths
        self._loaded: dict[str, gettext.GNUTranslations] = {}
        self._lock = threading.Lock()

    @property
    def available(self) -> frozenset[str]:
        """The locales that have a catalog (loaded or not)."""
        return frozenset(self._paths)

    @property
    def loaded(self) -> frozenset[str]:
        """The locales whose catalog has been read so far."""
        return frozenset(self._loaded)

    def translations(self, locale: str) -> gettext.GNUTranslations | None:
        found = self._loaded.get(locale)
        if found is not None or locale not in self._paths:
            return found
        with self._lock:
            found = self._loaded.get(locale)
            if found is None:
                with self._paths[locale].open("rb") as mo_file:
                    found = gettext.GNUTranslations(mo_file)
                self._loaded[locale] = found
        return found

    def gettext(self, singular: str, plural: str | None, n: int, locale: str) -> str:
        translations = self.translations(locale)
        if translations is None:
            return singular if plural is None or n == 1 else plural
        if plural is None:
            return translations.gettext(singular)
        return translations.ngettext(singular, plural, n)


def load_i18n(locales_dir: Path) -> Catalogs:
    """The catalogs of `locales_dir`, compiled where needed; none is read yet."""
    compile_catalogs(locales_dir)
    paths = {
        mo_path.parts[-3]: mo_path
        for mo_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    }
    return Catalogs(paths)


def renderer_for(catalogs: Catalogs) -> Renderer:
    return Renderer(catalogs.gettext)
