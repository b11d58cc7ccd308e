"""Reading `instrument.yaml` from disk; parsing and checking are in `schema`."""

from __future__ import annotations

from pathlib import Path

from dialogs.instrument.model import Instrument, InstrumentError
from dialogs.instrument.schema import parse_instrument


def load_instrument(path: str | Path) -> Instrument:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError([f"cannot read the file: {exc}"], source=str(path)) from exc
    return parse_instrument(text, source=str(path))


def default_instrument_path() -> Path:
    return Path(__file__).resolve().parents[2] / "content" / "instrument.yaml"
