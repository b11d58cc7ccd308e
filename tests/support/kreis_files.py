"""Kreis files for the tests: the shipped example as plain data, broken one thing at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dialogs.kreis import default_kreis_path

EXAMPLE_WARNING = (
    "warning: example data (example: true): KI contact data, 24 schools, 6 offers; "
    "replace before going live"
)


def raw() -> dict[str, Any]:
    """The shipped file as plain data, to break one thing at a time."""
    return yaml.safe_load(default_kreis_path().read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any] | str) -> Path:
    path = tmp_path / "kreis.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path
