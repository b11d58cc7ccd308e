"""The stored name index is what Babel's CLDR data gives (it is read instead, at start-up)."""

from __future__ import annotations

import json

from dialogs.instrument.parsing import NAME_INDEX, build_indexes


def test_the_stored_index_is_built_from_the_installed_babel() -> None:
    stored = json.loads(NAME_INDEX.read_text(encoding="utf-8"))
    # After a Babel update: python scripts/build_name_index.py
    assert stored == build_indexes(), "names.json is stale: run scripts/build_name_index.py"
