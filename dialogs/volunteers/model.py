"""An initiative group as the core sees it: a value the shell loads and saves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# pending: added, waiting for the counsellors; approved: may use the bot; rejected: the bot
# left and leaves again if re-added; removed: the group removed the bot (kept for the record
# and for a return: an approved group that adds the bot again needs no second approval).
Status = Literal["pending", "approved", "rejected", "removed"]


@dataclass(frozen=True)
class Initiative:
    number: int  # shown to counsellors (#3); a chat id is long and changes on migration
    chat_id: int
    title: str
    status: Status
    name: str | None = None
    municipality: str | None = None
    # The one short note an unapproved group gets was given: after it, silence.
    noted: bool = False
    # The status before the bot was removed, so a return restores it.
    was: Status | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"
