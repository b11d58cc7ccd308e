"""Offers the counsellors add in the staff group, beside the Kreis file's: `/angebot_neu`
(one line, `;`-separated), `/angebot_aendern <Nr>; …` (the same form, replacing the offer) and
`/angebot_weg <Nr>` (retired: no longer found). Parsed here into the Kreis file's `Offer`, so
the directory searches both alike."""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError

from dialogs.kreis import Kreis, Offer, find_municipality
from dialogs.reply import Reply
from dialogs.text import Raw
from dialogs.volunteers.offers import KINDS, kind_of

FORM = (
    "/angebot_neu Titel; Art; Gemeinde oder Kreis; Sprachen; Kontakt"
    " [; Zeiten [; Zielgruppe [; gültig bis TT.MM.JJJJ]]]\n"
    f"Arten: {', '.join(KINDS.values())} (oder: Deutschkurs, Hausaufgaben, BuT, Beratung)\n"
    "Beispiel: /angebot_neu Elterncafé; Sonstiges; Dülmen; de ar tr; 02594 123456;"
    " Di 10-12 Uhr; Eltern; 31.07.2027"
)
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def staff_offer_id(number: int) -> str:
    """The id a counsellor's offer is shown and typed with ("k3"), apart from the file's."""
    return f"k{number}"


def parse(args: str, kreis: Kreis, languages: dict[str, str], number: int) -> Offer | Reply:
    """The form as an offer numbered `number`; a German Reply says what is wrong."""
    parts = [p.strip() for p in args.split(";")]
    if len(parts) < 5 or len(parts) > 8 or not all(parts[:5]):
        return Reply(Raw(f"Bitte so:\n{FORM}"))
    name, kind_word, where, spoken, contact, *rest = parts
    kind = kind_of(kind_word)
    if kind is None:
        return Reply(Raw(f"Unbekannte Art „{kind_word}“.\n{FORM}"))
    municipality = None
    if where.casefold() not in {"kreis", "ganzer kreis", kreis.name.casefold()}:
        place = find_municipality(kreis, where)
        if place is None:
            known = ", ".join(m.name for m in kreis.municipalities)
            return Reply(Raw(f"Unbekannte Gemeinde „{where}“. Gemeinden: {known}, oder Kreis"))
        municipality = place.id
    codes = [languages.get(w.casefold(), w.casefold()) for w in re.split(r"[\s,]+", spoken) if w]
    unknown = [c for c in codes if c not in set(languages.values())]
    if unknown or not codes:
        return Reply(Raw(f"Unbekannte Sprache: {', '.join(unknown) or '–'} (Kürzel wie de ar uk)"))
    times, target, until = [*rest, None, None, None][:3]
    valid_until = None
    if until:
        found = _DATE.match(until)
        try:
            valid_until = date(int(found[3]), int(found[2]), int(found[1])) if found else None
        except ValueError:
            valid_until = None
        if valid_until is None:
            return Reply(Raw(f"„{until}“ ist kein Datum (TT.MM.JJJJ)."))
    try:
        return Offer(
            id=staff_offer_id(number),
            name=name,
            category=kind,  # type: ignore[arg-type]
            municipality=municipality,
            languages=tuple(dict.fromkeys(codes)),
            contact=_contact(contact),  # type: ignore[arg-type]
            times=times or None,
            target_group=target or None,
            valid_until=valid_until,
        )
    except ValidationError as exc:
        return Reply(Raw(f"Nicht gespeichert: {exc.errors()[0]['msg']}\n{FORM}"))


def _contact(text: str) -> dict[str, str]:
    if re.match(r"^https?://\S+$", text):
        return {"url": text}
    if "@" in text and " " not in text:
        return {"email": text}
    return {"phone": text}


def saved(offer: Offer, *, changed: bool) -> Reply:
    verb = "geändert" if changed else "gespeichert"
    return Reply(
        Raw(
            f"Angebot {offer.id} {verb}: {offer.name}\n"
            f"Ändern: /angebot_aendern {offer.id.removeprefix('k')}; …  ·  "
            f"Zurückziehen: /angebot_weg {offer.id.removeprefix('k')}"
        )
    )


def number_of(text: str) -> int | None:
    """`3`, `k3` or `#3`."""
    head = text.strip().lstrip("#").removeprefix("k")
    return int(head) if head.isdigit() else None
