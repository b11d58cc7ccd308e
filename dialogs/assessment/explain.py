"""The explanations of an assessment: German lines for staff, translatable texts for parents.

Each conclusion is a `_Finding`: the FACTS ids it relies on, one staff sentence and the parent
texts. `Assessment.reasons` is the union of the findings' ids (`reason_ids`), so every reason is
explained in both texts and no text relies on a fact missing from the reasons. The facts are in
/work/shared/domain/FACTS.md; nothing here names a section number or a fine. Every parent text
is a literal inside `_()`, so that pybabel extracts it. Import the explanation functions from
`dialogs.assessment`, the public module.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from babel import Locale
from babel.dates import DateTimePattern, get_date_format

from dialogs.assessment import school_year as sy
from dialogs.assessment.types import (
    UPPER_LEVEL_YEARS,
    Assessment,
    Authority,
    band_bounds,
    knows_latin_letters,
    little_schooling,
    schooling_years,
)
from dialogs.text import Lines, Text, _, _n, lines


@dataclass(frozen=True)
class _Finding:
    ids: tuple[str, ...]
    staff: str
    parent: tuple[Text, ...]


def _f(ids: str, staff: str, *parent: Text) -> _Finding:
    return _Finding(tuple(ids.split()), staff, parent)


def explain_for_staff(a: Assessment) -> str:
    """German, one line per finding, each ending with the FACTS ids it rests on."""
    return "\n".join(f"{f.staff} [{', '.join(f.ids)}]" for f in _findings(a))


def explain_for_parent(a: Assessment) -> Lines:
    return lines(*(t for f in _findings(a) for t in f.parent))


def reason_ids(a: Assessment) -> set[str]:
    """The FACTS ids the explanations rest on; `assess` orders them into `Assessment.reasons`."""
    return {i for f in _findings(a) for i in f.ids}


def _d(day: date) -> str:
    """`format_date(day, format="long", locale="de")`, without looking up the locale and its
    pattern again for each of the dozen dates a child's explanations write."""
    if isinstance(day, datetime):
        day = day.date()
    german, pattern = _german_long()
    return str(pattern.apply(day, german))


@functools.cache
def _german_long() -> tuple[Locale, DateTimePattern]:
    german = Locale.parse("de")
    return german, get_date_format("long", locale=german)


def _findings(a: Assessment) -> list[_Finding]:
    inp = a.input
    who = "Die junge Person" if a.age >= 18 else "Das Kind"
    age = f"{who} ist {'1 Jahr' if a.age == 1 else f'{a.age} Jahre'} alt (Stand {_d(inp.on)})."
    if a.stage == "not_yet_school_age":
        found = _not_yet(a, age)
    elif a.stage == "beyond_school_age":
        ends = sy.obligation_end(inp.birth_date)
        found = [
            _f(
                "sp.sek2 sp.year",
                f"{age} Die Schulpflicht endete am {_d(ends)}, dem Ende des Schuljahres, in dem "
                "die Person 18 wurde; es besteht keine Schulpflicht mehr.",
                _n("Ihr Kind ist {n} Jahr alt.", "Ihr Kind ist {n} Jahre alt.", a.age),
                _("Die Schulpflicht endet am Ende des Schuljahres, in dem Ihr Kind 18 wird."),
                _("Für Ihr Kind war das der {date}.", date=ends),
                _("Ihr Kind muss also nicht mehr zur Schule gehen."),
            ),
            _OFFERS_ADVICE,
        ]
    else:
        found = _at_school(a, age)
    return [*found, _DECIDES[a.placing_authority]]


def _reception(a: Assessment) -> list[_Finding]:
    return _RECEPTION if a.input.lives_in == "reception_centre" else []


def _not_yet(a: Assessment, age: str) -> list[_Finding]:
    birth = a.input.birth_date
    start = sy.entry_date(birth)
    cutoff = date(start.year, 9, 30)
    six = sy.anniversary(birth, 6)
    # A sixth birthday already past (just after last year's cut-off) is no future event.
    turns = (
        f"Es wird am {_d(six)} sechs"
        if six > a.input.on
        else f"Es ist seit dem {_d(six)} sechs (nach dem Stichtag {_d(date(six.year, 9, 30))})"
    )
    found = [
        _f(
            "sp.start sp.year",
            f"{age} {turns}, ist also am Stichtag {_d(cutoff)} sechs Jahre alt: "
            f"Schulbeginn am {_d(start)}.",
            _("Ihr Kind kommt am {date} in die Schule.", date=start),
            # TRANSLATORS: {cutoff} is 30 September of the school-entry year, the legal cut-off.
            _("Denn am {cutoff} ist es schon sechs Jahre alt.", cutoff=cutoff),
        ),
        *_reception(a),
    ]
    # The option matters a year ahead: the next 1 August would be one year early.
    if start.year == sy.school_year_of(a.input.on) + 2:
        found.append(_EARLY_START)
    return [*found, _KITA_ADVICE]


def _at_school(a: Assessment, age: str) -> list[_Finding]:
    inp = a.input
    grade, year = sy.cohort_grade(inp.birth_date, inp.on), sy.school_year_of(inp.on)
    cohort = (
        f"{age} Einschulungsjahrgang nach Stichtag 30. September: {sy.entry_year(inp.birth_date)}"
    )
    if grade <= 10:
        cohort += (
            f"; im Schuljahr {_d(sy.school_year_start(year))} bis {_d(sy.school_year_end(year))} "
            f"entspricht das Klasse {grade}"
        )
    found = [
        _f(
            "sp.start sp.year",
            f"{cohort}.",
            _n("Ihr Kind ist {n} Jahr alt.", "Ihr Kind ist {n} Jahre alt.", a.age),
        ),
        *([*_reception(a), _AFTER_ASSIGNMENT] if _reception(a) else [_OBLIGED]),
        _duration(a, grade),
        *_stage_and_band(a, grade),
    ]
    if inp.german is None:
        found.append(_UNKNOWN_GERMAN)
    found.append(_GERMAN_SUPPORT if "german_support" in a.support else _GERMAN_B1)
    if "literacy_group" in a.support:
        why = ["kann nicht lesen und schreiben"] if inp.literacy == "none" else []
        if little_schooling(inp, grade):
            why.append(
                f"{schooling_years(inp)} Schuljahre, der Jahrgang hätte {min(grade - 1, 10)}"
            )
        found.append(
            _f(
                "neu.alpha",
                f"Alphabetisierungsgruppe möglich (bis zu 1 Jahr, Wechsel bei etwa A1): "
                f"{'; '.join(why)}.",
                *_LITERACY_GROUP,
            )
        )
    elif grade < 3 and inp.literacy == "none":
        found.append(_ENTRY_PHASE)
    if "latin_script" in a.support:
        found.append(_LATIN_SCRIPT)
        if "literacy_group" not in a.support:
            found.append(_LATIN_GROUP_POSSIBLE)
    if knows_latin_letters(inp):
        found.append(_latin_known(a))
    if inp.literacy is None:
        found.append(_UNKNOWN_LITERACY)
    if grade >= 3 and schooling_years(inp) is None:
        found.append(_UNKNOWN_SCHOOLING)
    return found


def _duration(a: Assessment, grade: int) -> _Finding:
    inp = a.input
    if inp.apprenticeship and grade <= 10:
        # A cohort in grade 10 or below has had at most nine school years if it started on time:
        # a reason to check, never a statement about this child's years (sp.full counts years).
        return _f(
            "sp.full sp.sek2",
            f"Angabe Ausbildung, Jahrgang entspricht Klasse {grade}: Die Vollzeitschulpflicht "
            "(in der Regel 10 Schuljahre) ist vermutlich noch nicht erfüllt – bitte prüfen. Mit "
            "Ausbildung dauert die Schulpflicht bis zum Ende der Ausbildung.",
            _("Sie haben angegeben: Ihr Kind macht eine Ausbildung."),
            *_FULL_TIME,
            _("Für eine Ausbildung ist Ihr Kind noch jung. Die Beratung prüft das."),
        )
    if inp.apprenticeship and a.age >= 21:
        return _f(
            "sp.sek2",
            "In Ausbildung: Schulpflicht am Berufskolleg für die Dauer der Ausbildung, aber nur, "
            "wenn die Ausbildung vor dem 21. Geburtstag begann – bitte prüfen.",
            *_APPRENTICE,
            _("Das gilt, wenn die Ausbildung vor dem 21. Geburtstag begonnen hat."),
            _("Die Beratung prüft das."),
        )
    if inp.apprenticeship:
        return _f(
            "sp.sek2",
            "In Ausbildung: Schulpflicht am Berufskolleg für die Dauer der Ausbildung.",
            *_APPRENTICE,
        )
    # sp.full counts school years, not age: whether a newcomer has completed them is for the
    # school authority to judge, so neither text says the ten years are over (or not) by age.
    ends = sy.obligation_end(inp.birth_date)
    years = schooling_years(inp)
    told = f"; angegeben: {years} Schuljahre vor Deutschland" if years is not None else ""
    return _f(
        "sp.full sp.sek2",
        f"Vollzeitschulpflicht in der Regel 10 Schuljahre{told}; ohne Ausbildung Schulpflicht "
        f"bis zum Ende des Schuljahres, in dem es 18 wird: {_d(ends)}.",
        *_FULL_TIME,
        _("Danach muss Ihr Kind ohne Ausbildung weiter zur Schule gehen, meist am Berufskolleg."),
        _("Die Schulpflicht endet am Ende des Schuljahres, in dem Ihr Kind 18 wird."),
        _("Das ist der {date}.", date=ends),
    )


def _stage_and_band(a: Assessment, grade: int) -> list[_Finding]:
    if a.stage == "berufskolleg":
        if a.input.apprenticeship:
            return [_f("sys.sek2", "Stufe: Berufskolleg, ausbildungsbegleitend.")]
        return [_IFK, *_upper_level(a), _HOME_LANGUAGE]
    bounds = band_bounds(a.input, a.stage, grade)
    low, high = bounds or (grade, grade)
    if low == high:
        staff = f"Klassenschätzung nach Alter: {high}"
        says = _("Ihr Kind kommt wahrscheinlich in Klasse {grade}.", grade=high)
    else:
        staff = f"Klassenschätzung nach Alter: {low}–{high} (wegen der Deutschkenntnisse)"
        # TRANSLATORS: {low} and {high} are neighbouring grade numbers, e.g. 3 and 4.
        says = _("Ihr Kind kommt wahrscheinlich in Klasse {low} oder {high}.", low=low, high=high)
    band = _f(
        "sp.start",
        f"{staff}; eine Schätzung, keine Entscheidung.",
        says,
        _("Das ist nur eine Schätzung nach dem Alter."),
    )
    if a.stage == "primary":
        return [_PRIMARY, band]
    return [_SEK1, band, _HOME_LANGUAGE]


def _upper_level(a: Assessment) -> list[_Finding]:
    """sys.ages: from 16, the upper level of a Gymnasium or Gesamtschule is the other route
    (sys.sek2). Named for young people with about a whole lower secondary level abroad."""
    years = schooling_years(a.input)
    if years is None or years < UPPER_LEVEL_YEARS:
        return []
    return [
        _f(
            "sys.sek2 sys.ages",
            f"{years} Schuljahre angegeben: außer der IFK auch die gymnasiale Oberstufe "
            "(Gymnasium, Gesamtschule; Abitur) oder einen anderen Bildungsgang am Berufskolleg "
            "prüfen.",
            _n(
                "Ihr Kind war schon {n} Jahr in der Schule.",
                "Ihr Kind war schon {n} Jahre in der Schule.",
                years,
            ),
            _("Dann gibt es vielleicht auch andere Wege:"),
            _("• die Oberstufe an einem Gymnasium oder einer Gesamtschule, bis zum Abitur"),
            _("• eine andere Klasse am Berufskolleg, für einen Beruf oder einen Schulabschluss"),
            _("Welcher Weg passt, besprechen Sie mit der Beratung."),
        )
    ]


def _latin_known(a: Assessment) -> _Finding:
    level = {"some": "etwas", "good": "gut"}.get(a.input.english or "", "?")
    return _f(
        "neu.scripts",
        f"Liest und schreibt in einer anderen Schrift (Ausgangslage 2), Englisch: {level} – "
        "kennt die lateinischen Buchstaben vermutlich schon; kein Neuanfang in lateinischer "
        "Schrift angesetzt, bitte prüfen.",
        _("Ihr Kind kann schon in einer anderen Schrift lesen und schreiben."),
        _("Die lateinischen Buchstaben kennt es wahrscheinlich schon aus dem Englischen."),
        _("Dann muss es das Alphabet nicht neu lernen, nur die deutsche Schreibweise."),
    )


# The fixed findings, as a table: one line of ids and staff text, then the parent msgids.
# fmt: off
_RECEPTION = [
    _f("sp.reception", "Wohnt in einer Landesaufnahmeeinrichtung: dort keine Schulpflicht; "
       "zentrale Einrichtungen sollen ein schulähnliches Angebot machen.",
       # TRANSLATORS: ZUE and EAE are the German names of the state's first reception centres;
       # keep them in Latin letters, families see them on signs and papers.
       _("Sie wohnen noch in einer Aufnahme-Einrichtung des Landes (ZUE oder EAE)."),
       _("Dort gibt es noch keine Schulpflicht."),
       _("Dort soll es aber ein Lernangebot geben, ähnlich wie Schule.")),
    _f("sp.asylum", "Schulpflicht ab Zuweisung an eine Gemeinde.",
       _("Die Schulpflicht beginnt, wenn Ihre Familie einer Stadt oder Gemeinde zugewiesen ist.")),
]
_AFTER_ASSIGNMENT = _f("sp.asylum", "Die folgenden Angaben gelten ab der Zuweisung.",
    # TRANSLATORS: introduces the following lines (duration, school type, grade, support).
    _("Nach der Zuweisung gilt voraussichtlich:"))
_OBLIGED = _f("sp.who", "Schulpflichtig: Wohnsitz in NRW, unabhängig vom Aufenthaltsstatus.",
    _("Ihr Kind muss zur Schule gehen. Das nennt man Schulpflicht."),
    _("Das gilt für alle Kinder in Nordrhein-Westfalen. Der Aufenthaltsstatus ist egal."))
_EARLY_START = _f("sp.start", "Einschulung ein Jahr früher auf Antrag, wenn das Kind "
    "schulreif ist; Zurückstellung nur aus erheblichen gesundheitlichen Gründen für ein Jahr.",
    _("Auf Antrag kann ein Kind auch früher in die Schule kommen, wenn es bereit ist."))
_KITA_ADVICE = _f("sys.kita", "Allgemeiner Hinweis, keine Rechtsauskunft: Die Kita ist nach "
    "unserem Kenntnisstand freiwillig, kann aber beim Deutschlernen helfen.",
    _("Ein allgemeiner Hinweis: Die Kita ist nach unserem Wissen freiwillig."),
    _("Die Kita kann Ihrem Kind aber beim Deutschlernen helfen."))
_OFFERS_ADVICE = _f("sys.sek2", "Allgemeiner Hinweis, kein Anspruch: Ein Berufskolleg oder "
    "andere Bildungsangebote können trotzdem möglich sein.",
    _("Vielleicht gibt es trotzdem Angebote für Ihr Kind, zum Beispiel an einem Berufskolleg."),
    _("Fragen Sie bei der Beratung danach."))
_APPRENTICE = (_("Ihr Kind macht eine Ausbildung."),
               _("Dann muss es während der ganzen Ausbildung zum Berufskolleg gehen."))
_PRIMARY = _f("sys.grund", "Stufe: Grundschule (Klassen 1–4; die Klassen 1–2 sind eine "
    "Eingangsphase von 1–3 Jahren).",
    _("Ihr Kind kommt in die Grundschule. Die Grundschule hat die Klassen 1 bis 4."))
_SEK1 = _f("sys.sek1", "Stufe: Sekundarstufe I (Klassen 5–10: Hauptschule, Realschule, "
    "Sekundarschule, Gesamtschule, Gymnasium).",
    _("Ihr Kind kommt in eine weiterführende Schule. Sie hat die Klassen 5 bis 10."))
_FULL_TIME = (
    _("Die Vollzeitschulpflicht dauert in der Regel 10 Schuljahre."),
    _("Vollzeit heißt: Ihr Kind geht an jedem Schultag zur Schule, nicht nur neben einer "
      "Ausbildung."))
_IFK = _f("sys.sek2 neu.ifk", "Stufe: Berufskolleg; neu zugewanderte 16- bis 18-Jährige kommen "
    "meist in eine Internationale Förderklasse (IFK: 1 Jahr, einmal wiederholbar, Erster "
    "Schulabschluss möglich, Aufenthaltsstatus egal).",
    _("Jugendliche von 16 bis 18 Jahren gehen meist auf ein Berufskolleg. Dort lernt man für "
      "einen Beruf und kann Schulabschlüsse machen."),
    _("Neu zugewanderte Jugendliche kommen dort meist in eine Internationale Förderklasse. "
      "Sie bereitet auf einen Beruf vor."),
    _("Sie dauert 1 Jahr. Man kann sie einmal wiederholen."),
    _("Dort kann man einen deutschen Schulabschluss machen, den Ersten Schulabschluss."),
    _("Der Aufenthaltsstatus spielt dafür keine Rolle."))
_HOME_LANGUAGE = _f("neu.lang", "Hinweis: Eine Prüfung in der Herkunftssprache kann für "
    "Schulabschlüsse eine Pflichtfremdsprache ersetzen.",
    _("Gut zu wissen: Für einen Schulabschluss kann eine Prüfung in der Sprache Ihrer Familie "
      "eine Pflicht-Fremdsprache ersetzen."))
# The CEFR's global description of B1, for parents who have never heard of the scale.
B1_MEANS = _("B1 heißt: Man versteht das Wichtigste über Schule und Alltag und kann selbst "
             "einfache Texte schreiben.")
_GERMAN_SUPPORT = _f("neu.goal neu.forms", "Deutschförderung mit Ziel B1: integriert, in "
    "eigener Gruppe oder gemischt; etwa 10–12 Stunden Deutsch pro Woche.",
    _("Ihr Kind bekommt Hilfe beim Deutschlernen, meist 10 bis 12 Stunden pro Woche."),
    # TRANSLATORS: B1 is a level of the Common European Framework (CEFR); keep "B1".
    _("Das Ziel ist Deutsch auf der Stufe B1."),
    B1_MEANS)
_GERMAN_B1 = _f("neu.goal", "Deutsch auf B1 oder besser: Ziel der Deutschförderung erreicht, "
    "keine Förderung angesetzt.",
    _("Ihr Kind spricht schon gut Deutsch, etwa auf der Stufe B1 oder besser."),
    B1_MEANS,
    _("Extra Deutschunterricht braucht es dann meist nicht."))
_LITERACY_GROUP = (
    _("Ihr Kind kann zuerst in eine Gruppe gehen. Dort lernt es lesen und schreiben."),
    _("Das dauert bis zu 1 Jahr."))
_ENTRY_PHASE = _f("sys.grund", "Lesen und Schreiben lernt das Kind in der Schuleingangsphase "
    "(Klassen 1–2); keine Alphabetisierungsgruppe angesetzt.")
_LATIN_SCRIPT = _f("neu.scripts", "Liest und schreibt in einer anderen Schrift (Ausgangslage 2), "
    "lateinische Schrift nicht angegeben: lernt sie neu.",
    _("Ihr Kind kann schon in einer anderen Schrift lesen und schreiben."),
    _("In der Schule lernt es dazu die lateinische Schrift, also das Alphabet für Deutsch."))
# neu.alpha says "may": pupils not literate in Latin script can get the literacy year.
_LATIN_GROUP_POSSIBLE = _f("neu.alpha", "Alphabetisierungsgruppe möglich (bis zu 1 Jahr), weil "
    "nicht in lateinischer Schrift alphabetisiert.",
    _("Dafür kann es zuerst in eine eigene Gruppe gehen, bis zu 1 Jahr lang."))
_UNKNOWN_GERMAN = _f("neu.who", "Deutschkenntnisse nicht angegeben: bitte prüfen; "
    "Deutschförderung vorläufig angenommen.",
    _("Die Beratung prüft im Gespräch, wie gut Ihr Kind Deutsch kann."))
_UNKNOWN_LITERACY = _f("neu.scripts", "Lesen und Schreiben nicht angegeben: bitte Ausgangslage "
    "klären (keine Schrift, andere Schrift, lateinische Schrift).",
    _("Die Beratung fragt auch, ob Ihr Kind lesen und schreiben kann."))
_UNKNOWN_SCHOOLING = _f("neu.alpha", "Bisherige Schuljahre nicht angegeben: bitte erfragen; "
    "wenig Schulbesuch kann eine Alphabetisierungsgruppe begründen.",
    _("Die Beratung fragt auch, wie viele Jahre Ihr Kind schon zur Schule gegangen ist."))
# FACTS rule: always say that the school authority, not the KI or this bot, decides.
_DECIDES: dict[Authority | None, _Finding] = {
    "schulamt": _f("neu.place", "Das KI berät; den Schulplatz weist das Schulamt zu.",
        _("Die Beratung hilft Ihnen. Über den Schulplatz entscheidet das Schulamt.")),
    "bezirksregierung": _f("neu.place", "Das KI berät; den Platz am Berufskolleg weist die "
        "Bezirksregierung zu.",
        _("Die Beratung hilft Ihnen. Über einen Platz am Berufskolleg entscheidet die "
          "Bezirksregierung.")),
    None: _f("neu.place", "Über einen Schulplatz entscheidet die Schulaufsicht (Schulamt, für "
        "das Berufskolleg die Bezirksregierung), nicht das KI.",
        _("Die Beratung hilft Ihnen. Über einen Schulplatz entscheidet die Schulbehörde.")),
}
# fmt: on
