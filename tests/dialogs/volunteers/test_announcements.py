"""Announcements as the counsellors see them: parsing, preview buttons, progress texts."""

from __future__ import annotations

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.reply import Reply
from dialogs.text import render_german
from dialogs.volunteers import announcements as an
from dialogs.volunteers import buttons

KREIS = load_kreis(default_kreis_path())


def test_to_everyone_or_to_municipalities() -> None:
    assert an.parse("Sommerfest", KREIS, photo=False) == an.Request("Sommerfest", None)
    chosen = an.parse("in Dülmen, stadt nottuln; Elterncafé; montags", KREIS, photo=False)
    assert chosen == an.Request(
        "Elterncafé; montags", ("duelmen", "nottuln"), ("Dülmen", "Nottuln")
    )
    # "in" without a list is just text.
    assert an.parse("in der Stadthalle", KREIS, photo=False) == an.Request(
        "in der Stadthalle", None
    )


def test_mistakes_are_named() -> None:
    unknown = an.parse("in Atlantis; Hallo", KREIS, photo=False)
    assert isinstance(unknown, Reply) and "Atlantis" in render_german(unknown.text)
    assert isinstance(an.parse("  ", KREIS, photo=False), Reply)
    assert isinstance(an.parse("in Dülmen;  ", KREIS, photo=False), Reply)
    assert isinstance(an.parse("x" * 1025, KREIS, photo=True), Reply)  # a caption's limit
    assert not isinstance(an.parse("x" * 1025, KREIS, photo=False), Reply)


def test_preview_buttons_and_progress() -> None:
    reply = an.preview(7, an.Request("Hallo", None), 12, photo=True)
    assert "12 Gruppen" in render_german(reply.text) and "mit Foto" in render_german(reply.text)
    actions = [b.action for row in reply.buttons for b in row]
    assert [buttons.parse_announcement(a) for a in actions] == [(True, 7), (False, 7)]
    assert buttons.parse_announcement("an.ok.x") is None and buttons.parse_staff("an.ok.7") is None
    assert "3/10" in an.progress(7, 2, 1, 7) and "ausstehend 7" in an.progress(7, 2, 1, 7)
    assert "fertig: 9/10 gesendet, 1 fehlgeschlagen" in an.progress(7, 9, 1, 0)
