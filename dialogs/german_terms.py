"""The German words for a case's status and an estimate's values, as counsellors, schools and
the Schulaufsicht read them: on the case card, the case sheet, the data set and the report."""

from __future__ import annotations

STATUS_DE = {"open": "offen", "claimed": "übernommen", "closed": "abgeschlossen"}
STAGE_DE = {
    "not_yet_school_age": "noch nicht schulpflichtig",
    "primary": "Primarstufe (Grundschule)",
    "secondary_1": "Sekundarstufe I",
    "berufskolleg": "Berufskolleg",
    "beyond_school_age": "nicht mehr schulpflichtig",
}
OBLIGATION_DE = {"yes": "ja", "not_yet": "noch nicht", "no": "nein"}
SUPPORT_DE = {
    "german_support": "Deutschförderung",
    "literacy_group": "Alphabetisierungsgruppe",
    "latin_script": "Lateinische Schrift lernen",
}
AUTHORITY_DE = {"schulamt": "Schulamt", "bezirksregierung": "Bezirksregierung"}
