"""The facts the bot may state, transcribed from ../shared/domain/FACTS.md.

Every legal or procedural statement in a card or reply cites one of these ids, so a reviewer can
trace a sentence back to its source, and a test keeps this table in step with the markdown file.
Confidence decides the wording: H and M facts are stated; L facts only appear as general advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Fact:
    id: str
    confidence: str  # "H", "M", "L", "H/M", "M/L", "H/L" as in the file
    source: str  # the source column, verbatim


_ALL: tuple[Fact, ...] = (
    # Compulsory schooling (Schulgesetz NRW, SchulG)
    Fact(
        "sp.who",
        "H/M",
        "SchulG § 34(1), recht.nrw.de; KI pages of Essen, Kreis Soest, Kreis Steinfurt",
    ),
    Fact("sp.asylum", "H", "SchulG § 34(6)"),
    Fact("sp.reception", "M", 'frnrw.de "Schule in der Landesaufnahme"'),
    Fact("sp.start", "H/M", "SchulG § 35(1)"),
    Fact("sp.year", "M", "SchulG § 7"),
    Fact("sp.full", "H", "SchulG § 37"),
    Fact("sp.sek2", "H", "SchulG § 38; schulministerium.nrw"),
    Fact("sp.parents", "H", "SchulG § 41(1)"),
    Fact("sp.enforce", "M", "SchulG § 41, § 126"),
    Fact("sp.free", "H", "Landesverfassung NRW Art. 9(1)"),
    Fact("sp.books", "M", "SchulG § 96; municipal pages"),
    Fact("sp.transport", "H/M", "Schülerfahrkostenverordnung § 2"),
    Fact("sp.but", "M", "Kreis Mettmann, Bielefeld pages"),
    # School system
    Fact("sys.kita", "L", "—"),
    Fact("sys.grund", "H", 'qua-lis.nrw.de; schulministerium.nrw "Schulformen"'),
    Fact("sys.sek1", "H", "same"),
    Fact("sys.sek2", "H", "schulministerium.nrw"),
    Fact("sys.ages", "M", "follows from the rules above"),
    Fact("sys.foerder", "M", "SchulG §§ 19–20"),
    # Newly arrived pupils (decree BASS 13-63 Nr. 3)
    Fact("neu.who", "H/M", "Schulamt Kreis Steinfurt; Schulamt Bielefeld; Essen, Herne"),
    Fact("neu.goal", "H", "bass.schul-welt.de/19952.htm"),
    Fact("neu.duration", "M", "MSB brochure; rp-online 2024"),
    Fact("neu.alpha", "H", "amendment 2023, no. 3.4; MSB brochure ch. 5"),
    Fact("neu.forms", "H/M", "BASS 16240 preamble; MSB brochure"),
    Fact(
        "neu.place",
        "M",
        "Bezirksregierung Detmold via Schulamt Bielefeld; Düsseldorf; Krefeld",
    ),
    Fact("neu.ifk", "M", "Berufskolleg pages; Krefeld"),
    Fact("neu.lang", "H", "BASS 13-61 Nr. 1"),
    Fact("neu.scripts", "H", "MSB brochure ch. 5"),
    # What KIs collect and ask for
    Fact("ki.docs", "H", "Düsseldorf newcomer portal; Krefeld"),
    Fact("ki.talk", "H/M", "Kreis Soest; Verbund KI NRW"),
    Fact("ki.consent", "H", "Düsseldorf; Krefeld; Essen"),
    Fact(
        "ki.fields",
        "M/L",
        'compiled from KI pages and BiSS "Leitfaden für den Erstkontakt"',
    ),
    # Privacy (DSGVO)
    Fact("dp.min", "H", "Art. 5 DSGVO"),
    Fact("dp.child", "H", "Art. 8 DSGVO"),
    Fact("dp.special", "H", "Art. 9 DSGVO"),
    Fact("dp.erase", "H/L", "Art. 17 DSGVO"),
)

FACTS: Mapping[str, Fact] = MappingProxyType({f.id: f for f in _ALL})


def fact(id: str) -> Fact:
    """The fact with this id; KeyError for an unknown id, so a typo fails loudly in tests."""
    return FACTS[id]


def is_certain(f: Fact) -> bool:
    """True when the fact (or part of it) is H or M, i.e. the bot may state it as fact.

    Mixed grades such as "H/L" count as certain for their H part; the card text must keep the
    L part (e.g. a retention period) worded as advice.
    """
    return any(grade in ("H", "M") for grade in f.confidence.split("/"))
