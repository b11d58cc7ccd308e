"""Info cards "school obligation explained": one topic per card, in plain language.

Parents, volunteers and the inline mode all show the same cards. Each sentence rests on a fact
in `dialogs.info.facts` (listed in `facts`), so a change in the law is one search away. Bodies are
built from short msgids, one idea each: translators get small units, and a right-to-left
language keeps every line in order because no line depends on its neighbour's direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.text import DayMonth, Lines, Raw, Text, _, lines


@dataclass(frozen=True)
class InfoCard:
    key: str  # short ASCII, travels in callback data (≤ 12 chars)
    title: Text  # button label, one emoji first
    body: Text | Lines
    facts: tuple[str, ...]
    source: Text


# sp.start, sp.year: the fixed days of the school calendar. Passed as values, never written into
# msgids, so that every language names the months the way its dates do (`dialogs.text`).
_CUTOFF = DayMonth(9, 30)
_YEAR_STARTS = DayMonth(8, 1)
_YEAR_ENDS = DayMonth(7, 31)

# A downward arrow reads the same in left-to-right and right-to-left scripts; "→" would point
# backwards in Arabic or Farsi.
_DOWN = Raw("⬇️")


def _who() -> InfoCard:
    return InfoCard(
        key="who",
        title=_("👧 Wer muss zur Schule?"),
        body=lines(
            _("In NRW gibt es eine Schulpflicht."),
            _("Alle Kinder und Jugendlichen, die in NRW wohnen, müssen zur Schule gehen."),
            _("Eine gemeldete Adresse zählt als Wohnort."),
            _("Der Aufenthaltsstatus spielt keine Rolle. Das gilt auch mit Duldung."),
            _(
                "Kinder von Asylsuchenden müssen zur Schule, sobald die Familie einer "
                "Gemeinde zugewiesen ist."
            ),
            _("Muss ein Kind ausreisen, geht es bis zur Ausreise zur Schule."),
        ),
        facts=("sp.who", "sp.asylum"),
        source=_("Quelle: Schulgesetz NRW § 34"),
    )


def _start() -> InfoCard:
    return InfoCard(
        key="start",
        title=_("🎒 Wann beginnt die Schule?"),
        body=lines(
            _("Wird Ihr Kind bis zum {cutoff} 6 Jahre alt?", cutoff=_CUTOFF),
            _("Dann kommt es am {start} in diesem Jahr in die Schule.", start=_YEAR_STARTS),
            _("• Früher anfangen: Das geht auf Antrag, wenn das Kind schon so weit ist."),
            _("• Später anfangen: Das geht nur aus ernsten gesundheitlichen Gründen, für 1 Jahr."),
            _(
                "Das Schuljahr beginnt am {start} und endet am {end}.",
                start=_YEAR_STARTS,
                end=_YEAR_ENDS,
            ),
        ),
        facts=("sp.start", "sp.year"),
        source=_("Quelle: Schulgesetz NRW § 35 und § 7"),
    )


def _duration() -> InfoCard:
    return InfoCard(
        key="duration",
        title=_("⏳ Wie lange zur Schule?"),
        body=lines(
            # sp.full counts school years: never "over by age".
            _("Die Vollzeitschulpflicht dauert in der Regel 10 Schuljahre."),
            _(
                "Vollzeit heißt: Ihr Kind geht an jedem Schultag zur Schule, nicht nur neben einer "
                "Ausbildung."
            ),
            _("Das sind die Grundschule und die weiterführende Schule."),
            _(
                "• Danach ohne Ausbildung: Die Schulpflicht geht weiter bis zum Ende des "
                "Schuljahres, in dem der junge Mensch 18 Jahre alt wird. Meist ist das am "
                "Berufskolleg."
            ),
            _(
                "• Danach mit Ausbildung: Beginnt die Ausbildung vor dem 21. Geburtstag? Dann "
                "gilt die Schulpflicht, solange die Ausbildung dauert."
            ),
        ),
        facts=("sp.full", "sp.sek2"),
        source=_("Quelle: Schulgesetz NRW § 37 und § 38"),
    )


def _costs() -> InfoCard:
    return InfoCard(
        key="costs",
        title=_("💶 Was kostet die Schule?"),
        body=lines(
            _("• Die Schule ist kostenlos. Es gibt kein Schulgeld."),
            _("• Schulbücher leiht die Schule aus. Die Eltern zahlen einen kleinen Teil."),
            _(
                "• Fahrkosten werden bezahlt, wenn die Schule weit weg ist: mehr als 2 km "
                "(Grundschule), 3,5 km (Klasse 5 bis 10) oder 5 km (Oberstufe, Berufskolleg). "
                "Das gilt auch, wenn der Schulweg gefährlich ist."
            ),
            _(
                "• Bildung und Teilhabe (BuT): Bekommen Sie Bürgergeld, Sozialhilfe, "
                "Leistungen nach dem AsylbLG, Wohngeld oder Kinderzuschlag? Dann kann Ihr Kind "
                "Hilfe bekommen: für Schulsachen, Ausflüge, Fahrkarten, Nachhilfe, "
                "Mittagessen und Freizeit."
            ),
        ),
        facts=("sp.free", "sp.books", "sp.transport", "sp.but", "sys.sek2"),
        source=_(
            "Quelle: Landesverfassung NRW Art. 9, Schulgesetz NRW § 96, "
            "Schülerfahrkostenverordnung § 2"
        ),
    )


def _parents() -> InfoCard:
    return InfoCard(
        key="parents",
        title=_("👪 Was müssen Eltern tun?"),
        body=lines(
            _("Eltern haben drei Aufgaben:"),
            _("• Sie melden ihr Kind an einer Schule an."),
            _("• Sie sorgen dafür, dass ihr Kind regelmäßig zur Schule geht."),
            _("• Sie sorgen dafür, dass ihr Kind alles hat, was es für die Schule braucht."),
            _("Das Kommunale Integrationszentrum berät Sie bei der Anmeldung."),
            _(
                "Den Schulplatz vergibt das Schulamt. Beim Berufskolleg entscheidet die "
                "Bezirksregierung."
            ),
        ),
        facts=("sp.parents", "neu.place"),
        source=_("Quelle: Schulgesetz NRW § 41"),
    )


def _absence() -> InfoCard:
    # sp.enforce: sources disagree on the amount, so the card never names one.
    return InfoCard(
        key="absence",
        title=_("⚠️ Wenn ein Kind fehlt"),
        body=lines(
            _("Ihr Kind muss regelmäßig zur Schule gehen."),
            _("Geht ein Kind nicht zur Schule, kann das Folgen haben:"),
            _("• Das Kind kann zur Schule gebracht werden."),
            _("• Für die Eltern ist ein Bußgeld möglich. Dann müssen sie Geld bezahlen."),
            _("Gibt es Probleme? Sprechen Sie am besten früh mit der Schule."),
        ),
        facts=("sp.enforce",),
        source=_("Quelle: Schulgesetz NRW § 41 und § 126"),
    )


def _reception() -> InfoCard:
    return InfoCard(
        key="reception",
        title=_("🏠 Schule in der ersten Unterkunft"),
        body=lines(
            # TRANSLATORS: ZUE and EAE are the German names of the state's reception centres;
            # keep them in Latin letters, families see them on signs and papers.
            _(
                "Wohnt Ihre Familie noch in einer Aufnahme-Einrichtung des Landes (ZUE oder EAE)? "
                "Das ist die erste Unterkunft nach der Ankunft in NRW."
            ),
            _("Dort gibt es noch keine Schulpflicht."),
            _("In einer ZUE soll es ein schulähnliches Angebot geben, etwa 25 Stunden pro Woche."),
            _("Familien mit Kindern bleiben dort meist bis zu 6 Monate."),
            _("Die Schulpflicht beginnt, sobald Ihre Familie einer Gemeinde zugewiesen ist."),
        ),
        facts=("sp.reception", "sp.asylum"),
        source=_("Quelle: Flüchtlingsrat NRW (frnrw.de), Schulgesetz NRW § 34"),
    )


def _system() -> InfoCard:
    # One stage per line with arrows between lines, never inside them: the picture survives
    # right-to-left rendering and narrow phone screens.
    return InfoCard(
        key="system",
        title=_("🏫 Das Schulsystem"),
        body=lines(
            _("🏫 Grundschule: Klasse 1 bis 4, etwa 6 bis 10 Jahre"),
            _(
                "In Klasse 1 und 2 lernt jedes Kind in seinem Tempo: Diese Zeit "
                "(Schuleingangsphase) dauert 1 bis 3 Jahre."
            ),
            _DOWN,
            _(
                "🏢 Sekundarstufe I: Klasse 5 bis 10, etwa 10 bis 16 Jahre. Hauptschule, "
                "Realschule, Sekundarschule, Gesamtschule oder Gymnasium"
            ),
            _DOWN,
            _(
                "🎓 Sekundarstufe II: etwa 16 bis 18 Jahre. Oberstufe mit Abitur oder "
                "Berufskolleg mit Ausbildung und Abschlüssen"
            ),
            Raw(""),
            _(
                "🤝 Kinder mit Förderbedarf: Förderschule oder Gemeinsames Lernen an einer "
                "allgemeinen Schule"
            ),
            # sys.kita is graded L (no source found): general advice, not a rule.
            _(
                "💡 Ein allgemeiner Hinweis: Die Kita ist nach unserem Wissen freiwillig. Sie "
                "hilft aber beim Deutschlernen."
            ),
        ),
        facts=("sys.grund", "sys.sek1", "sys.sek2", "sys.ages", "sys.foerder", "sys.kita"),
        source=_("Quelle: Schulministerium NRW, Schulgesetz NRW § 19 und § 20"),
    )


def _german() -> InfoCard:
    return InfoCard(
        key="german",
        title=_("🗣️ Deutsch in der Schule"),
        body=lines(
            _("Ihr Kind spricht noch nicht genug Deutsch? Dann bekommt es in der Schule Hilfe."),
            _("• Das Ziel ist Deutsch auf der Stufe B1."),
            _(
                "B1 heißt: Man versteht das Wichtigste über Schule und Alltag und kann selbst "
                "einfache Texte schreiben."
            ),
            _(
                "• Ihr Kind lernt in einer normalen Klasse mit extra Deutschstunden, in einer "
                "eigenen Gruppe oder gemischt. Meist sind es 10 bis 12 Stunden Deutsch pro Woche."
            ),
            _("• Die Gruppen heißen zum Beispiel Deutschförderklasse oder Willkommensklasse."),
            _("• Die Hilfe dauert in der Regel bis zu 2 Jahre."),
            # neu.alpha says "may": the literacy year is a possibility, not a rule.
            _(
                "• Kann Ihr Kind noch nicht lesen und schreiben, oder nicht in lateinischer "
                "Schrift? Dann kann es das zuerst in einer eigenen Gruppe lernen, bis zu 1 Jahr "
                "lang."
            ),
            _(
                "• Jugendliche von 16 bis 18 Jahren gehen meist zum Berufskolleg, in eine "
                "Internationale Förderklasse."
            ),
            _(
                "Das Kommunale Integrationszentrum berät Sie. Den Schulplatz vergibt das "
                "Schulamt, beim Berufskolleg die Bezirksregierung."
            ),
        ),
        facts=(
            "neu.who",
            "neu.goal",
            "neu.forms",
            "neu.duration",
            "neu.alpha",
            "neu.ifk",
            "neu.place",
        ),
        source=_("Quelle: Erlass BASS 13-63 Nr. 3"),
    )


def _older() -> InfoCard:
    # The routes FACTS lists from 16 (sys.ages, sys.sek2, neu.ifk) and the home-language exam
    # (neu.lang). The sentences are the estimate's own (dialogs.assessment.explain), so a family
    # reads the same words in both places.
    return InfoCard(
        key="older",
        title=_("🎓 Mit 16 bis 18 Jahren"),
        body=lines(
            _(
                "Jugendliche von 16 bis 18 Jahren gehen meist auf ein Berufskolleg. Dort lernt "
                "man für einen Beruf und kann Schulabschlüsse machen."
            ),
            _(
                "Neu zugewanderte Jugendliche kommen dort meist in eine Internationale "
                "Förderklasse. Sie bereitet auf einen Beruf vor."
            ),
            _("Sie dauert 1 Jahr. Man kann sie einmal wiederholen."),
            _("Dort kann man einen deutschen Schulabschluss machen, den Ersten Schulabschluss."),
            _("Der Aufenthaltsstatus spielt dafür keine Rolle."),
            Raw(""),
            _(
                "Ein anderer Weg ist die Oberstufe an einem Gymnasium oder einer Gesamtschule, "
                "bis zum Abitur."
            ),
            _("Welcher Weg passt, besprechen Sie mit der Beratung."),
            _("Den Platz am Berufskolleg vergibt die Bezirksregierung."),
            Raw(""),
            _(
                "Gut zu wissen: Für einen Schulabschluss kann eine Prüfung in der Sprache Ihrer "
                "Familie eine Pflicht-Fremdsprache ersetzen."
            ),
        ),
        facts=("sys.sek2", "sys.ages", "neu.ifk", "neu.lang", "neu.place"),
        source=_("Quelle: Schulministerium NRW, Erlass BASS 13-61 Nr. 1"),
    )


def what_to_bring() -> Lines:
    """The papers a family brings to the counselling: on the card, and with every appointment
    (its confirmation, reminders and calendar entry)."""
    return lines(
        _("Bitte bringen Sie zur Beratung mit:"),
        _("• die Meldebescheinigung"),
        _("• die Pässe oder Ausweise von Kind und Eltern"),
        _(
            "• das letzte Schulzeugnis. Haben Sie eine Übersetzung auf Deutsch oder "
            "Englisch? Dann bringen Sie sie auch mit."
        ),
        _("• Papiere zum Sorgerecht, wenn nötig"),
    )


def _docs() -> InfoCard:
    return InfoCard(
        key="docs",
        title=_("📄 Zur Beratung mitbringen"),
        body=lines(
            what_to_bring(),
            _(
                "Im Gespräch geht es um Ihr Kind: seine Schulzeit, Deutsch und Mathe, seine "
                "Sprachen und Interessen, und Ihre Wünsche."
            ),
        ),
        facts=("ki.docs", "ki.talk"),
        source=_("Quelle: Kommunale Integrationszentren in NRW"),
    )


CARDS: tuple[InfoCard, ...] = (
    _who(),
    _start(),
    _duration(),
    _costs(),
    _parents(),
    _absence(),
    _reception(),
    _system(),
    _german(),
    _older(),
    _docs(),
)

_BY_KEY = {c.key: c for c in CARDS}


def card(key: str) -> InfoCard:
    """The card for a callback's key; KeyError for an unknown (e.g. outdated) key."""
    return _BY_KEY[key]
