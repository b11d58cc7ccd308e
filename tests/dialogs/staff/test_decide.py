"""Every counsellor action through the pure staff core, with a `StaffDriver`: no database, no
Telegram — what the case becomes, what the family is told, what the staff group sees."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from dialogs.parent.events import (
    CaseClaimed,
    CaseClosed,
    CaseReopened,
    CounsellorSentFile,
    CounsellorWrote,
)
from dialogs.staff import actions as a
from dialogs.staff import effects as fx
from dialogs.staff.decide import CLOSED_NOT_SENT, GONE, NOT_THIS_TOPIC
from dialogs.staff.queue import QueuedCase
from dialogs.staff.view import Actor
from dialogs.text import Raw, Renderer
from tests.support.staff_driver import ANNA, CHILD, NOW, StaffDriver, case

render = Renderer().render


def family_events(d: StaffDriver) -> list[object]:
    return [e.event for e in d.effects(fx.NotifyFamily)]


def audits(d: StaffDriver) -> list[tuple[str, int | None, int | None]]:
    return [(e.action, e.case_id, e.actor_id) for e in d.effects(fx.Audit)]


def test_claim_takes_the_case_tells_the_family_and_refreshes_card_and_topic() -> None:
    d = StaffDriver()
    out = d.act(a.Claim())
    assert out.toast == "Fall #12 gehört jetzt Ihnen."
    assert (out.changes.status, out.changes.claimed_by, out.changes.claimed_at) == (
        "claimed",
        ANNA.user_id,
        NOW,
    )
    assert family_events(d) == [CaseClaimed(None)]  # Anna has not chosen to show her name
    (refresh,) = d.effects(fx.RefreshCard)
    assert refresh.topic_name == "#12 · ar · 10 J. · bei Anna"
    card = render(refresh.card.text, "de")
    assert "Übernommen von Anna" in card and "Fall #12 · übernommen" in card
    labels = [render(b.label, "de") for row in refresh.card.buttons for b in row]
    assert "🙋 Übernehmen" not in labels and "✅ Abschließen" in labels
    assert audits(d) == [("claim", 12, ANNA.user_id)]


def test_a_claimed_case_is_not_taken_again() -> None:
    d = StaffDriver(view=case(status="claimed", claimed_by=9002, claimed_by_name="Bernd"))
    assert d.act(a.Claim()).toast == "Diesen Fall hat schon Bernd."
    assert d.last.effects == () and d.last.changes.empty
    mine = StaffDriver(view=case(status="claimed", claimed_by=ANNA.user_id))
    assert mine.act(a.Claim()).toast == "Sie haben diesen Fall schon."
    closed = StaffDriver(view=case(status="closed"))
    assert "abgeschlossen" in (closed.act(a.Claim()).toast or "")


def test_a_counsellor_who_shows_her_name_is_named_to_the_family() -> None:
    d = StaffDriver(actor=Actor(9001, "Anna", shows_name=True))
    d.act(a.Claim())
    assert family_events(d) == [CaseClaimed("Anna")]
    d.type("Guten Tag!")
    assert family_events(d) == [CounsellorWrote(Raw("Guten Tag!"), "Anna")]


def test_close_asks_first_then_tells_the_family_and_reopening_tells_it_too() -> None:
    d = StaffDriver(view=case(status="claimed", claimed_by=ANNA.user_id, claimed_by_name="Anna"))
    # The card's button only asks: it sits next to "Einschätzung ändern".
    out = d.press_action("close.12")
    assert out.changes.empty and family_events(d) == [] and not d.effects(fx.CloseTopic)
    assert d.texts() == [
        "✅ Fall #12 abschließen? Die Familie bekommt eine Nachricht, das Thema wird geschlossen."
    ]
    out = d.press("Ja, abschließen")
    assert out.changes.status == "closed" and out.changes.closed_at == NOW
    assert family_events(d) == [CaseClosed()]
    assert any(isinstance(e, fx.CloseTopic) for e in out.effects)
    assert out.edit == "✅ Fall #12 ist abgeschlossen. Die Familie wurde informiert."
    assert d.press_action("closeok.12").toast == "Der Fall ist schon abgeschlossen."
    assert d.press_action("close.12").toast == "Der Fall ist schon abgeschlossen."
    out = d.press_action("reopen.12")
    # Reopened to whoever had it; the family, told its case was closed, is told it is open.
    assert (out.changes.status, out.changes.reopened) == ("claimed", True)
    assert family_events(d) == [CaseReopened()] and d.effects(fx.ReopenTopic)
    assert out.toast == "Fall #12 ist wieder offen. Die Familie wurde informiert."
    assert d.act(a.Reopen()).toast == "Der Fall ist offen."


def test_closing_and_reopening_a_case_whose_family_is_gone_tells_nobody() -> None:
    d = StaffDriver(view=case(family_id=None, family_locale=None))
    d.press_action("close.12")
    assert d.texts() == ["✅ Fall #12 abschließen? Das Thema wird geschlossen."]
    assert d.press("Ja, abschließen").edit == "✅ Fall #12 ist abgeschlossen."
    assert d.press_action("reopen.12").toast == "Fall #12 ist wieder offen."
    assert family_events(d) == []


def test_words_and_files_reach_the_family_only_while_the_case_is_open_and_the_family_exists() -> (
    None
):
    d = StaffDriver()
    out = d.type("Bitte bringen Sie das Zeugnis mit.")
    assert out.relayed and audits(d) == [("reply", 12, ANNA.user_id)]
    assert family_events(d) == [CounsellorWrote(Raw("Bitte bringen Sie das Zeugnis mit."), None)]
    photo = a.SendFile((-100, 55), "Lageplan", captionable=True)
    d.act(photo)
    assert family_events(d) == [CounsellorSentFile((-100, 55), "Lageplan", True, None)]

    gone = StaffDriver(view=case(family_id=None, family_locale=None))
    assert gone.type("Hallo").replies and gone.texts() == [GONE] and not gone.last.relayed
    closed = StaffDriver(view=case(status="closed"))
    assert closed.type("Hallo").replies and closed.texts() == [CLOSED_NOT_SENT]
    closed.act(photo)
    assert "Datei wurde nicht gesendet" in closed.texts()[0] and family_events(closed) == []


def test_a_note_stays_in_the_topic() -> None:
    d = StaffDriver()
    d.type("/note Vater spricht etwas Englisch")
    assert "Interne Notiz" in d.texts()[0] and family_events(d) == []
    assert audits(d) == [("note", 12, ANNA.user_id)]


def test_override_per_child() -> None:
    two = case(children=(CHILD, replace(CHILD, assessment={**CHILD.assessment, "age": 13})))
    d = StaffDriver(view=two)
    d.type("/einschaetzung 2 sek1 Zeugnis zeigt Klasse 6")
    assert d.texts() == ["Einschätzung für Fall #12 (Kind 2) geändert: Sekundarstufe I."]
    assert d.view is not None and set(d.view.overrides) == {2}
    override = d.view.overrides[2]
    assert (override.stage, override.by, override.at) == ("secondary_1", "Anna", "25.11.2026")
    card = render(d.effects(fx.RefreshCard)[0].card.text, "de")
    section_2 = card.split("👧 Kind 2")[1]
    assert "Einschätzung geändert von Anna" in section_2 and "Grund: Zeugnis" in section_2
    assert "Einschätzung geändert" not in card.split("👧 Kind 2")[0]
    d.type("/einschaetzung 3 sek1 gibt es nicht")
    assert "kein Kind 3" in d.texts()[0] and d.last.changes.empty
    d.type("/einschaetzung mars weil")
    assert "So geht es" in d.texts()[0]


def test_templates_preview_in_german_and_the_familys_language_then_send() -> None:
    d = StaffDriver()
    d.type("/vorlagen")
    assert "• /vorlage docs – Unterlagen zum Termin mitbringen" in d.texts()[0]
    d.press("Termin bestätigt")
    assert "braucht Werte" in d.texts()[0] and "/vorlage appt" in d.texts()[0]
    d.type("/vorlage appt 14.01.2027; 9:30; Rathaus Dülmen")
    (saved,) = d.effects(fx.SaveDraft)
    assert (saved.key, saved.values, saved.counsellor_id) == (
        "appt",
        ("14.01.2027", "9:30", "Rathaus Dülmen"),
        ANNA.user_id,
    )
    preview = d.texts()[0]
    assert "🇩🇪 📅 Ihr Termin ist am 14. Januar 2027 um 9:30 Uhr." in preview
    assert "🌐 ar:" in preview and "Rathaus Dülmen" in preview.split("🌐 ar:")[1]
    assert preview.split("🌐 ar:")[1] != preview.split("🇩🇪")[1]  # really in Arabic
    d.press("Senden")
    (sent,) = family_events(d)
    assert isinstance(sent, CounsellorWrote) and "{date}" in getattr(sent.text, "msgid", "")
    assert d.last.edit is not None and d.last.edit.startswith("📤 Gesendet: „Termin bestätigt“")
    assert d.effects(fx.DeleteDraft) and audits(d) == [("template", 12, ANNA.user_id)]
    d.press_action(f"send.{saved.token}")  # pressed again: the preview is gone
    assert d.last.toast == "Diese Vorschau gibt es nicht mehr." and family_events(d) == []


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("/vorlage frobnicate", "Unbekannte Vorlage „frobnicate“"),
        ("/vorlage appt morgen; 9:30; Rathaus", "Kein gültiges Datum"),
        ("/vorlage appt 01.01.2020; 9:30; Rathaus", "liegt in der Vergangenheit"),
        ("/vorlage call 14.01.2027; 25:00", "Keine gültige Uhrzeit"),
    ],
)
def test_template_values_are_checked_before_anything_is_saved(typed: str, answer: str) -> None:
    d = StaffDriver()
    d.type(typed)
    assert answer in d.texts()[0] and d.effects(fx.SaveDraft) == []


def test_a_preview_is_not_sent_to_a_closed_case_or_an_erased_family() -> None:
    for later in (
        {"status": "closed"},
        {"family_id": None, "family_locale": None},
    ):
        d = StaffDriver()
        d.type("/vorlage wait")
        d.view = replace(d.view, **later)  # type: ignore[arg-type]
        d.press("Senden")
        assert family_events(d) == [] and d.effects(fx.DeleteDraft)
        assert d.last.edit in {CLOSED_NOT_SENT, GONE}


def test_drop_a_preview() -> None:
    d = StaffDriver()
    d.type("/vorlage wait")
    d.press("Verwerfen")
    assert d.last.edit == "Verworfen." and d.effects(fx.DeleteDraft) and d.view.draft is None  # type: ignore[union-attr]


def test_erase_asks_then_removes_the_family_its_topics_and_tells_the_team() -> None:
    d = StaffDriver(view=case(family_cases=((3, ((-100, 41),)), (12, ((-100, 77), (-99, 5))))))
    d.type("/loeschen")
    assert "löschen?" in d.texts()[0] and d.last.effects == ()
    d.press("Endgültig löschen")
    assert d.last.toast == "Gelöscht."
    assert d.effects(fx.EraseFamily) == [fx.EraseFamily(501)]
    assert [(e.case_id, e.topic) for e in d.effects(fx.DeleteTopic)] == [
        (3, (-100, 41)),
        (12, (-100, 77)),
        (12, (-99, 5)),  # a topic from an earlier staff group goes too
    ]
    (told,) = d.effects(fx.PostToGeneral)
    assert render(told.reply.text, "de") == "🗑 Fall #3, #12 wurde auf Wunsch gelöscht (von Anna)."
    assert audits(d) == [("staff_erase", 3, ANNA.user_id), ("staff_erase", 12, ANNA.user_id)]
    orphan = StaffDriver(view=case(family_id=None, family_locale=None))
    orphan.act(a.ConfirmErase())
    assert orphan.effects(fx.DeleteCase) == [fx.DeleteCase(12)]


def test_general_topic_commands_and_refusals() -> None:
    d = StaffDriver(view=None)
    d.type("/hilfe")
    assert "Schullotse im Team-Chat" in d.texts()[0]
    d.type("/note nur im Fall")
    assert d.texts() == ["Das geht nur im Thema eines Falls."]
    d.type("Guten Morgen, Team!")
    assert d.last == type(d.last)()  # the team's own talk: no answer, no effect
    d.type("/frobnicate")
    assert "Unbekannter Befehl" in d.texts()[0]
    d.type("/name an")
    assert d.actor.shows_name and d.effects(fx.RememberCounsellor)


def test_a_button_pressed_outside_its_topic_does_nothing() -> None:
    d = StaffDriver(view=None)
    for action in (
        a.Claim(),
        a.Close(),
        a.ConfirmClose(),
        a.ConfirmErase(),
        a.Templates(pressed=True),
    ):
        assert d.act(action).toast == NOT_THIS_TOPIC and d.last.effects == ()
    assert d.press_action("claim.12").toast == NOT_THIS_TOPIC
    assert d.press_action("nonsense").toast == "Unbekannter Knopf."
    assert StaffDriver().press_action("claim.x").toast == "Unbekannter Knopf."


def test_queue_lists_unclaimed_first() -> None:
    d = StaffDriver(view=None)
    queue = (
        QueuedCase(2, "claimed", NOW - timedelta(hours=3), "uk", "Bernd"),
        QueuedCase(5, "open", NOW - timedelta(minutes=40), "ar"),
    )
    d.queue = queue
    d.type("/queue")
    text = d.texts()[0]
    assert text.index("#5") < text.index("#2") and "⚠️ frei" in text and "bei Bernd" in text


def test_schulplatz_gefunden_names_the_child_and_asks_which_one_when_there_are_several() -> None:
    omar = replace(CHILD, answers={"first_name": "Omar"})
    d = StaffDriver(view=case(children=(CHILD, omar)))
    d.type("/vorlagen")
    d.press("Schulplatz gefunden")
    assert "/vorlage place <Kind> <Schule (Name, Adresse)>" in d.texts()[0]
    d.type("/vorlage place Gesamtschule Dülmen; 14.01.2027")
    assert "für welches Kind?" in d.texts()[0] and "1 Amira, 2 Omar" in d.texts()[0]
    assert d.effects(fx.SaveDraft) == []
    d.type("/vorlage place 3 Gesamtschule Dülmen; 14.01.2027")
    assert d.texts() == ["Kein Kind 3: dieser Fall hat Kind 1–2."]
    d.type("/vorlage place 2 Gesamtschule Dülmen; 14.01.2027")
    preview = d.texts()[0]
    assert "Kind: Omar\nSchule: Gesamtschule Dülmen" in preview
    assert "Omar" in preview.split("🌐 ar:")[1]
    d.press("Senden")
    (sent,) = family_events(d)
    assert isinstance(sent, CounsellorWrote)
    assert "Kind: Omar" in render(sent.text, "de") and "Omar" in render(sent.text, "uk")
    # One child: its name without a number.
    d = StaffDriver()
    d.type("/vorlage place Gesamtschule Dülmen; 14.01.2027")
    assert "Kind: Amira\nSchule: Gesamtschule Dülmen" in d.texts()[0]
