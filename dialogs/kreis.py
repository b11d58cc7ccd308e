"""Kreis data: municipalities, schools with initial German support, offers and office hours.

A KI maintains this as a YAML file (`KREIS_FILE`); the repository ships an example for Kreis
Coesfeld. Loading is strict (an unknown key is a typo, not an extension) and every problem is
reported with its YAML path and line, because the people editing the file are not developers.
`check_kreis` then checks what a schema cannot: cross-references, coverage and time ranges.
The school authority decides placement (FACTS neu.place), so `support_places` only orders the
candidates that counsellors and parents can ask about.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

Stage = Literal["primary", "secondary_1", "berufskolleg"]
SchoolKind = Literal[
    "grundschule",
    "hauptschule",
    "realschule",
    "sekundarschule",
    "gesamtschule",
    "gymnasium",
    "berufskolleg",
]
SupportForm = Literal["integrated", "separate_group", "mixed"]
OfferCategory = Literal[
    "german_course", "homework_help", "but_advice", "migration_counselling", "other"
]
PlacingAuthority = Literal["schulamt", "bezirksregierung"]

STAGES: tuple[str, ...] = get_args(Stage)
# Stages the assessment can return for which no school is suggested.
NO_SCHOOL_STAGES = frozenset({"not_yet_school_age", "beyond_school_age"})

# Gymnasium and Gesamtschule also have an upper level, but newly arrived 16-18-year-olds go to a
# Berufskolleg as a rule (FACTS neu.ifk), so only their Sek I places count here.
KIND_STAGES: dict[str, frozenset[str]] = {
    "grundschule": frozenset({"primary"}),
    "hauptschule": frozenset({"secondary_1"}),
    "realschule": frozenset({"secondary_1"}),
    "sekundarschule": frozenset({"secondary_1"}),
    "gesamtschule": frozenset({"secondary_1"}),
    "gymnasium": frozenset({"secondary_1"}),
    "berufskolleg": frozenset({"berufskolleg"}),
}

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = datetime.weekday()

# Pattern -> what to tell the person editing the file instead of the regular expression.
_PATTERNS = {
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$": 'use lower-case a-z, digits and "-", e.g. "duelmen"',
    r"^[a-z]{2,3}$": "use an ISO 639 language code such as de, ar, uk",
    r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$": "not an e-mail address",
    r"^https?://\S+$": "a web address must start with https://",
}
_SLUG, _LANG, _EMAIL, _URL = _PATTERNS
Slug = Annotated[str, StringConstraints(pattern=_SLUG)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LangCode = Annotated[str, StringConstraints(pattern=_LANG)]
Email = Annotated[str, StringConstraints(pattern=_EMAIL)]
Url = Annotated[str, StringConstraints(pattern=_URL)]

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeRange(_Model):
    """Written "08:00-12:00" in the file; the end is exclusive."""

    start: time
    end: time

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        # Unquoted 12:30 would reach us as the integer 750 (YAML 1.1 base 60); with the dash the
        # whole range stays a string, so only strings are accepted.
        if isinstance(value, dict | TimeRange):
            return value
        match = _RANGE.match(value) if isinstance(value, str) else None
        if match is None:
            raise ValueError('write a time range as "HH:MM-HH:MM", e.g. "08:00-12:00"')
        h1, m1, h2, m2 = map(int, match.groups())
        try:
            return {"start": time(h1, m1), "end": time(h2, m2)}
        except ValueError:
            raise ValueError(f"{value!r} is not a time of day (00:00 to 23:59)") from None

    def contains(self, moment: time) -> bool:
        return self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


class WeeklyHours(_Model):
    timezone: str = "Europe/Berlin"
    mon: tuple[TimeRange, ...] = ()
    tue: tuple[TimeRange, ...] = ()
    wed: tuple[TimeRange, ...] = ()
    thu: tuple[TimeRange, ...] = ()
    fri: tuple[TimeRange, ...] = ()
    sat: tuple[TimeRange, ...] = ()
    sun: tuple[TimeRange, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Berlin") from None
        return value

    def on(self, weekday: int) -> tuple[TimeRange, ...]:
        """Ranges for a `datetime.weekday()` (0 = Monday)."""
        return getattr(self, DAYS[weekday])

    def is_open(self, at: datetime) -> bool:
        # A naive datetime would silently use the server's zone, which is not the KI's.
        if at.tzinfo is None:
            raise ValueError("is_open needs a timezone-aware datetime")
        local = at.astimezone(ZoneInfo(self.timezone))
        return any(r.contains(local.time()) for r in self.on(local.weekday()))


class Address(_Model):
    street: Name
    postcode: str
    city: Name

    @field_validator("postcode", mode="before")
    @classmethod
    def _quoted_digits(cls, value: Any) -> Any:
        # Unquoted, YAML turns 48653 into a number and a leading zero into octal.
        if not isinstance(value, str) or not re.fullmatch(r"\d{5}", value):
            raise ValueError('write the postcode as five digits in quotes, e.g. "48653"')
        return value

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Point(_Model):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class KreisInfo(_Model):
    name: Name
    regierungsbezirk: Name


class KI(_Model):
    name: Name
    address: Address
    phone: Name
    email: Email
    url: Url | None = None
    counselling_hours: WeeklyHours
    example: bool = False  # the contact data are placeholders


class Authority(_Model):
    id: PlacingAuthority
    name: Name
    address: Address
    url: Url
    places: tuple[Stage, ...] = Field(min_length=1)
    example: bool = False
    source: str | None = None  # where the address was checked


class Municipality(_Model):
    id: Slug
    name: Name
    aliases: tuple[Name, ...] = ()
    centre: Point | None = None  # approximate; only orders fallback schools by distance


class InitialSupport(_Model):
    form: SupportForm
    literacy_group: bool = False
    label: str | None = None  # the local name: Deutschfördergruppe, Internationale Förderklasse…


class School(_Model):
    id: Slug
    name: Name
    kind: SchoolKind
    municipality: Slug
    stages: tuple[Stage, ...] = Field(min_length=1)
    initial_support: InitialSupport | None = None
    address: Address
    example: bool = False


class Contact(_Model):
    phone: Name | None = None
    email: Email | None = None
    url: Url | None = None
    address: Address | None = None

    @model_validator(mode="after")
    def _something(self) -> Contact:
        if not (self.phone or self.email or self.url or self.address):
            raise ValueError("give at least one of phone, email, url, address")
        return self


class Offer(_Model):
    id: Slug
    name: Name
    category: OfferCategory
    municipality: Slug | None = None  # None: the whole Kreis
    languages: tuple[LangCode, ...] = Field(min_length=1)
    contact: Contact
    description: str | None = None
    example: bool = False

    @property
    def kreis_wide(self) -> bool:
        return self.municipality is None


class Settings(_Model):
    office_hours: WeeklyHours
    reminder_after_minutes: int = Field(gt=0)


class Kreis(_Model):
    info: KreisInfo = Field(alias="kreis")
    ki: KI
    authorities: tuple[Authority, ...]
    municipalities: tuple[Municipality, ...] = Field(min_length=1)
    schools: tuple[School, ...] = ()
    offers: tuple[Offer, ...] = ()
    settings: Settings

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def regierungsbezirk(self) -> str:
        return self.info.regierungsbezirk

    def municipality(self, municipality_id: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.id == municipality_id), None)


class KreisDataError(ValueError):
    """The Kreis file cannot be used; `problems` names each one with its YAML path."""

    def __init__(self, source: str | Path, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the Kreis data:\n{lines}")


# ---------------------------------------------------------------------------------- loading


def default_kreis_path() -> Path:
    return Path(__file__).resolve().parents[1] / "content" / "kreis" / "coesfeld.yaml"


def load_kreis(path: str | Path) -> Kreis:
    """Parse and validate the structure; cross-references are `check_kreis`'s job."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KreisDataError(path, [f"cannot read the file: {exc}"]) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KreisDataError(path, [f"not valid YAML: {exc}"]) from None
    # PyYAML silently keeps the last of two equal keys, which hides a copy-and-paste slip.
    problems = list(_duplicate_keys(root, "", set()))
    if problems:
        raise KreisDataError(path, problems)
    if not isinstance(data, dict):
        raise KreisDataError(path, ["the file must be a mapping (kreis:, ki:, schools: …)"])
    try:
        return Kreis.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    # Pydantic also calls a list too short when its only item failed; the item's error says more.
    errors = [
        e
        for e in errors
        if e["type"] != "too_short"
        or not any(o is not e and o["loc"][: len(e["loc"])] == e["loc"] for o in errors)
    ]
    raise KreisDataError(path, [_describe(e, root) for e in errors])


def _duplicate_keys(node: yaml.Node | None, path: str, seen: set[int]) -> Iterable[str]:
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        lines: dict[str, int] = {}
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in lines:
                yield f"{_join(path, name)} (lines {lines[name]} and {line}): key appears twice"
            lines[name] = line
            yield from _duplicate_keys(value, _join(path, name), seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{i}]", seen)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_MESSAGES = {"extra_forbidden": "unknown key (a typo?)", "missing": "required key is missing"}


def _describe(error: Any, root: yaml.Node) -> str:
    path, node, item_id = "", root, None
    for part in error["loc"]:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, str(part))
        node = _child(node, part)
        if isinstance(part, int) and (id_node := _child(node, "id")) is not node:
            item_id = id_node.value  # names the school or offer, so a KI finds it quickly
    where = f"line {node.start_mark.line + 1}" + (f', id "{item_id}"' if item_id else "")
    message = _MESSAGES.get(error["type"], error["msg"].removeprefix("Value error, "))
    if error["type"] == "string_pattern_mismatch":
        message = _PATTERNS.get(error["ctx"]["pattern"], message)
    return f"{path or '(top level)'} ({where}): {message}"


def _child(node: yaml.Node, part: str | int) -> yaml.Node:
    # Stay on the deepest node that exists, so a missing key points at its parent's line.
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == part), node)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return node


# ----------------------------------------------------------------------------------- checks


def check_kreis(kreis: Kreis) -> list[str]:
    """Problems a schema cannot see. Entries starting with "warning: " do not block use."""
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
    cldr = Locale("en").languages
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
    problems += _check_hours("ki.counselling_hours", kreis.ki.counselling_hours, required=False)
    problems += _check_hours("settings.office_hours", kreis.settings.office_hours, required=True)
    problems += _example_warning(kreis)
    return problems


def _check_names(kreis: Kreis) -> list[str]:
    owner: dict[str, str] = {}
    problems = []
    for i, m in enumerate(kreis.municipalities):
        for j, spelling in enumerate((m.id, m.name, *m.aliases)):
            other = owner.setdefault(_fold(spelling), m.id)
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


# ---------------------------------------------------------------------------------- lookups

_NOISE = frozenset({"stadt", "gemeinde", "ortsteil", "ot", "in", "bei"})


def _fold(text: str) -> str:
    """ "Dülmen", "DUELMEN" and "dulmen" all become "dulmen"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def find_municipality(kreis: Kreis, typed: str) -> Municipality | None:
    """Match a typed answer on id, name or alias, ignoring case, umlauts, spaces and hyphens."""
    index = {_fold(s): m for m in kreis.municipalities for s in (m.id, m.name, *m.aliases)}
    index.pop("", None)
    if hit := index.get(_fold(typed)):
        return hit
    if _fold(typed) == _fold(kreis.name):  # "Kreis Coesfeld" is not the town Coesfeld
        return None
    words = [w for w in re.split(r"[\W_]+", typed) if w and w.casefold() not in _NOISE]
    if hit := index.get(_fold("".join(words))):  # "Stadt Dülmen"
        return hit
    # "Dülmen-Buldern", "Buldern (Dülmen)": every recognised word must agree.
    found = {id(m): m for w in words if (m := index.get(_fold(w))) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def _distance_km(a: Point | None, b: Point | None) -> float:
    if a is None or b is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def support_places(
    kreis: Kreis, municipality_id: str, stage: str, *, literacy_group: bool = False
) -> list[School]:
    """Schools with initial support for `stage`, best first.

    Own municipality first, then the others by distance between municipality centres (a
    Berufskolleg serves the whole Kreis, so for it this is simply the Kreis list). A requested
    literacy group outranks distance but never the own municipality: a short way to school
    matters most for young children. An unknown municipality id gives an empty list.
    """
    if stage in NO_SCHOOL_STAGES:
        return []
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    home = kreis.municipality(municipality_id)
    if home is None:
        # A stored answer can outlive its municipality in an edited file; suggest nothing
        # rather than a school chosen without knowing where the family lives.
        return []
    centres = {m.id: m.centre for m in kreis.municipalities}

    def rank(entry: tuple[int, School]) -> tuple[bool, bool, float, int]:
        i, school = entry
        has_literacy = bool(school.initial_support and school.initial_support.literacy_group)
        away = school.municipality != home.id
        distance = 0.0 if not away else _distance_km(home.centre, centres.get(school.municipality))
        return away, literacy_group and not has_literacy, distance, i

    candidates = [
        (i, s)
        for i, s in enumerate(kreis.schools)
        if stage in s.stages and s.initial_support is not None
    ]
    return [school for _, school in sorted(candidates, key=rank)]


def authority_for(kreis: Kreis, placing_authority: str) -> Authority:
    """The authority that assigns the place: "schulamt" or "bezirksregierung"."""
    if placing_authority not in get_args(PlacingAuthority):
        raise ValueError(f"unknown placing authority {placing_authority!r}")
    for authority in kreis.authorities:
        if authority.id == placing_authority:
            return authority
    raise LookupError(f"the Kreis data has no authority {placing_authority!r}")
