"""The team's notice about a message that never reached the family."""

from __future__ import annotations

from dialogs.staff.delivery import undelivered_notice


def test_the_notice_names_the_reason_and_the_message() -> None:
    notice = undelivered_notice("Forbidden: bot was blocked by the user", "Termin am Montag")
    assert "blockiert" in notice and "„Termin am Montag“" in notice


def test_a_deleted_account_and_an_unknown_refusal_are_told_apart() -> None:
    assert "gibt es nicht mehr" in undelivered_notice("Forbidden: user is deactivated", None)
    unknown = undelivered_notice("Bad Request: something new", None)
    assert "something new" in unknown and "(eine Datei)" in unknown


def test_a_long_message_is_quoted_in_part() -> None:
    notice = undelivered_notice("blocked", "x" * 5000)
    assert len(notice) < 700
