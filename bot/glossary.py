"""The glossary of fixed German terms (`locales/glossary.yaml`) and the check that every catalog
renders them the same way: one name for the Schulamt in each language, and the German word kept
where families meet it on papers. The file's header explains its fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog

_FIELDS = {"de", "keep"}


class GlossaryError(ValueError):
    """The glossary file itself is broken; the message names the entry."""


@dataclass(frozen=True)
class Term:
    de: re.Pattern[str]
    keep: re.Pattern[str] | None
    forms: Mapping[str, tuple[re.Pattern[str], ...]]
    shown: Mapping[str, str]  # the first form per language, for messages

    @property
    def name(self) -> str:
        return self.de.pattern


def _form(text: str) -> re.Pattern[str]:
    # "*" is any run of letters: "шкільн* управлінн*" accepts every case of the phrase.
    return re.compile(re.escape(text).replace(r"\*", r"\w*"), re.IGNORECASE)


def _as_list(value: Any, where: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise GlossaryError(f"{where}: expected a text or a list of texts, got {value!r}")
    return items


def _term(raw: Any, index: int) -> Term:
    if not isinstance(raw, dict) or not isinstance(raw.get("de"), str):
        raise GlossaryError(f"term {index + 1}: needs `de`, a regular expression")
    try:
        de = re.compile(raw["de"])
        keep_raw = raw.get("keep")
        keep = de if keep_raw is True else re.compile(keep_raw) if keep_raw else None
    except re.error as exc:
        raise GlossaryError(f"term {raw['de']!r}: {exc}") from None
    languages = {k: v for k, v in raw.items() if k not in _FIELDS}
    forms = {
        lang: tuple(_form(f) for f in _as_list(v, f"{raw['de']} / {lang}"))
        for lang, v in languages.items()
    }
    shown = {lang: _as_list(v, lang)[0] for lang, v in languages.items()}
    return Term(de, keep, forms, shown)


def load_glossary(path: Path) -> list[Term]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise GlossaryError(f"{path.name}: expected a mapping with a `terms` list")
    return [_term(raw, i) for i, raw in enumerate(data["terms"])]


def completeness_problems(terms: Iterable[Term], languages: Iterable[str]) -> list[str]:
    """A term translated for some languages must be translated for all of them."""
    problems = []
    for term in terms:
        if not term.forms:
            continue  # kept in German everywhere
        missing = [lang for lang in languages if lang != "de" and lang not in term.forms]
        if missing:
            problems.append(f"glossary: {term.name!r} has no rendering for {', '.join(missing)}")
    return problems


def _strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def catalog_problems(
    catalog: Catalog, template: Catalog, locale: str, terms: list[Term]
) -> list[str]:
    """Every translation of a msgid that names a term uses the glossary's rendering."""
    problems: list[str] = []
    for message in template:
        if not message.id:
            continue
        german = " ".join(_strings(message.id))
        hits = [t for t in terms if t.de.search(german)]
        translated = catalog.get(message.id, context=message.context) if hits else None
        if translated is None:
            continue  # missing entries are reported by the completeness check
        label = german[:60]
        for form in _strings(translated.string):
            if not form.strip():
                continue
            for term in hits:
                wanted = term.forms.get(locale, ())
                if wanted and not any(f.search(form) for f in wanted):
                    problems.append(
                        f"{locale}: glossary: {label!r} should say "
                        f"{term.shown[locale]!r} for {term.name!r}"
                    )
                if term.keep and not term.keep.search(form):
                    problems.append(
                        f"{locale}: glossary: {label!r} should keep the German "
                        f"{term.keep.pattern!r}"
                    )
    return problems
