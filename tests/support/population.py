"""Generated cases for report tests and the scale benchmark: a seeded population written
straight into the tables, with every fact kept in plain Python so tests know the answers.

Cases are spread over a date range (UTC); children carry answers and an estimate shaped like
the real intake's (`answers`, `assessment` with `input.on`), counsellors' answers, overrides
and "Schulplatz gefunden" templates are audit entries as the staff desk writes them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text

from storage.db import Database
from storage.models import AuditEntry, Case, CaseNote

MUNICIPALITIES = ("duelmen", "coesfeld", "luedinghausen", "senden", "nottuln", "olfen")
LOCALES = ("ar", "uk", "fa", "tr", "ru", "ps", "de", "ti")
STAGES = ("not_yet_school_age", "primary", "secondary_1", "berufskolleg", "beyond_school_age")
AGES = {
    "not_yet_school_age": (4, 5),
    "primary": (6, 9),
    "secondary_1": (10, 15),
    "berufskolleg": (16, 17),
    "beyond_school_age": (18, 20),
}
SUPPORTS = (("german_support",), ("german_support", "latin_script"), ("literacy_group",), ())
NAMES = {
    "ar": ("أمينة", "Amina"),
    "fa": ("زهرا", "Zahra"),
    "ps": ("ملالۍ", "Malalai"),
    "uk": ("Олександр", "Oleksandr"),
    "ru": ("Ольга", "Olga"),
    "ti": ("ሰላም", "Selam"),
}
COUNSELLOR = 9001
STAFF_CHAT = -1001000000001


def topic_of(case_id: int) -> int:
    return case_id * 3 + 1


@dataclass
class GenChild:
    first_name: str
    first_name_latin: str | None
    birth: date
    municipality: str | None  # id; None in a reception centre
    stage: str
    support: tuple[str, ...]
    age: int
    submitted: date
    interpreter: bool
    consent: bool | None

    def stored(self) -> dict[str, Any]:
        answers: dict[str, Any] = {
            "first_name": self.first_name,
            "birth_date": self.birth.isoformat(),
            "country_of_origin": "SY",
            "lives_in": "municipality" if self.municipality else "reception_centre",
            "home_languages": ["ar"],
            "school_years_abroad": 2,
            "literacy": "other_script",
            "german": "none",
            "english": "none",
            "contact_preference": "phone_interpreter" if self.interpreter else "telegram",
            "share_consent": self.consent,
        }
        if self.first_name_latin:
            answers["first_name_latin"] = self.first_name_latin
        if self.municipality:
            answers["municipality"] = self.municipality
        assessment = {
            "stage": self.stage,
            "school_obligation": "yes",
            "support": list(self.support),
            "placing_authority": "schulamt",
            "grade_band": None,
            "reasons": ["sp.who", "neu.goal"],
            "age": self.age,
            "explanation": "Automatisch erzeugter Testfall.",
            "input": {"birth_date": self.birth.isoformat(), "on": self.submitted.isoformat()},
        }
        return {"answers": answers, "assessment": assessment}


@dataclass
class GenCase:
    id: int
    locale: str
    created_at: datetime
    status: str
    closed_at: datetime | None
    children: list[GenChild]
    municipality_name: str | None
    overrides: dict[int, str] = field(default_factory=dict)  # child number → stage
    override_at: datetime | None = None
    first_answer_at: datetime | None = None
    places: list[datetime] = field(default_factory=list)


def _child(rng: random.Random, locale: str, created: datetime) -> GenChild:
    stage = rng.choices(STAGES, weights=(1, 4, 4, 2, 1))[0]
    low, high = AGES[stage]
    age = rng.randint(low, high)
    native, latin = NAMES.get(locale, ("Amira", None))
    submitted = created.date()
    return GenChild(
        first_name=native,
        first_name_latin=latin,
        birth=date(submitted.year - age, 1, 15),
        municipality=None if rng.random() < 0.08 else rng.choice(MUNICIPALITIES),
        stage=stage,
        support=rng.choice(SUPPORTS),
        age=age,
        submitted=submitted,
        interpreter=rng.random() < 0.2,
        consent=rng.choice((True, True, False, None)),
    )


def generate(
    n: int, *, seed: int, start: datetime, days: int, settle_after_days: int | None = None
) -> list[GenCase]:
    """`n` cases opened between `start` and `start + days` (UTC). With `settle_after_days`,
    cases opened earlier than that before the end are closed, as in a Kreis after a few years
    (the benchmark's population); without it, a quarter of all cases stay open."""
    rng = random.Random(seed)
    end = start + timedelta(days=days)
    result = []
    for case_id in range(1, n + 1):
        created = start + timedelta(seconds=rng.randrange(days * 86400))
        locale = rng.choice(LOCALES)
        kids = [] if rng.random() < 0.1 else [_child(rng, locale, created)]
        while kids and rng.random() < 0.25 and len(kids) < 4:
            kids.append(_child(rng, locale, created))
        status = rng.choice(("open", "claimed", "closed", "closed"))
        if settle_after_days is not None and end - created > timedelta(days=settle_after_days):
            status = "closed"
        closed = created + timedelta(hours=rng.randint(2, 24 * 60)) if status == "closed" else None
        first = kids[0] if kids else None
        case = GenCase(
            id=case_id,
            locale=locale,
            created_at=created,
            status=status,
            closed_at=closed,
            children=kids,
            municipality_name=None,
            first_answer_at=created + timedelta(minutes=rng.randint(5, 72 * 60))
            if rng.random() < 0.8
            else None,
        )
        if first is not None and first.municipality:
            case.municipality_name = first.municipality.capitalize()
        if kids and rng.random() < 0.15:
            number = rng.randint(1, len(kids))
            case.overrides[number] = rng.choice(("primary", "secondary_1", "berufskolleg"))
            case.override_at = created + timedelta(hours=rng.randint(1, 400))
        if kids and rng.random() < 0.3:
            case.places.append(created + timedelta(days=rng.randint(1, 60)))
        result.append(case)
    return result


def _rows(cases: Sequence[GenCase]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    case_rows, audit_rows = [], []
    for c in cases:
        override = {
            str(n): {"stage": s, "reason": "Zeugnis", "by": "Anna", "at": "01.10.2026"}
            for n, s in c.overrides.items()
        }
        case_rows.append(
            {
                "id": c.id,
                "family_id": None,
                "status": c.status,
                "locale": c.locale,
                "municipality": c.municipality_name,
                "age": c.children[0].age if c.children else None,
                "children": [k.stored() for k in c.children] or None,
                "created_at": c.created_at,
                "updated_at": c.created_at,
                "closed_at": c.closed_at,
                "claimed_by": COUNSELLOR if c.status != "open" else None,
                "staff_chat_id": STAFF_CHAT,
                "topic_id": topic_of(c.id),
                "override": override or None,
            }
        )

        def event(action: str, at: datetime, detail: str | None = None, case: GenCase = c) -> None:
            audit_rows.append(
                {"at": at, "actor_id": COUNSELLOR, "action": action, "case_id": case.id,
                 "detail": detail}
            )  # fmt: skip

        event("case_opened", c.created_at)
        if c.first_answer_at is not None:
            event("reply", c.first_answer_at)
            event("reply", c.first_answer_at + timedelta(hours=5))
        for number, stage in c.overrides.items():
            assert c.override_at is not None
            event("override", c.override_at, f"{stage} child={number}")
        for at in c.places:
            event("template", at, "place")
            event("template", at + timedelta(minutes=1), "docs")
    return case_rows, audit_rows


async def insert_population(db: Database, cases: Sequence[GenCase], *, batch: int = 2000) -> None:
    """Rows as the bot writes them (children and overrides encrypted by the column type)."""
    for i in range(0, len(cases), batch):
        case_rows, audit_rows = _rows(cases[i : i + batch])
        async with db.transaction() as tx:
            await tx.execute(insert(Case), case_rows)
            await tx.execute(insert(AuditEntry), audit_rows)
    if db.engine.dialect.name == "postgresql":
        async with db.transaction() as tx:
            await tx.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('cases', 'id'), "
                    "(SELECT max(id) FROM cases))"
                )
            )


async def add_note(db: Database, case_id: int, text: str, by: str = "Anna") -> None:
    async with db.transaction() as tx:
        await tx.execute(
            insert(CaseNote),
            [{"case_id": case_id, "author_id": COUNSELLOR, "body": {"text": text, "by": by},
              "created_at": datetime.now(UTC)}],
        )  # fmt: skip
