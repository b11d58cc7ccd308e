"""The offers directory for volunteers: `/angebote Dülmen Hausaufgaben arabisch` in a group
and `@bot Angebote …` inline search the Kreis file's offers by municipality, kind and language
(in any order, each optional); expired offers are left out; long lists are paged.

A search with at least one criterion that finds nothing is demand the KI must see: the outcome
names its criteria (never who asked) for the shell to count in its month.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dialogs.kreis import Kreis, Offer, find_municipality
from dialogs.reply import Button, Reply
from dialogs.text import Raw, language_name

PAGE = 5
KINDS: dict[str, str] = {
    "german_course": "Deutschkurs",
    "homework_help": "Hausaufgabenhilfe",
    "but_advice": "Beratung Bildung und Teilhabe",
    "migration_counselling": "Migrationsberatung",
    "other": "Sonstiges",
}
# Words a volunteer types for a kind (folded: lower case, no umlauts).
_KIND_WORDS: dict[str, str] = {
    "deutschkurs": "german_course",
    "deutsch": "german_course",
    "sprachkurs": "german_course",
    "integrationskurs": "german_course",
    "hausaufgaben": "homework_help",
    "hausaufgabenhilfe": "homework_help",
    "nachhilfe": "homework_help",
    "but": "but_advice",
    "teilhabe": "but_advice",
    "migrationsberatung": "migration_counselling",
    "beratung": "migration_counselling",
    "sonstiges": "other",
}
GENERAL = frozenset({"angebote", "angebot", "offers"})


def kind_of(word: str) -> str | None:
    """A kind typed as its German label ("Hausaufgabenhilfe") or a short word ("Nachhilfe")."""
    folded = _fold(word)
    by_label = {_fold(label): kind for kind, label in KINDS.items()}
    return by_label.get(folded) or _KIND_WORDS.get(folded)


@dataclass(frozen=True)
class Search:
    kind: str | None = None
    municipality: str | None = None  # id
    language: str | None = None

    @property
    def empty(self) -> bool:
        return self.kind is None and self.municipality is None and self.language is None

    def pack(self, page: int) -> str:
        """Button action for a page of this search (`o.<kind>.<municipality>.<language>.<n>`)."""
        parts = (self.kind or "-", self.municipality or "-", self.language or "-", str(page))
        return "o." + ".".join(parts)


def unpack(action: str) -> tuple[Search, int] | None:
    parts = action.split(".")
    if len(parts) != 5 or parts[0] != "o" or not parts[4].isdigit():
        return None
    kind, municipality, language = (None if p == "-" else p for p in parts[1:4])
    if kind is not None and kind not in KINDS:
        return None
    return Search(kind, municipality, language), int(parts[4])


def _fold(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.casefold())
    text = "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def parse(words: str, kreis: Kreis, languages: dict[str, str]) -> Search:
    """`languages`: folded word → code (`info.language_words`); unknown words are ignored."""
    kind = municipality = language = None
    for word in words.split():
        folded = _fold(word)
        if folded in GENERAL:
            continue
        if kind is None and folded in _KIND_WORDS:
            kind = _KIND_WORDS[folded]
        elif municipality is None and (place := find_municipality(kreis, word)) is not None:
            municipality = place.id
        elif language is None and folded in languages:
            language = languages[folded]
    return Search(kind, municipality, language)


def find(search: Search, kreis: Kreis, today: date, added: Sequence[Offer] = ()) -> list[Offer]:
    """Matching offers (the Kreis file's and those the counsellors `added`) still valid
    today; an offer for the whole Kreis matches every municipality. Local offers first."""
    found = [
        o
        for o in (*kreis.offers, *added)
        if o.valid_on(today)
        and (search.kind is None or o.category == search.kind)
        and (search.municipality is None or o.municipality in {None, search.municipality})
        and (search.language is None or search.language in o.languages)
    ]
    return sorted(found, key=lambda o: (o.municipality is None, o.name))


def reach(offer: Offer) -> list[str]:
    """How to reach an offer: address, phone, e-mail, web — those it has."""
    contact = offer.contact
    address = contact.address
    parts = [
        f"{address.street}, {address.postcode} {address.city}" if address else None,
        contact.phone,
        contact.email,
        contact.url,
    ]
    return [str(p) for p in parts if p]


def describe(offer: Offer, kreis: Kreis) -> str:
    places = {m.id: m.name for m in kreis.municipalities}
    where = places.get(offer.municipality or "", "ganzer Kreis")
    lines = [f"• {offer.name}", f"  {KINDS[offer.category]} · {where}"]
    if offer.description:
        lines.append(f"  {offer.description}")
    if offer.target_group:
        lines.append(f"  Für: {offer.target_group}")
    if offer.times:
        lines.append(f"  Zeiten: {offer.times}")
    spoken = ", ".join(language_name(code, "de") for code in offer.languages)
    lines.append(f"  Sprachen: {spoken}")
    lines.append("  " + " · ".join(reach(offer)))
    if offer.valid_until:
        lines.append(f"  bis {offer.valid_until:%d.%m.%Y}")
    return "\n".join(lines)


def _criteria(search: Search, kreis: Kreis) -> str:
    places = {m.id: m.name for m in kreis.municipalities}
    named = [
        KINDS[search.kind] if search.kind else None,
        places.get(search.municipality, search.municipality) if search.municipality else None,
        language_name(search.language, "de") if search.language else None,
    ]
    return ", ".join(n for n in named if n) or "alle"


def page(
    search: Search, number: int, kreis: Kreis, today: date, added: Sequence[Offer] = ()
) -> tuple[Reply, bool]:
    """One page of results (replacing the pressed page), and whether the search found nothing
    (with criteria: demand to remember)."""
    found = find(search, kreis, today, added)
    head = f"🔎 Angebote ({_criteria(search, kreis)}): {len(found)}"
    if not found:
        hint = "\nNichts gefunden. Das Beratungsteam sieht, wonach gesucht wurde (ohne Namen)."
        return Reply(Raw(head + hint), replace=True), not search.empty
    pages = (len(found) + PAGE - 1) // PAGE
    number = min(max(number, 0), pages - 1)
    shown = found[number * PAGE : (number + 1) * PAGE]
    text = "\n\n".join(
        [head + f" · Seite {number + 1}/{pages}", *(describe(o, kreis) for o in shown)]
    )
    nav = []
    if number > 0:
        nav.append(Button(Raw("◀ Zurück"), search.pack(number - 1)))
    if number + 1 < pages:
        nav.append(Button(Raw("Weiter ▶"), search.pack(number + 1)))
    return Reply(Raw(text), (tuple(nav),) if nav else (), replace=True), False


USAGE = "Zum Beispiel: /angebote Dülmen Hausaufgaben arabisch (Gemeinde, Art, Sprache)."
