"""The instrument and the Kreis data, loaded and checked together before the bot starts.

Apart from `bot.app` so that commands which never talk to Telegram (`python -m bot assess`,
`check`) do not import aiogram: its Bot API models take seconds to build at import.
"""

from __future__ import annotations

import logging

from bot.config import Settings
from dialogs.instrument import Instrument, assessment_problems, load_instrument
from dialogs.kreis import Kreis, check_kreis, load_kreis

log = logging.getLogger(__name__)


class ContentError(RuntimeError):
    """The instrument or the Kreis data is inconsistent; the bot refuses to start on it."""


def load_content(settings: Settings) -> tuple[Instrument, Kreis]:
    instrument = load_instrument(settings.instrument_file)
    kreis = load_kreis(settings.kreis_file)
    problems = [*assessment_problems(instrument), *check_kreis(kreis)]
    errors = [p for p in problems if not p.startswith("warning:")]
    for warning in (p for p in problems if p.startswith("warning:")):
        log.warning("%s", warning)
    if errors:
        raise ContentError("; ".join(errors) + " (run `python -m bot check`)")
    return instrument, kreis
