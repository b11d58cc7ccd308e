"""/karte shows the card again without changing anything; /vorlagen lists what /vorlage needs
(issue 9 item 19)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.staff import actions as a
from dialogs.staff.commands import HELP_TEXT, parse_staff_command
from dialogs.staff.templates import TEMPLATES
from dialogs.text import Renderer
from tests.support.staff_driver import CHILD, StaffDriver, case

render = Renderer().render


def test_the_card_shown_again_changes_nothing() -> None:
    d = StaffDriver(view=case(status="claimed", claimed_by=9001, claimed_by_name="Anna"))
    assert parse_staff_command("karte", "") == a.ShowCard()
    out = d.type("/karte")
    assert out.changes.empty and out.effects == () and out.toast is None
    (text,) = d.texts()
    assert text.startswith("📁 Fall #12 · übernommen") and "Amira" in text
    assert "✅ Abschließen" in [label for label, _action in d.buttons()]
    assert "/karte" in HELP_TEXT
    # Outside a case's topic it says where it works.
    assert "Fall" in render(StaffDriver(view=None).act(a.ShowCard()).replies[0].text, "de")


def test_templates_list_each_key_with_the_values_it_needs() -> None:
    d = StaffDriver()
    d.type("/vorlagen")
    (text,) = d.texts()
    for t in TEMPLATES:
        assert f"/vorlage {t.key}" in text and t.label in text
    assert (
        "• /vorlage appt <Datum (z. B. 14.01.2027)>; <Uhrzeit (z. B. 9:30)>; "
        "<Ort (Adresse, Raum)> – Termin bestätigt"
    ) in text
    # With two children a template that names the child asks for its number first.
    two = StaffDriver(view=case(children=(CHILD, replace(CHILD, answers={"first_name": "Omar"}))))
    two.type("/vorlagen")
    assert "/vorlage place <Kind> <Schule (Name, Adresse)>; <Datum" in two.texts()[0]
    assert "/vorlage docs – " in two.texts()[0]
