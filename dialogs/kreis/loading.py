"""Loading the Kreis file strictly and checking what a schema cannot see.

A KI maintains this as a YAML file (`KREIS_FILE`); the repository ships an example for Kreis
Coesfeld. Loading is strict (an unknown key is a typo, not an extension) and every problem is
reported with its YAML path and line, because the people editing the file are not developers.
`check_kreis` then checks what a schema cannot: cross-references, coverage and time ranges.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import get_args

import yaml
from pydantic import ValidationError

from dialogs.kreis.model import (
    DAYS,
    KIND_STAGES,
    STAGES,
    Kreis,
    PlacingAuthority,
    WeeklyHours,
)
from dialogs.kreis.places import fold
from dialogs.kreis.yaml_paths import describe_errors, duplicate_keys
from dialogs.text import cldr_codes
from dialogs.yaml_parse import compose_and_construct


class KreisDataError(ValueError):
    """The Kreis file cannot be used; `problems` names each one with its YAML path."""

    def __init__(self, source: str | Path, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the Kreis data:\n{lines}")


# ---------------------------------------------------------------------------------- loading


# libyaml's safe loader where PyYAML has it (dialogs/yaml_parse.py).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def default_kreis_path() -> Path:
    return Path(__file__).resolve().parents[2] / "content" / "kreis" / "coesfeld.yaml"


def load_kreis(path: str | Path) -> Kreis:
    """Parse and validate the structure; cross-references are `check_kreis`'s job."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KreisDataError(path, [f"cannot read the file: {exc}"]) from exc
    try:
        root, data = compose_and_construct(text, yaml.SafeLoader, _FAST_LOADER)
    except yaml.YAMLError as exc:
        raise KreisDataError(path, [f"not valid YAML: {exc}"]) from None
    # PyYAML silently keeps the last of two equal keys, which hides a copy-and-paste slip.
    problems = duplicate_keys(root)
    if problems:
        raise KreisDataError(path, problems)
    if not isinstance(data, dict):
        raise KreisDataError(path, ["the file must be a mapping (kreis:, ki:, schools: …)"])
    try:
        return Kreis.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    raise KreisDataError(path, describe_errors(errors, root))


# ----------------------------------------------------------------------------------- checks


def check_kreis(kreis: Kreis, today: date | None = None) -> list[str]:
    """Problems a schema cannot see. Entries starting with "warning: " do not block use.
    With `today`, offers past their `valid_until` are named too (families no longer see
    them: the KI should renew or remove them)."""
    problems: list[str] = []
    for section in ("authorities", "municipalities", "schools", "offers"):
        first: dict[str, int] = {}
        for i, item in enumerate(getattr(kreis, section)):
            if item.id in first:
                problems.append(
                    f'{section}[{i}].id: "{item.id}" is already used by {section}[{first[item.id]}]'
                )
            first.setdefault(item.id, i)
    problems += _check_names(kreis)
    problems += _check_schools(kreis)
    problems += _check_authorities(kreis)
    known = {m.id for m in kreis.municipalities}
    cldr = cldr_codes("en", "languages")
    for i, offer in enumerate(kreis.offers):
        if offer.municipality is not None and offer.municipality not in known:
            problems.append(
                f'offers[{i}].municipality (id "{offer.id}"): '
                f'unknown municipality id "{offer.municipality}"'
            )
        problems += [
            f'offers[{i}].languages (id "{offer.id}"): "{code}" is not an ISO language code'
            for code in offer.languages
            if code not in cldr
        ]
        if today is not None and offer.valid_until is not None and offer.valid_until < today:
            problems.append(
                f'warning: offers[{i}] (id "{offer.id}"): valid until {offer.valid_until}, '
                "no longer shown; renew or remove it"
            )
    problems += _check_hours("ki.counselling_hours", kreis.ki.counselling_hours, required=False)
    problems += _check_hours("settings.office_hours", kreis.settings.office_hours, required=True)
    problems += _example_warning(kreis)
    return problems


def _check_names(kreis: Kreis) -> list[str]:
    owner: dict[str, str] = {}
    problems = []
    for i, m in enumerate(kreis.municipalities):
        for j, spelling in enumerate((m.id, m.name, *m.aliases)):
            other = owner.setdefault(fold(spelling), m.id)
            if other != m.id:
                field = ("id", "name")[j] if j < 2 else "aliases"
                problems.append(
                    f'municipalities[{i}].{field} (id "{m.id}"): '
                    f'"{spelling}" also matches municipality "{other}"'
                )
    return problems


def _check_schools(kreis: Kreis) -> list[str]:
    known = {m.id for m in kreis.municipalities}
    problems = []
    for i, s in enumerate(kreis.schools):
        if s.municipality not in known:
            problems.append(
                f'schools[{i}].municipality (id "{s.id}"): '
                f'unknown municipality id "{s.municipality}"'
            )
        for stage in s.stages:
            if stage not in KIND_STAGES[s.kind]:
                problems.append(f'schools[{i}].stages (id "{s.id}"): a {s.kind} has no "{stage}"')
    supported = [s for s in kreis.schools if s.initial_support is not None]
    for stage in STAGES:
        if not any(stage in s.stages for s in supported):
            problems.append(f'schools: no school offers initial support for stage "{stage}"')
    for i, m in enumerate(kreis.municipalities):
        if not any(s.municipality == m.id and "primary" in s.stages for s in supported):
            problems.append(
                f'warning: municipalities[{i}] (id "{m.id}"): no primary school with initial '
                "support; families there are shown schools in other municipalities"
            )
    return problems


def _check_authorities(kreis: Kreis) -> list[str]:
    ids = {a.id for a in kreis.authorities}
    problems = [
        f'authorities: "{needed}" is missing'
        for needed in get_args(PlacingAuthority)
        if needed not in ids
    ]
    for stage in STAGES:
        placing = [a.id for a in kreis.authorities if stage in a.places]
        if len(placing) != 1:
            problems.append(
                f'authorities: stage "{stage}" must be placed by exactly one authority, '
                f"not {len(placing)}"
            )
    return problems


def _check_hours(path: str, hours: WeeklyHours, *, required: bool) -> list[str]:
    problems = []
    for day in DAYS:
        ranges = getattr(hours, day)
        for j, r in enumerate(ranges):
            if r.start >= r.end:
                problems.append(f"{path}.{day}[{j}]: {r} does not end after it starts")
        ordered = sorted(ranges, key=lambda r: r.start)
        for a, b in itertools.pairwise(ordered):
            if b.start < a.end:
                problems.append(f"{path}.{day}: {a} and {b} overlap")
    if not any(getattr(hours, day) for day in DAYS):
        level = "" if required else "warning: "
        problems.append(f"{level}{path}: no hours on any day")
    return problems


def _example_warning(kreis: Kreis) -> list[str]:
    # Example schools reaching real parents would send them to places that do not exist.
    parts = ["KI contact data"] if kreis.ki.example else []
    parts += [
        f"{n} {label}"
        for n, label in (
            (sum(a.example for a in kreis.authorities), "authorities"),
            (sum(s.example for s in kreis.schools), "schools"),
            (sum(o.example for o in kreis.offers), "offers"),
        )
        if n
    ]
    if not parts:
        return []
    return [f"warning: example data (example: true): {', '.join(parts)}; replace before going live"]
