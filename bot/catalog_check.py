"""Checks that keep the translations honest: complete, not fuzzy, same placeholders, compiling,
and true to the glossary of fixed German terms (`locales/glossary.yaml`, see `bot.glossary`).

Used by `python -m bot check`, the tests and `.ci/run`. The template is extracted from the
sources here (same configuration as `pybabel extract -F babel.cfg`), so a msgid added in code
without updating the catalogs is caught before a parent meets untranslated German.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.glossary import GlossaryError, Term, catalog_problems, completeness_problems, load_glossary

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {**DEFAULT_KEYWORDS, "_n": (1, 2)}
GLOSSARY = "glossary.yaml"
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


def extract_template(root: Path = ROOT) -> Catalog:
    with (root / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(root / "babel.cfg"))
    catalog = Catalog(project="schullotse", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _as_tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def check_catalog(
    po_path: Path, template: Catalog, glossary: list[Term] | None = None
) -> list[str]:
    locale = po_path.parts[-3]
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    problems: list[str] = []
    where = f"{locale}:"
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        label = _as_tuple(message.id)[0][:60]
        if translated is None:
            problems.append(f"{where} missing: {label!r}")
            continue
        if translated.fuzzy:
            problems.append(f"{where} fuzzy: {label!r}")
        strings = _as_tuple(translated.string)
        if not strings or any(not s.strip() for s in strings):
            problems.append(f"{where} empty: {label!r}")
            continue
        ids = _as_tuple(message.id)
        expected = placeholders(ids[-1]) | placeholders(ids[0])
        for form in strings:
            found = placeholders(form)
            # A singular form may drop {n} ("one child" needs no number); nothing else may
            # be dropped and nothing may be invented.
            missing = expected - found - ({"n"} if len(strings) > 1 else set())
            extra = found - expected
            if missing or extra:
                problems.append(
                    f"{where} placeholders differ in {label!r}: "
                    f"missing {sorted(missing)}, unknown {sorted(extra)}"
                )
    if glossary and locale != "de":
        problems += catalog_problems(catalog, template, locale, glossary)
    try:
        write_mo(io.BytesIO(), catalog, use_fuzzy=False)
    except Exception as exc:  # any failure to compile is a catalog error worth reporting
        problems.append(f"{where} does not compile: {exc}")
    return problems


def check_all(locales_dir: Path, languages: tuple[str, ...], root: Path = ROOT) -> list[str]:
    template = extract_template(root)
    problems: list[str] = []
    glossary: list[Term] = []
    try:
        glossary = load_glossary(locales_dir / GLOSSARY)
        problems += completeness_problems(glossary, languages)
    except (OSError, GlossaryError) as exc:
        problems.append(f"glossary: {exc}")
    for locale in languages:
        po_path = locales_dir / locale / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            problems.append(f"{locale}: no catalog at {po_path.relative_to(root)}")
            continue
        problems += check_catalog(po_path, template, glossary)
    return problems
