"""The case card as counsellors see it: it always fits one Telegram message with every child and
its buttons, it says when a child's special needs want a talk (never what), and the topic name
shows every child (issue 9 items 5, 7, 8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.assessment.rules import assess, assessment_json
from dialogs.parent.estimate import assessment_input
from dialogs.staff import actions as a
from dialogs.staff import effects as fx
from dialogs.staff.card import card, card_text, topic_name
from dialogs.staff.view import Child, EstimateOverride
from dialogs.text import TEXT_LIMIT, Renderer, utf16_len
from tests.support.dialog_driver import INSTRUMENT, KREIS
from tests.support.staff_driver import ANNA, StaffDriver, case

render = Renderer().render
TODAY = date(2026, 11, 25)


def child(**answers: Any) -> Child:
    return Child(answers, assessment_json(assess(assessment_input(answers, TODAY))))


# Four children of one family as parents really answer: names in Arabic, Cyrillic, Ge'ez and
# Perso-Arabic script with their Latin spelling, languages typed by hand, long answers.
FAMILY = (
    child(
        first_name="عبد الرحمن محمد الأحمد",
        first_name_latin="Abdulrahman Mohammad Al-Ahmad",
        birth_date="2016-03-12",
        country_of_origin="SY",
        arrival_date="2026-03-01",
        lives_in="municipality",
        municipality="duelmen",
        home_languages=["ar", "ku", "ckb", "other:Aramäisch (Turoyo)"],
        school_years_abroad=3,
        last_grade=3,
        school_interrupted=True,
        school_report="at_home",
        literacy="other_script",
        german="none",
        english="some",
        special_needs="yes",
        contact_preference="phone_interpreter",
        phone="+49 151 23456789",
        share_consent=True,
    ),
    child(
        first_name="Олександра-Вікторія",
        first_name_latin="Oleksandra-Viktoriia",
        birth_date="2010-07-30",
        country_of_origin="UA",
        arrival_date="2025-09-01",
        lives_in="municipality",
        municipality="luedinghausen",
        home_languages=["uk", "ru", "en", "other:Krimtatarisch"],
        school_years_abroad=9,
        last_grade=9,
        school_interrupted=False,
        school_report="yes",
        literacy="latin",
        german="a2",
        english="good",
        apprenticeship=False,
        special_needs="no",
        contact_preference="telegram",
        share_consent=True,
    ),
    child(
        first_name="ሰላም ተስፋይ ገብረሚካኤል",
        first_name_latin="Selam Tesfay Gebremichael",
        birth_date="2013-01-05",
        country_of_origin="ER",
        arrival_date="2024-11-01",
        lives_in="reception_centre",
        home_languages=["ti", "ar", "other:Tigre (Tigré)"],
        school_years_abroad=2,
        last_grade=2,
        school_interrupted=True,
        school_report="no",
        literacy="other_script",
        german="a1",
        english="none",
        special_needs="in_person",
        contact_preference="phone",
        phone="0151 23456789",
        share_consent=False,
    ),
    child(
        first_name="محمد حسین رضایی",
        first_name_latin="Mohammad Hussain Rezaei",
        birth_date="2009-12-24",
        country_of_origin="AF",
        arrival_date="2026-06-01",
        lives_in="municipality",
        municipality="coesfeld",
        home_languages=["fa-AF", "ps", "other:Usbekisch"],
        school_years_abroad=0,
        literacy="none",
        german="none",
        english="none",
        apprenticeship=False,
        contact_preference="telegram",
        share_consent=True,
    ),
)


def names_of(text: str) -> list[str]:
    return [c.answers["first_name"] for c in FAMILY if c.answers["first_name"] in text]


def test_a_card_that_fits_is_whole() -> None:
    text = card_text(case(children=FAMILY[1:2]), instrument=INSTRUMENT, kreis=KREIS)
    assert utf16_len(text) <= TEXT_LIMIT
    assert "Kurzfassung" not in text and "Geburtsdatum: 30.07.2010" in text


def test_four_children_fit_one_message_with_every_child_and_the_buttons() -> None:
    view = case(
        children=FAMILY, overrides={2: EstimateOverride("berufskolleg", "IFK", "Anna", "1.12.2026")}
    )
    reply = card(view, instrument=INSTRUMENT, kreis=KREIS)
    text = render(reply.text, "de")
    assert utf16_len(text) <= TEXT_LIMIT
    assert names_of(text) == [c.answers["first_name"] for c in FAMILY]
    for number in range(1, 5):
        assert f"/kind {number}" in text
    assert "📝 geändert: Berufskolleg (Anna)" in text
    # A name in another script is isolated, so the age after it is not pulled into its run.
    assert "· \u2068عبد الرحمن محمد الأحمد\u2069 (Abdulrahman Mohammad Al-Ahmad) · 10 J." in text
    labels = [render(b.label, "de") for row in reply.buttons for b in row]
    assert "🙋 Übernehmen" in labels and "✅ Abschließen" in labels


def test_eight_children_still_fit() -> None:
    view = case(children=FAMILY * 2)
    text = card_text(view, instrument=INSTRUMENT, kreis=KREIS)
    assert utf16_len(text) <= TEXT_LIMIT and "/kind 8" in text
    assert names_of(text) == [c.answers["first_name"] for c in FAMILY]
    assert "Selam Tesfay Gebremichael) · 13 J. · Sekundarstufe I · 🩺 persönlich" in text


def test_kind_shows_every_answer_of_one_child_in_the_topic() -> None:
    d = StaffDriver(view=case(children=FAMILY))
    (text,) = d.type("/kind 3") and d.texts()
    assert "👧 Kind 3" in text and "Selam Tesfay Gebremichael" in text
    assert "Wohnsituation: Landeseinrichtung" in text and "Quellen (FACTS)" in text
    assert d.type("/kind 5") and d.texts() == ["Fall #12 hat kein Kind 5 (Kinder 1–4)."]
    assert d.type("/kind zwei") and "So geht es: /kind 2" in d.texts()[0]


def test_special_needs_say_talk_in_person_and_the_answer_only_to_who_asks() -> None:
    d = StaffDriver(view=case(children=FAMILY[:3]))
    text = card_text(d.view, instrument=INSTRUMENT, kreis=KREIS)  # type: ignore[arg-type]
    assert text.count("Besonderer Unterstützungsbedarf: bitte persönlich besprechen") == 2
    assert "im Gespräch klären" not in text and "möchte es persönlich" not in text
    out = d.press_action("sn.12")
    assert out.replies == () and out.toast is not None
    assert "Kind 1" in out.toast and "ja – im Gespräch klären" in out.toast
    assert "Kind 3" in out.toast and "möchte es persönlich besprechen" in out.toast
    assert "Kind 2" not in out.toast  # answered "no"
    assert [(e.action, e.actor_id) for e in d.effects(fx.Audit)] == [
        ("special_needs_viewed", ANNA.user_id)
    ]
    labels = [
        render(b.label, "de")
        for row in card(d.view, instrument=INSTRUMENT, kreis=KREIS).buttons  # type: ignore[arg-type]
        for b in row
    ]
    assert "🩺 Angabe ansehen" in labels
    no_need = card(case(children=FAMILY[1:2]), instrument=INSTRUMENT, kreis=KREIS)
    assert "🩺 Angabe ansehen" not in [render(b.label, "de") for r in no_need.buttons for b in r]


def test_topic_name_shows_every_childs_age() -> None:
    view = case(children=FAMILY[:3], municipality="Dülmen", age=10)
    assert topic_name(view) == "#12 · ar · 10/16/13 J. · Dülmen · offen"


def test_showing_a_child_changes_nothing() -> None:
    d = StaffDriver(view=case(children=FAMILY))
    out = d.act(a.ShowChild(2))
    assert out.changes.empty and out.effects == ()
