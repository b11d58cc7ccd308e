"""Lookups in the Kreis data: a typed place name, the schools with initial support, authorities.

The school authority decides placement (FACTS neu.place), so `support_places` only orders the
candidates that counsellors and parents can ask about.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import get_args

from dialogs.kreis.model import (
    STAGES,
    Authority,
    Kreis,
    Municipality,
    PlacingAuthority,
    Point,
    School,
)

# Stages the assessment can return for which no school is suggested.
NO_SCHOOL_STAGES = frozenset({"not_yet_school_age", "beyond_school_age"})

_NOISE = frozenset({"stadt", "gemeinde", "ortsteil", "ot", "in", "bei"})


def fold(text: str) -> str:
    """ "Dülmen", "DUELMEN" and "dulmen" all become "dulmen"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def find_municipality(kreis: Kreis, typed: str) -> Municipality | None:
    """Match a typed answer on id, name or alias, ignoring case, umlauts, spaces and hyphens."""
    index = {fold(s): m for m in kreis.municipalities for s in (m.id, m.name, *m.aliases)}
    index.pop("", None)
    if hit := index.get(fold(typed)):
        return hit
    if fold(typed) == fold(kreis.name):  # "Kreis Coesfeld" is not the town Coesfeld
        return None
    words = [w for w in re.split(r"[\W_]+", typed) if w and w.casefold() not in _NOISE]
    if hit := index.get(fold("".join(words))):  # "Stadt Dülmen"
        return hit
    # "Dülmen-Buldern", "Buldern (Dülmen)": every recognised word must agree.
    found = {id(m): m for w in words if (m := index.get(fold(w))) is not None}
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
