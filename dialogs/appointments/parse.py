"""`/termin` as counsellors type it, read into an offer (German errors, staff text).

    /termin 3.12. 10:00, 4.12. 14:30; ki; dolmetscher; kinder 1,2

Times are on the Kreis's clock (Europe/Berlin) and kept in UTC; a date without a year is the
next such day from today. The place is an id or name from the Kreis data (`ki`, `schulamt`, a
school) or free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from dialogs.appointments.model import MAX_SLOTS
from dialogs.kreis import Kreis
from dialogs.kreis.model import Address
from dialogs.kreis.places import fold
from dialogs.moments import TIMEZONE

USAGE = (
    "So geht es: /termin <Datum Uhrzeit>[, <Datum Uhrzeit>, …]; <Ort>; [dolmetscher]; "
    "[kinder 1,2] – z. B. /termin 3.12. 10:00, 4.12. 14:30; ki; dolmetscher. "
    "Ort: ki, schulamt, bezirksregierung, das Kürzel einer Schule oder freier Text. "
    "Außerdem: /termin verschieben, /termin absagen, /termin stattgefunden, /termin verpasst"
)

MOVE_USAGE = (
    "So geht es: /termin verschieben 5.12. 11:00  oder  /termin verschieben 5.12. 11:00; ki"
)

_SLOT = re.compile(
    r"^\s*(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2,4})?\s*(?:um\s*)?"
    r"(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?:uhr)?\s*$",
    re.IGNORECASE,
)
_INTERPRETER = re.compile(r"^(mit\s+)?(dolmetsch\w*|sprachmittl\w*)(\s+ja)?$", re.IGNORECASE)
_NO_INTERPRETER = re.compile(
    r"^(ohne\s+(dolmetsch\w*|sprachmittl\w*)|(dolmetsch\w*|sprachmittl\w*)\s+nein)$", re.I
)
_CHILDREN = re.compile(r"^kind(?:er)?\s+(?P<n>[\d ,]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class OfferRequest:
    times: tuple[datetime, ...]
    place: str
    interpreter: bool
    children: tuple[int, ...]


def parse_offer(args: str, *, now: datetime, kreis: Kreis, children: int) -> OfferRequest | str:
    """The offer, or what is wrong with it (German, for the counsellor)."""
    segments = [s.strip() for s in args.split(";")]
    if not segments or not segments[0]:
        return USAGE
    times: list[datetime] = []
    for written in segments[0].split(","):
        at = _slot(written, now)
        if isinstance(at, str):
            return at
        times.append(at)
    if len(times) > MAX_SLOTS:
        return f"Höchstens {MAX_SLOTS} Termine auf einmal. {USAGE}"
    if len(set(times)) < len(times):
        return "Ein Termin steht doppelt da."
    place: str | None = None
    interpreter = False
    chosen: tuple[int, ...] = ()
    for segment in segments[1:]:
        if not segment:
            continue
        if _INTERPRETER.match(segment):
            interpreter = True
        elif _NO_INTERPRETER.match(segment):
            interpreter = False
        elif m := _CHILDREN.match(segment):
            numbers = sorted({int(n) for n in re.split(r"[ ,]+", m["n"].strip()) if n})
            if not numbers or numbers[0] < 1 or numbers[-1] > max(children, 1):
                return f"Der Fall hat {max(children, 1)} Kind(er): z. B. „kinder 1,2“."
            chosen = tuple(numbers)
        elif place is None:
            place = resolve_place(segment, kreis)
        else:
            return f"Zwei Orte angegeben („{place}“, „{segment}“). {USAGE}"
    if place is None:
        return f"Wo? Bitte einen Ort angeben. {USAGE}"
    if chosen == tuple(range(1, children + 1)):
        chosen = ()  # all of them, said the short way
    return OfferRequest(tuple(times), place, interpreter, chosen)


def parse_move(args: str, *, now: datetime, kreis: Kreis) -> tuple[datetime, str | None] | str:
    """`5.12. 11:00[; Ort]`: the new time and, if given, the new place."""
    written, _sep, place = args.partition(";")
    if not written.strip():
        return MOVE_USAGE
    at = _slot(written, now)
    if isinstance(at, str):
        return f"{at} {MOVE_USAGE}"
    return at, resolve_place(place, kreis) if place.strip() else None


def _slot(written: str, now: datetime) -> datetime | str:
    m = _SLOT.match(written)
    if m is None:
        return f"„{written.strip()}“ ist kein Termin (Datum und Uhrzeit, z. B. 3.12. 10:00)."
    today = now.astimezone(TIMEZONE).date()
    year = int(m["y"]) if m["y"] else today.year
    if m["y"] and year < 100:
        year += 2000
    try:
        day = date(year, int(m["m"]), int(m["d"]))
        clock = time(int(m["h"]), int(m["min"] or 0))
    except ValueError:
        return f"„{written.strip()}“ gibt es nicht im Kalender."
    if not m["y"] and day < today:
        day = day.replace(year=year + 1)
    at = datetime.combine(day, clock, tzinfo=TIMEZONE).astimezone(UTC)
    if at <= now:
        return f"„{written.strip()}“ liegt in der Vergangenheit."
    return at


def _address(address: Address) -> str:
    return f"{address.street}, {address.postcode} {address.city}"


def resolve_place(typed: str, kreis: Kreis) -> str:
    """A place from the Kreis data as name and address, or the typed text as it is."""
    key = fold(typed)
    if key in {"ki", "buero", "buro", fold(kreis.ki.name)}:
        return f"{kreis.ki.name}, {_address(kreis.ki.address)}"
    for authority in kreis.authorities:
        if key in {fold(authority.id), fold(authority.name)}:
            return f"{authority.name}, {_address(authority.address)}"
    for school in kreis.schools:
        if key in {fold(school.id), fold(school.name)}:
            return f"{school.name}, {_address(school.address)}"
    return " ".join(typed.split())
