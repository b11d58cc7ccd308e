"""Writes dialogs/instrument/names.json: typed country and language names → codes, from
Babel's CLDR data. Run after updating Babel (tests/dialogs/instrument say when)."""

from __future__ import annotations

import json

from dialogs.instrument.parsing import NAME_INDEX, build_indexes

if __name__ == "__main__":
    indexes = build_indexes()
    NAME_INDEX.write_text(
        json.dumps(indexes, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    counts = {k: len(v) for k, v in indexes.items() if isinstance(v, dict)}
    print(f"{NAME_INDEX}: Babel {indexes['babel']}, {counts}")
