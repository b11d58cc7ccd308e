"""Who counts as a counsellor: Telegram's answer about the staff group, via the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.telegram.membership import Membership
from tests.fakeapi import FakeBotAPI, FakeUser

STAFF = -1001000000077
ANNA = FakeUser(9001, "Anna")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        server.add_forum_chat(STAFF, "KI Beratung")
        yield server


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        ("creator", True),
        ("administrator", True),
        ("member", True),
        # Restricted (e.g. muted by an admin) while still in the group: the team took
        # rights away, so the bot must not let them act on cases or write to families.
        ("restricted", False),
        ("left", False),
        ("kicked", False),
    ],
)
async def test_only_full_members_of_the_staff_group_are_counsellors(
    fake: FakeBotAPI, status: str, counts: bool
) -> None:
    member = fake.add_member(STAFF, ANNA, status)
    if status == "restricted":
        assert member["is_member"] is True
    membership = Membership(STAFF)
    assert await membership.is_counsellor(fake.create_bot(), ANNA.id) is counts
    fake.assert_no_violations()


async def test_a_user_who_never_joined_is_no_counsellor(fake: FakeBotAPI) -> None:
    assert await Membership(STAFF).is_counsellor(fake.create_bot(), 4242) is False


async def test_a_member_of_one_staff_group_is_no_counsellor_in_another(
    fake: FakeBotAPI,
) -> None:
    other = -1001000000078
    fake.add_forum_chat(other, "KI Beratung Dülmen")
    fake.add_member(STAFF, ANNA, "member")
    fake.add_member(other, ANNA, "left")
    membership = Membership([STAFF, other])
    bot = fake.create_bot()
    assert await membership.is_counsellor(bot, ANNA.id, STAFF) is True
    assert await membership.is_counsellor(bot, ANNA.id, other) is False
    # Not a staff group at all, or no group named among several: nobody is a counsellor.
    assert await membership.is_counsellor(bot, ANNA.id, -1001000000099) is False
    assert await membership.is_counsellor(bot, ANNA.id) is False
    fake.assert_no_violations()
