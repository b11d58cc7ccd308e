"""What reaches the counsellors when a family acts, through the pure `dialogs.staff.family`."""

from __future__ import annotations

from dataclasses import replace

from dialogs.parent.outcome import (
    LanguageChanged,
    RelayMedia,
    RelayToCase,
    RequestContact,
    SubmitChild,
)
from dialogs.staff import effects as fx
from dialogs.staff.decide import StaffOutcome
from dialogs.staff.family import announce, erased, receive
from dialogs.staff.view import CaseChanges
from dialogs.text import Renderer
from tests.support.staff_driver import CHILD, StaffDriver, case

render = Renderer().render
SUBMITTED = SubmitChild(0, {"first_name": "Omar", "municipality": "duelmen"}, {"age": 7})


def _receive(view: object, event: object, policy: str = "reopen") -> StaffOutcome:
    ctx = replace(StaffDriver().context(), closed_case_policy=policy)  # type: ignore[arg-type]
    return receive(view, event, family_id=501, locale="ar", ctx=ctx)  # type: ignore[arg-type]


def posts(outcome: StaffOutcome) -> list[str]:
    return [render(e.reply.text, "de") for e in outcome.effects if isinstance(e, fx.PostToTopic)]


def test_a_first_child_opens_a_case_with_its_municipality_and_age() -> None:
    out = _receive(None, SUBMITTED)
    assert out.open is not None
    assert (out.open.family_id, out.open.locale, out.open.age, out.open.municipality) == (
        501,
        "ar",
        7,
        "Dülmen",
    )
    assert out.effects == ()  # the case is created first; `announce` makes its topic


def test_another_child_joins_the_open_case() -> None:
    out = _receive(case(age=10, municipality="Coesfeld"), SUBMITTED)
    assert out.open is None and out.changes.children is not None
    assert len(out.changes.children) == 2 and out.changes.age is None  # child 1 set them
    assert posts(out)[0].startswith("➕ Fall #12: weiteres Kind\n\n👧 Kind 2")
    assert [e.action for e in out.effects if isinstance(e, fx.Audit)] == ["child_added"]


def test_a_contact_case_takes_the_first_childs_age_and_place() -> None:
    out = _receive(case(children=(), age=None), SUBMITTED)
    assert (out.changes.age, out.changes.municipality) == (7, "Dülmen")
    # Its first child, not "another" one.
    assert posts(out)[0].startswith("➕ Fall #12: Angaben zum Kind\n\n👧 Kind 1")


def test_messages_and_files_go_to_the_open_case() -> None:
    out = _receive(case(), RelayToCase("Wann ist der Termin?"))
    assert posts(out) == ["💬 Nachricht der Familie (Fall #12):\nWann ist der Termin?"]
    out = _receive(case(), RelayMedia((501, 9)))
    assert posts(out) == ["📎 Datei der Familie (Fall #12):"]
    assert [e.ref for e in out.effects if isinstance(e, fx.CopyToTopic)] == [(501, 9)]
    out = _receive(case(), RequestContact())
    assert posts(out) == ["🙋 Fall #12: Die Familie bittet um Rückmeldung."]


def test_writing_to_a_closed_case_reopens_it_or_opens_a_new_one_as_the_ki_chose() -> None:
    closed = case(status="closed", claimed_by=9001, claimed_by_name="Anna")
    out = _receive(closed, RelayToCase("Noch eine Frage"))
    assert (out.changes.status, out.changes.reopened) == ("claimed", True)
    assert any(isinstance(e, fx.ReopenTopic) for e in out.effects)
    assert posts(out) == [
        "📂 Fall #12 wurde wieder geöffnet: die Familie hat geschrieben.",
        "💬 Nachricht der Familie (Fall #12):\nNoch eine Frage",
    ]
    out = _receive(closed, RelayToCase("Noch eine Frage"), policy="new")
    assert out.open is not None and out.open.children == () and out.effects == ()


def test_announce_makes_topic_and_card_then_passes_on_the_message() -> None:
    ctx = StaffDriver().context()
    new = case(
        id=13, status="open", children=(CHILD,), topic_id=None, age=10, municipality="Dülmen"
    )
    out = announce(new, RelayToCase("Hallo"), ctx)
    kinds = [type(e).__name__ for e in out.effects]
    assert kinds == ["CreateTopic", "PostCard", "Audit", "PostToTopic", "Audit"]
    assert out.effects[0] == fx.CreateTopic("#13 · ar · 10 J. · Dülmen · offen")
    contact = announce(replace(new, children=()), RequestContact(), ctx)
    assert [type(e).__name__ for e in contact.effects] == ["CreateTopic", "PostCard", "Audit"]
    card = render(contact.effects[1].card.text, "de")  # type: ignore[union-attr]
    assert "möchte mit einer Person sprechen" in card


def test_an_erasure_deletes_each_topic_and_tells_the_team() -> None:
    # Case 3 has a topic in the staff group and one in an earlier group; case 12 none, its
    # card went to the General topic of group -98.
    out = erased([(3, ((-100, 41), (-99, 5))), (12, ())], [(12, 77, -98)])
    assert [e for e in out.effects if isinstance(e, fx.DeleteTopic)] == [
        fx.DeleteTopic(3, (-100, 41)),
        fx.DeleteTopic(3, (-99, 5)),
    ]
    assert [e for e in out.effects if isinstance(e, fx.DeleteGeneralMessage)] == [
        fx.DeleteGeneralMessage(77, -98)
    ]
    # Each word for the team in the group the case was in.
    assert [e.group for e in out.effects if isinstance(e, fx.PostToGeneral)] == [-100, -98]
    unknown = erased([(4, ((0, 3),)), (5, ())])  # from before topics knew their group
    assert [e.group for e in unknown.effects if isinstance(e, fx.PostToGeneral)] == [None, None]
    told = [render(e.reply.text, "de") for e in out.effects if isinstance(e, fx.PostToGeneral)]
    assert told == [
        "🗑 Fall #3 wurde auf Wunsch der Familie gelöscht.",
        "🗑 Fall #12 wurde auf Wunsch der Familie gelöscht.",
    ]


def test_a_language_change_reaches_case_card_topic_and_team_without_reopening() -> None:
    for status in ("open", "closed"):
        view = case(locale="de", family_locale="de", status=status)
        out = _receive(view, LanguageChanged("ar"))
        assert out.changes == CaseChanges(locale="ar") and out.open is None
        (refresh,) = [e for e in out.effects if isinstance(e, fx.RefreshCard)]
        assert refresh.topic_name.startswith("#12 · ar ·")
        assert "Sprache im Chat: Arabisch (ar)" in render(refresh.card.text, "de")
        assert posts(out) == [
            "🌐 Die Familie hat die Sprache gewechselt: Deutsch (de) → Arabisch (ar). Vorlagen "
            "gehen ab jetzt in dieser Sprache an die Familie."
        ]
        assert not any(isinstance(e, fx.ReopenTopic) for e in out.effects)
    assert _receive(None, LanguageChanged("ar")) == StaffOutcome()
