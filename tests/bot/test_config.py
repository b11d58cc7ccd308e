"""STAFF_GROUPS as the environment gives it: parsed with the settings, its names checked
against the Kreis file when the bot starts and by `python -m bot check`."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.content import ContentError, load_content, staff_groups
from dialogs.staff.groups import StaffGroups
from tests.bot.test_cli import run_bot
from tests.support.env import TEST_KEY


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name in ("STAFF_GROUPS", "COUNSELLOR_CHAT_ID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings(data_key=TEST_KEY, _env_file=None)  # type: ignore[call-arg]


def test_staff_groups_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    found = settings(
        monkeypatch,
        STAFF_GROUPS=" -1001000000002 = Dülmen, Senden ; -1001000000001=* ",
    )
    assert found.staff_groups == {
        -1001000000002: ("Dülmen", "Senden"),
        -1001000000001: ("*",),
    }
    _instrument, kreis = load_content(found)
    assert staff_groups(found, kreis) == StaffGroups(
        -1001000000001, {"Dülmen": -1001000000002, "Senden": -1001000000002}
    )


def test_counsellor_chat_id_alone_keeps_working(monkeypatch: pytest.MonkeyPatch) -> None:
    found = settings(monkeypatch, COUNSELLOR_CHAT_ID="-1001000000001")
    assert found.staff_groups is None
    _instrument, kreis = load_content(found)
    assert staff_groups(found, kreis) == StaffGroups(-1001000000001)
    # Beside STAFF_GROUPS it is the default group, when STAFF_GROUPS names none.
    both = settings(
        monkeypatch, COUNSELLOR_CHAT_ID="-1001000000001", STAFF_GROUPS="-1001000000002=duelmen"
    )
    groups = staff_groups(both, kreis)
    assert groups is not None and groups.chats == (-1001000000001, -1001000000002)
    assert staff_groups(settings(monkeypatch), kreis) is None
    assert settings(monkeypatch, STAFF_GROUPS=" ").staff_groups is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1001000000002=Dülmen;-1001000000001=*", "is not a supergroup's chat id"),
        ("-1001000000002:Dülmen", "is not written as"),
        ("-1001=*;-1002=*", "more than one default group"),
    ],
)
def test_a_malformed_setting_is_refused_when_read(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(monkeypatch, STAFF_GROUPS=value)


def test_an_unknown_municipality_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = settings(monkeypatch, STAFF_GROUPS="-1001000000002=Haltern am See;-1001000000001=*")
    with pytest.raises(ContentError, match=r'"Haltern am See" .* is not a municipality of Kreis'):
        load_content(wrong)
    no_default = settings(monkeypatch, STAFF_GROUPS="-1001000000002=Dülmen")
    with pytest.raises(ContentError, match="no default group"):
        load_content(no_default)


def test_check_names_a_wrong_staff_group_setting() -> None:
    unknown = run_bot("check", env={"STAFF_GROUPS": "-1002=Dülmen,Haltern;-1001=*"})
    assert unknown.returncode == 1
    assert '"Haltern" (-1002) is not a municipality of Kreis Coesfeld' in unknown.stderr
    malformed = run_bot("check", env={"STAFF_GROUPS": "1002=Dülmen"})
    assert malformed.returncode == 2
    assert "error: STAFF_GROUPS: 1002 is not a supergroup's chat id" in malformed.stderr
    fine = run_bot("check", env={"STAFF_GROUPS": "-1002=Dülmen;-1001=*"})
    assert fine.returncode == 0, fine.stderr
    assert "staff groups: 2, default -1001" in fine.stdout
