"""The instrument and the Kreis data, loaded and checked together before the bot starts.

Apart from `bot.app` so that commands which never talk to Telegram (`python -m bot assess`,
`check`) do not import aiogram: its Bot API models take seconds to build at import.
"""

from __future__ import annotations

import logging

from bot.config import Settings
from dialogs.instrument import Instrument, assessment_problems, load_instrument
from dialogs.kreis import Kreis, check_kreis, load_kreis
from dialogs.staff.groups import StaffGroups, StaffGroupsError

log = logging.getLogger(__name__)


class ContentError(RuntimeError):
    """The instrument or the Kreis data is inconsistent; the bot refuses to start on it."""


def load_content(settings: Settings) -> tuple[Instrument, Kreis]:
    instrument = load_instrument(settings.instrument_file)
    kreis = load_kreis(settings.kreis_file)
    problems = [*assessment_problems(instrument), *check_kreis(kreis)]
    try:
        staff_groups(settings, kreis)
    except ContentError as exc:
        problems.append(str(exc))
    errors = [p for p in problems if not p.startswith("warning:")]
    for warning in (p for p in problems if p.startswith("warning:")):
        log.warning("%s", warning)
    if errors:
        raise ContentError("; ".join(errors) + " (run `python -m bot check`)")
    return instrument, kreis


def staff_groups(settings: Settings, kreis: Kreis) -> StaffGroups | None:
    """The staff groups (COUNSELLOR_CHAT_ID, STAFF_GROUPS) with the Kreis file's names;
    None when none is set."""
    try:
        return StaffGroups.build(
            settings.staff_groups, default=settings.counsellor_chat_id, kreis=kreis
        )
    except StaffGroupsError as exc:
        raise ContentError(f"STAFF_GROUPS: {exc}") from None
