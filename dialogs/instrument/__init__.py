"""The intake instrument: the questions a parent answers about one child, loaded from YAML.

The model and branching are in `model` (what a `when` asks in `conditions`), reading and
checking the YAML in `schema`, `yaml_source` and `loading`, turning typed answers into values
in `answers` and `parsing`, the Babel extractor in `extract`; callers import from this
package."""

from __future__ import annotations

from dialogs.instrument.loading import (
    default_instrument_path,
    load_instrument,
)
from dialogs.instrument.model import (
    AGE,
    ASSESSMENT_FIELDS,
    BIRTH_DATE,
    KINDS,
    OPS,
    OTHER,
    OTHER_PREFIX,
    ExportColumn,
    ExportSpec,
    Instrument,
    InstrumentError,
    Option,
    Question,
    age_on,
    assessment_problems,
    has_non_latin_letters,
)

__all__ = [
    "AGE",
    "ASSESSMENT_FIELDS",
    "BIRTH_DATE",
    "KINDS",
    "OPS",
    "OTHER",
    "OTHER_PREFIX",
    "ExportColumn",
    "ExportSpec",
    "Instrument",
    "InstrumentError",
    "Option",
    "Question",
    "age_on",
    "assessment_problems",
    "default_instrument_path",
    "has_non_latin_letters",
    "load_instrument",
]
