"""The shape of the Kreis data file, as frozen pydantic models with their validators.

Models forbid unknown keys (in a file edited by hand an unknown key is a typo, not an
extension) and their messages are written for the KI staff who edit the YAML. What a schema
cannot see (cross-references, coverage, time ranges) is checked in `dialogs.kreis.check_kreis`.
Import these names from `dialogs.kreis`, the public module.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
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

# Pattern -> what to tell the person editing the file instead of the regular expression;
# dialogs.kreis.yaml_paths looks the hint up when a value does not match.
PATTERN_HINTS = {
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$": 'use lower-case a-z, digits and "-", e.g. "duelmen"',
    r"^[a-z]{2,3}$": "use an ISO 639 language code such as de, ar, uk",
    r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$": "not an e-mail address",
    r"^https?://\S+$": "a web address must start with https://",
}
_SLUG, _LANG, _EMAIL, _URL = PATTERN_HINTS
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
    times: str | None = None  # "Mo und Mi 15-17 Uhr", as the provider writes it
    target_group: str | None = None  # "Eltern mit kleinen Kindern", "Schülerinnen Kl. 5-10"
    valid_until: date | None = None  # the offer disappears after this day
    example: bool = False

    @property
    def kreis_wide(self) -> bool:
        return self.municipality is None

    def valid_on(self, day: date) -> bool:
        return self.valid_until is None or day <= self.valid_until


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
