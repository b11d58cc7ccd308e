"""Which update a unit of work handles, so that the desk writing the family's row can record
it there (see `bot.telegram.middlewares.UnitOfWork`)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.optimistic import FamilyWrite


@dataclass
class UpdateMark:
    update_id: int | None
    in_ledger: bool = False  # recorded in `processed_updates` before it was handled
    recorded: bool = False  # recorded with the family's row by the desk that wrote it
    # The family's row was read without a lock, at this version: the desk leaves its write
    # in `write`, and the unit of work writes it with the replies (storage/optimistic.py).
    version: str | None = None
    write: FamilyWrite | None = None
