"""Every figure of the monthly report, defined once: its title, columns and how it is counted.

The Markdown table, the CSV, the charts (`bot/reports/`) and the tests all read `FIGURES`, so a
figure cannot mean one thing in the table and another in its chart. Each `compute` is a pure
function of one month's `MonthData`; it returns the table's rows, or None when the figure's
source is not recorded yet (its table then says NOT_RECORDED instead of an invented zero).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from dialogs.german_terms import STAGE_DE, SUPPORT_DE
from dialogs.report.cells import Cell, Count, Median
from dialogs.report.facts import AGE_BANDS, SCHOOL_STAGES, UNKNOWN, CaseFacts, ChildFacts
from dialogs.report.month import local_date
from dialogs.report.sources import MonthData
from dialogs.text import language_name

Rows = tuple[tuple[Cell, ...], ...]
NOT_RECORDED = "noch nicht erfasst"
STAGE_ORDER = tuple(STAGE_DE)


@dataclass(frozen=True)
class Figure:
    key: str  # stable: file names of charts, CSV rows, tests
    section: str
    title: str
    columns: tuple[str, ...]
    compute: Callable[[MonthData], Rows | None]
    note: str | None = None
    chart: bool = False  # a bar chart of the first count by the row's labels
    # Row labels shown with "—" while the figure's source is not recorded yet.
    placeholder_rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    figure: Figure
    rows: Rows
    recorded: bool = True


def report(data: MonthData) -> list[Table]:
    tables = []
    for figure in FIGURES:
        rows = figure.compute(data)
        tables.append(Table(figure, rows or (), rows is not None))
    return tables


def figure(key: str) -> Figure:
    return next(f for f in FIGURES if f.key == key)


# --- who counts ---------------------------------------------------------------------------------


def new_cases(data: MonthData) -> list[CaseFacts]:
    return [c for c in data.cases if data.month.contains(c.created_at)]


def closed_cases(data: MonthData) -> list[CaseFacts]:
    return [c for c in data.cases if c.closed_at is not None and data.month.contains(c.closed_at)]


def open_at_end(data: MonthData) -> list[CaseFacts]:
    end = data.month.end
    return [
        c for c in data.cases if c.created_at < end and (c.closed_at is None or c.closed_at >= end)
    ]


def _submitted(case: CaseFacts, child: ChildFacts) -> date:
    return child.submitted or local_date(case.created_at)


def new_children(data: MonthData) -> Iterator[tuple[CaseFacts, ChildFacts]]:
    """Children whose answers arrived in the month (Berlin days)."""
    first, after = data.month.first_day, data.month.next().first_day
    for case in data.cases:
        for child in case.children:
            if first <= _submitted(case, child) < after:
                yield case, child


def waiting_children(data: MonthData) -> Iterator[tuple[ChildFacts, int]]:
    """Children without a school place at the month's end, with the days they have waited.

    A child of a school stage waits from the day its answers arrived until its case is closed
    or a counsellor sends the ready reply "Schulplatz gefunden" (`/vorlage place`). That reply
    is sent per case, so each one sent ends the wait of one child of the case, in the order in
    which the children were registered.
    """
    end, end_day = data.month.end, data.month.next().first_day
    places = Counter(
        e.case_id
        for e in data.events
        if e.action == "template" and e.detail == "place" and e.at < end
    )
    for case in open_at_end(data):
        placed = places.get(case.id, 0)
        for child in case.children:
            if child.stage not in SCHOOL_STAGES or _submitted(case, child) >= end_day:
                continue
            if placed > 0:
                placed -= 1
                continue
            yield child, (end_day - _submitted(case, child)).days


# --- helpers --------------------------------------------------------------------------------------


def _counted(labels: Iterable[str], order: Sequence[str] = ()) -> Rows:
    """One row per label with its count: in `order` where given, else most frequent first."""
    counts = Counter(labels)
    ranked = [k for k in order if k in counts] + sorted(
        (k for k in counts if k not in order), key=lambda k: (-counts[k], k)
    )
    return tuple((label, Count(counts[label])) for label in ranked)


def _stage(stage: str | None) -> str:
    return STAGE_DE.get(stage or "", UNKNOWN)


def _language(code: str) -> str:
    name = language_name(code, "de")
    return f"{name} ({code})" if name and name != code else code


_STAGE_LABELS = (*(STAGE_DE[s] for s in STAGE_ORDER), UNKNOWN)


# --- the figures ----------------------------------------------------------------------------------


def _cases(data: MonthData) -> Rows:
    return (
        ("neu eingegangen", Count(len(new_cases(data)))),
        ("abgeschlossen", Count(len(closed_cases(data)))),
        ("am Monatsende offen", Count(len(open_at_end(data)))),
    )


def _children_by_language(data: MonthData) -> Rows:
    return _counted(_language(case.locale) for case, _child in new_children(data))


def _children_by_municipality(data: MonthData) -> Rows:
    return _counted(child.municipality for _case, child in new_children(data))


def _children_by_age_band(data: MonthData) -> Rows:
    order = [label for label, _low, _high in AGE_BANDS] + [UNKNOWN]
    return _counted((child.age_band for _case, child in new_children(data)), order)


def _children_by_stage(data: MonthData) -> Rows:
    return _counted((_stage(child.stage) for _case, child in new_children(data)), _STAGE_LABELS)


def _children_by_support(data: MonthData) -> Rows:
    def kinds(child: ChildFacts) -> list[str]:
        return [SUPPORT_DE.get(s, s) for s in child.support] or ["keine"]

    labels = [k for _case, child in new_children(data) for k in kinds(child)]
    return _counted(labels, [*SUPPORT_DE.values(), "keine"])


def _referrals(data: MonthData) -> Rows | None:
    if data.referrals is None:
        return None
    return _counted(r.initiative for r in data.referrals if data.month.contains(r.at))


def _overrides(data: MonthData) -> Rows:
    stages = [
        _stage((e.detail or "").split(" ")[0])
        for e in data.events
        if e.action == "override" and data.month.contains(e.at)
    ]
    return (*_counted(stages, _STAGE_LABELS), ("insgesamt", Count(len(stages))))


def _first_answer(data: MonthData) -> Rows:
    opened = new_cases(data)
    hours = [
        (data.first_answers[c.id] - c.created_at).total_seconds() / 3600
        for c in opened
        if c.id in data.first_answers
    ]
    return (
        ("Median bis zur ersten Antwort", Median.of(hours, "Std.")),
        ("Fälle mit Antwort", Count(len(hours))),
        ("Fälle noch ohne Antwort", Count(len(opened) - len(hours))),
    )


def _time_to_close(data: MonthData) -> Rows:
    days = [
        (c.closed_at - c.created_at).total_seconds() / 86400
        for c in closed_cases(data)
        if c.closed_at is not None
    ]
    return (("Median vom Eingang bis zum Abschluss", Median.of(days, "Tage")),)


def _appointments(data: MonthData) -> Rows | None:
    if data.appointments is None:
        return None
    held = [a for a in data.appointments if data.month.contains(a.at)]
    return (
        ("wahrgenommen", Count(sum(a.outcome == "held" for a in held))),
        ("nicht wahrgenommen", Count(sum(a.outcome == "missed" for a in held))),
    )


def _announcements(data: MonthData) -> Rows | None:
    if data.announcements is None:
        return None
    sent = [a for a in data.announcements if data.month.contains(a.at)]
    return (
        ("Ankündigungen", Count(len(sent))),
        ("erreichte Gruppen", Count(sum(a.groups for a in sent))),
    )


def _waiting(data: MonthData) -> Rows:
    groups: dict[tuple[str, str], list[int]] = {}
    for child, days in waiting_children(data):
        groups.setdefault((child.municipality, _stage(child.stage)), []).append(days)
    order = {label: i for i, label in enumerate(_STAGE_LABELS)}
    keys = sorted(groups, key=lambda k: (k[0], order.get(k[1], 99)))
    return tuple(
        (municipality, stage, Count(len(groups[(municipality, stage)])),
         Median.of([float(d) for d in groups[(municipality, stage)]], "Tage"))
        for municipality, stage in keys
    )  # fmt: skip


def _interpreters(data: MonthData) -> Rows:
    return _counted(
        _language(case.locale) for case, child in new_children(data) if child.interpreter
    )


def _empty_searches(data: MonthData) -> Rows | None:
    if data.offer_searches is None:
        return None
    empty = Counter(
        (s.kind, s.municipality, s.language)
        for s in data.offer_searches
        if s.found == 0 and data.month.contains(s.at)
    )
    return tuple((k, m, lang, Count(n)) for (k, m, lang), n in sorted(empty.items()))


WAITING_NOTE = (
    "Ein Kind der Primarstufe, der Sekundarstufe I oder des Berufskollegs wartet vom Tag seiner "
    "Anmeldung, bis sein Fall abgeschlossen ist oder das Team die Vorlage „Schulplatz gefunden“ "
    "gesendet hat; jede gesendete Vorlage beendet das Warten eines Kindes des Falls, in der "
    "Reihenfolge der Anmeldung. Gezählt am letzten Tag des Monats."
)
NEW_CHILDREN_NOTE = "Kinder, deren Angaben im Monat eingegangen sind."

FIGURES: tuple[Figure, ...] = (
    Figure("cases", "Fälle", "Fälle im Monat", ("", "Fälle"), _cases),
    Figure(
        "children_language", "Kinder", "Neue Kinder nach Sprache der Familie",
        ("Sprache", "Kinder"), _children_by_language, NEW_CHILDREN_NOTE, chart=True,
    ),
    Figure(
        "children_municipality", "Kinder", "Neue Kinder nach Wohnort",
        ("Kommune", "Kinder"), _children_by_municipality, NEW_CHILDREN_NOTE, chart=True,
    ),
    Figure(
        "children_age_band", "Kinder", "Neue Kinder nach Altersgruppe",
        ("Alter (Jahre)", "Kinder"), _children_by_age_band,
        "Alter beim Eingang der Angaben. 0–5 noch nicht schulpflichtig, 6–9 Grundschulalter, "
        "10–15 Sekundarstufe I, 16–17 Berufskolleg (noch schulpflichtig), 18+ in der Regel "
        "nicht mehr schulpflichtig.",
        chart=True,
    ),
    Figure(
        "children_stage", "Kinder", "Neue Kinder nach Stufe",
        ("Stufe", "Kinder"), _children_by_stage,
        "Die Stufe, die gilt: die Korrektur des Teams, sonst die automatische Einschätzung.",
        chart=True,
    ),
    Figure(
        "children_support", "Kinder", "Neue Kinder nach Förderung",
        ("Förderung", "Kinder"), _children_by_support,
        "Ein Kind kann mehrere Förderungen brauchen und zählt dann in jeder.", chart=True,
    ),
    Figure(
        "referrals", "Beratung", "Vermittlungen nach Initiative",
        ("Initiative", "Familien"), _referrals,
        "Familien, die über den Link einer Initiative kamen.",
    ),
    Figure(
        "overrides", "Beratung", "Geänderte Einschätzungen nach neuer Stufe",
        ("Stufe", "Änderungen"), _overrides,
    ),
    Figure(
        "first_answer", "Beratung", "Zeit bis zur ersten Antwort des Teams",
        ("", "Wert"), _first_answer,
        "Für die im Monat eingegangenen Fälle: vom Eingang bis zur ersten Nachricht des Teams "
        "an die Familie. Ein Median über weniger als 3 Fälle wird nicht gezeigt.",
    ),
    Figure(
        "time_to_close", "Beratung", "Zeit bis zum Abschluss",
        ("", "Wert"), _time_to_close, "Für die im Monat abgeschlossenen Fälle.",
    ),
    Figure(
        "appointments", "Beratung", "Termine",
        ("", "Termine"), _appointments, "Termine im Monat mit ihrem Ergebnis.",
        placeholder_rows=("wahrgenommen", "nicht wahrgenommen"),
    ),
    Figure(
        "announcements", "Beratung", "Gesendete Ankündigungen",
        ("", "Anzahl"), _announcements, "Ankündigungen des KI an die Gruppen der Initiativen.",
        placeholder_rows=("Ankündigungen", "erreichte Gruppen"),
    ),
    Figure(
        "waiting", "Bedarf", "Kinder ohne Schulplatz am Monatsende",
        ("Kommune", "Stufe", "Kinder", "Wartezeit (Median)"), _waiting, WAITING_NOTE,
        chart=True,
    ),
    Figure(
        "interpreters", "Bedarf", "Dolmetschung gewünscht, nach Sprache",
        ("Sprache", "Kinder"), _interpreters,
        "Neue Kinder, deren Familie „Am Telefon, mit Dolmetscher“ gewählt hat.", chart=True,
    ),
    Figure(
        "empty_searches", "Bedarf", "Angebotssuchen ohne Treffer",
        ("Art", "Kommune", "Sprache", "Suchen"), _empty_searches,
        "Suchen im Angebotsverzeichnis, die nichts gefunden haben.",
    ),
)  # fmt: skip
