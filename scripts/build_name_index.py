"""Writes Babel's CLDR names that are read instead of Babel at start-up:
dialogs/instrument/names.json (typed country and language names → codes) and
dialogs/text/language_names.json (each supported language's name in each supported language).
Run after updating Babel (tests/dialogs/instrument and tests/dialogs/test_names.py say when)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dialogs.instrument.parsing import NAME_INDEX, build_indexes
from dialogs.text.cldr import LANGUAGE_NAMES, build_language_names


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    indexes = build_indexes()
    _write(NAME_INDEX, indexes)
    counts = {k: len(v) for k, v in indexes.items() if isinstance(v, dict)}
    print(f"{NAME_INDEX}: Babel {indexes['babel']}, {counts}")
    names = build_language_names()
    _write(LANGUAGE_NAMES, names)
    print(f"{LANGUAGE_NAMES}: Babel {names['babel']}")
