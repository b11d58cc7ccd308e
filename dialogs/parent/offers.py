"""Offers near the family (language courses, homework help, counselling …): the family picks
its municipality and a kind, and reads the offers with their fixed fields in its language.
The offers' own words (name, description, times, for whom) stay as the KI wrote them.

Offers speaking the family's language come first. A search that finds nothing is reported as
demand (`SearchedOffers`): kind, municipality and language only, never the family.
"""

from __future__ import annotations

from dialogs.kreis import Offer
from dialogs.parent.outcome import SearchedOffers
from dialogs.parent.state import FlowContext
from dialogs.reply import Button, Reply, buttons_in_rows
from dialogs.text import LanguageName, Lines, Raw, Text, _, lines
from dialogs.volunteers.offers import Search, find, reach

PAGE = 4


def kind_label(kind: str) -> Text:
    labels = {
        "german_course": _("Deutschkurs"),
        "homework_help": _("Hausaufgabenhilfe"),
        "but_advice": _("Beratung Bildung und Teilhabe (BuT)"),
        "migration_counselling": _("Migrationsberatung"),
        "other": _("Sonstiges"),
    }
    return labels.get(kind, labels["other"])


KINDS = ("german_course", "homework_help", "but_advice", "migration_counselling", "other")


def button() -> Button:
    return Button(_("🧭 Angebote in der Nähe"), "of")


def pick_place(ctx: FlowContext) -> Reply:
    places = [Button(Raw(m.name), f"of.{m.id}") for m in ctx.kreis.municipalities]
    return Reply(_("In welcher Gemeinde suchen Sie Angebote?"), buttons_in_rows(places, 2))


def pick_kind(place: str) -> Reply:
    kinds = [Button(kind_label(k), f"of.{place}.{k}.0") for k in KINDS]
    everything = Button(_("Alle Angebote"), f"of.{place}.all.0")
    return Reply(_("Welche Art von Angebot?"), (*buttons_in_rows(kinds, 1), (everything,)), True)


def _card(offer: Offer, ctx: FlowContext) -> Lines:
    places = {m.id: m.name for m in ctx.kreis.municipalities}
    where: Text | Raw = (
        Raw(places[offer.municipality]) if offer.municipality in places else (_("ganzer Kreis"))
    )
    spoken = [LanguageName(code) for code in offer.languages]
    return lines(
        Raw(f"• {offer.name}"),
        lines(kind_label(offer.category), where, sep=" · "),
        Raw(offer.description) if offer.description else None,
        _("Für: {group}", group=offer.target_group) if offer.target_group else None,
        _("Zeiten: {times}", times=offer.times) if offer.times else None,
        _("Sprachen: {languages}", languages=lines(*spoken, sep=", ")),
        Raw(" · ".join(reach(offer))),
        _("Bis {date}", date=offer.valid_until) if offer.valid_until else None,
    )


def results(
    ctx: FlowContext, locale: str, place: str, kind: str, page: int, added: tuple[Offer, ...]
) -> tuple[Reply, SearchedOffers | None] | None:
    """A page of offers (None for a stale button); the demand effect when nothing matched."""
    names = {m.id: m.name for m in ctx.kreis.municipalities}
    if place not in names or (kind != "all" and kind not in KINDS):
        return None
    search = Search(None if kind == "all" else kind, place, None)
    found = find(search, ctx.kreis, ctx.today, added)
    # Offers in the family's own language first, the rest after (German courses are in German).
    found.sort(key=lambda o: locale not in o.languages)
    if not found:
        text = _(
            "Leider gibt es dort zurzeit kein solches Angebot. Das Beratungsteam erfährt, "
            "dass danach gesucht wurde (ohne Ihren Namen)."
        )
        demand = SearchedOffers(search.kind, place, locale)
        return Reply(text, ((Button(_("⬅️ Zurück"), f"of.{place}"),),), replace=True), demand
    pages = (len(found) + PAGE - 1) // PAGE
    page = min(max(page, 0), pages - 1)
    shown = found[page * PAGE : (page + 1) * PAGE]
    head = _("Angebote in {place}: {n}", place=names[place], n=len(found))
    nav = [Button(_("⬅️ Zurück"), f"of.{place}" if page == 0 else f"of.{place}.{kind}.{page - 1}")]
    if page + 1 < pages:
        nav.append(Button(_("➡️ Weitere Angebote"), f"of.{place}.{kind}.{page + 1}"))
    text = lines(head, *(_card(o, ctx) for o in shown), sep="\n\n")
    return Reply(text, (tuple(nav),), replace=True), None
