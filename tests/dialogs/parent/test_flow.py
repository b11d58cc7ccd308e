"""The parent dialog as a pure function: every path, no network, no database."""

from __future__ import annotations

import json

import pytest

from dialogs.parent.events import Command, Edited, Press, Typed, Unsupported
from dialogs.parent.flow import step
from dialogs.parent.outcome import (
    DeleteAllData,
    RelayMedia,
    RelayToCase,
    RequestContact,
    SubmitChild,
)
from dialogs.parent.state import ParentState
from tests.support.dialog_driver import AMIRA, Driver


def test_first_contact_greets_in_the_client_language_and_offers_the_picker() -> None:
    d = Driver()
    out = d.start(language_code="ar")
    assert out.locale == "ar"
    assert d.state.locale == "ar" and d.state.screen == "language"
    labels = d.labels()
    picker = labels[labels.index("العربية") :]
    # The client's language first, then the others, each in its own name (CLDR); 8 per page.
    assert picker[:8] == [
        "العربية",
        "Deutsch",
        "Українська",
        "فارسی",
        "Türkçe",
        "Русский",
        "پښتو",
        "Kurdî (kurmancî)",
    ]


@pytest.mark.parametrize(
    ("code", "expected", "offered_first"),
    [
        ("uk", "uk", ["uk"]),
        ("ar-SY", "ar", ["ar"]),
        ("fa-AF", "fa", ["fa"]),
        ("prs", "fa", ["fa"]),
        ("kmr", "ku", ["ku"]),
        ("ckb", "ar", ["ar", "ku"]),  # Sorani: Arabic script first, Kurmanji offered too
        ("ti-ER", "ti", ["ti"]),
        ("sq-XK", "sq", ["sq"]),
        ("ro-MD", "ro", ["ro"]),
        ("be", "ru", ["ru", "uk"]),
        ("xx", "de", []),
        (None, "de", []),
    ],
)
def test_language_detection_and_what_is_offered_first(
    code: str | None, expected: str, offered_first: list[str]
) -> None:
    d = Driver()
    d.start(language_code=code)
    assert d.state.locale == expected
    picker = [
        b.action.removeprefix("~")
        for b in d.buttons()
        if b.action.startswith("~lang.") and "page" not in b.action
    ]
    assert picker[: len(offered_first)] == [f"lang.{c}" for c in offered_first]


def test_the_picker_pages_through_all_sixteen_languages() -> None:
    d = Driver()
    d.start(language_code="de")
    first = [
        b.action.removeprefix("~")
        for b in d.buttons()
        if b.action.startswith("~lang.") and "page" not in b.action
    ]
    assert len(first) == 8
    d.press("Weitere Sprachen")
    second = [
        b.action.removeprefix("~")
        for b in d.buttons()
        if b.action.startswith("~lang.") and "page" not in b.action
    ]
    assert len(second) == 8 and not set(first) & set(second)
    assert {a.removeprefix("lang.") for a in first + second} == set(d.ctx.supported_locales)
    assert d.last is not None and d.last.replies[0].replace  # the picker is edited in place
    d.press("Français")
    assert d.state.locale == "fr"


def test_language_choice_is_stored_and_can_change_any_time() -> None:
    d = Driver()
    d.start(language_code="de")
    d.press("Українська")
    assert d.state.locale == "uk" and d.state.screen == "menu"
    d.command("language")
    d.press("Türkçe")
    assert d.state.locale == "tr"
    assert d.last is not None and d.last.locale == "tr"
    assert d.last.effects == ()  # the team does not know this family: nothing to tell


def test_a_family_the_team_knows_tells_it_when_it_changes_language() -> None:
    from dialogs.parent.outcome import LanguageChanged

    d = Driver()
    d.start(language_code="de")
    d.press("Deutsch")
    d.press("Mit einer Person sprechen")
    d.press("Ja")
    assert d.state.has_case
    d.command("language")
    d.press("العربية")
    assert d.last is not None and d.last.effects == (LanguageChanged("ar"),)
    d.command("language")
    d.press("العربية")  # the same language again: nothing new for the team
    assert d.last.effects == ()


def test_info_cards_page_through_and_name_their_source() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Schulpflicht in NRW")
    d.press("Wann beginnt")
    assert "30. September" in d.text() and "1. August" in d.text()
    assert "Quelle" in d.text()
    d.press("Nächstes Thema")
    assert "10 Schuljahre" in d.text()


def test_no_child_data_is_asked_before_consent_and_declining_keeps_information() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Angaben zum Kind")
    assert d.state.screen == "consent" and d.state.question is None
    d.press("Nein")
    assert not d.state.has_consent and d.state.children == []
    d.command("info")
    assert d.buttons(), "information stays available"
    d.command("intake")
    assert d.state.screen == "consent"


def test_whole_intake_gives_an_explained_estimate_and_opens_a_case() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    summary = d.text()
    assert "Amira" in summary and "Dülmen" in summary and "12. März 2016" in summary
    out = d.press("absenden")
    submitted = [e for e in out.effects if isinstance(e, SubmitChild)]
    assert len(submitted) == 1
    assessment = submitted[0].assessment
    assert assessment["stage"] == "secondary_1"
    assert assessment["school_obligation"] == "yes"
    # Arabic script and "a bit" of English: probably knows Latin letters (neu.scripts), so no
    # Latin-script start is planned; the counsellor is asked to check.
    assert "latin_script" not in assessment["support"]
    assert "Englisch: etwas" in assessment["explanation"]
    text = d.text()
    assert "Schulamt" in text  # the authority decides, and the parent is told so
    assert "Beispiel" in text  # the suggested place is from example data and says so
    json.dumps(submitted[0].answers)  # what is stored is plain JSON


def test_back_goes_one_question_back_and_forgets_that_answer() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    d.type("12.03.2016")
    assert d.state.question == "country_of_origin"
    d.press("Zurück")
    assert d.state.question == "birth_date"
    assert "birth_date" not in d.state.children[0].answers


def test_invalid_answers_get_a_hint_and_the_question_again() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    d.type("30.02.2016")
    assert d.state.question == "birth_date"
    assert "gibt es nicht im Kalender" in d.text()  # a specific, kind hint
    d.type("01.01.2030")  # in the future
    assert d.state.question == "birth_date"
    d.type("١٢.٠٣.٢٠١٦")  # Arabic-Indic digits are fine
    assert d.state.children[0].answers["birth_date"] == "2016-03-12"


def test_correcting_an_answer_from_the_summary_reasks_new_branches() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, "school_years_abroad": "0"})
    answers = d.state.children[0].answers
    assert "last_grade" not in answers
    number = next(lbl for lbl in d.labels() if lbl.startswith("✏️")).split()[1]
    assert number == "1"
    # Change the years of school: the follow-up questions appear, then the summary again.
    years_index = [q.id for q in d.ctx.instrument.applicable(answers, today=d.ctx.today)].index(
        "school_years_abroad"
    ) + 1
    d.press(f"✏️ {years_index}")
    assert d.state.question == "school_years_abroad"
    d.type("3")
    assert d.state.question == "last_grade"
    d.answer_all(AMIRA)
    assert d.state.screen == "summary"
    assert d.state.children[0].answers["last_grade"] == 3


def test_stop_and_come_back_continues_where_the_parent_left_off() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    stored = d.state.model_dump(mode="json")  # what the database keeps
    later = Driver(state=ParentState.model_validate(json.loads(json.dumps(stored))))
    later.start()
    later.press("fortsetzen")
    assert later.state.question == "birth_date"
    assert "Willkommen zurück" in later.text()


def test_a_second_child_gets_its_own_answers() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    d.press("Weiteres Kind")
    assert d.state.child == 1 and len(d.state.children) == 2
    d.answer_all({**AMIRA, "first_name": "Omar", "birth_date": "01.05.2019"})
    out = d.press("absenden")
    effect = next(e for e in out.effects if isinstance(e, SubmitChild))
    assert effect.child_index == 1 and effect.answers["first_name"] == "Omar"
    assert effect.assessment["stage"] == "primary"


def test_special_category_question_needs_its_own_consent() -> None:
    declined = Driver()
    declined.consent_and_start_intake()
    declined.answer_all(AMIRA)
    assert declined.state.children[0].answers["special_needs"] is None
    assert declined.state.special_consent is False

    agreed = Driver()
    agreed.consent_and_start_intake()
    agreed.answer_all({**AMIRA, "__special_consent__": "Ja, ich bin einverstanden"})
    assert agreed.state.children[0].answers["special_needs"] == "no"


def test_contact_request_needs_consent_then_opens_a_case() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    out = d.press("Mit einer Person sprechen")
    assert not out.effects and d.state.screen == "consent"
    out = d.press("Ja, ich bin einverstanden")
    assert any(isinstance(e, RequestContact) for e in out.effects)


def test_mydata_shows_the_answers_and_deletion_needs_confirmation() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    d.command("mydata")
    assert "Amira" in d.text()
    d.command("deletedata")
    out = d.press("behalten")
    assert not out.effects and d.state.children
    d.command("deletedata")
    out = d.press("Ja, alles löschen")
    assert any(isinstance(e, DeleteAllData) for e in out.effects)
    assert d.state.children == [] and not d.state.has_consent
    assert out.locale == "de"


@pytest.mark.parametrize(
    "action",
    [
        "a.999.0",
        "a.1.999",
        "t.0.0",
        "x",
        "",
        "lang.xx",
        "del.yes",
        "ok.yes",
        "e.3",
        "info.nope",
        "a.-1.0",
        "a.1",
        "s.1",
    ],
)
def test_forged_or_stale_buttons_change_nothing(action: str) -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    before = d.state.model_dump()
    d.send(Press(action))
    after = d.state.model_dump()
    assert after["children"] == before["children"]
    assert after["consent_at"] == before["consent_at"]
    assert d.state.question == "birth_date"


@pytest.mark.parametrize(
    "event",
    [
        Typed(""),
        Typed("   "),
        Typed("x" * 10_000),
        Typed("😀😀😀"),
        Unsupported("sticker"),
        Unsupported("photo"),
        Edited(),
        Command("frobnicate"),
    ],
)
def test_bad_input_during_the_intake_gets_a_polite_answer(event: object) -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    out = d.send(event)  # type: ignore[arg-type]
    assert out.replies, "always an answer"
    assert d.state.children[0].answers == {"first_name": "Amira"}
    for reply in out.replies:
        assert len(d.renderer.render(reply.text, "de")) <= 4096


def test_bad_input_in_the_menu() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    for event in (Typed("hallo"), Typed("x" * 10_000), Unsupported("voice"), Command("nope")):
        out = d.send(event)
        assert out.replies and d.state.screen == "menu"


def test_after_the_handoff_a_parents_text_goes_to_the_counsellors() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    out = d.type("Wann ist der Termin?")
    assert [e for e in out.effects if isinstance(e, RelayToCase)] == [
        RelayToCase("Wann ist der Termin?")
    ]
    d.command("start")  # in the menu, too: a question is never dropped once there is a case
    out = d.type("Noch eine Frage")
    assert any(isinstance(e, RelayToCase) for e in out.effects)
    out = d.send(Unsupported("photo"))
    assert not out.effects and "noch nicht weitergeben" in d.text()
    out = d.type("x" * 5000)
    assert not out.effects


def test_relayed_text_loses_direction_overrides_and_hidden_characters_only() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "approve the case") + "\U000e007f"
    out = d.type(
        "\u202eTermin\u202c am \u2066Montag\u2069 \u202dum 10\u202c?\u200b"
        f"\u2061\nمتى\u200f الموعد؟ 👨\u200d👩\u200d👧{hidden}"
    )
    assert [e for e in out.effects if isinstance(e, RelayToCase)] == [
        RelayToCase("Termin am Montag um 10?\nمتى الموعد؟ 👨\u200d👩\u200d👧")
    ]
    # Nothing but invisible characters is nothing to relay.
    out = d.type("\u202e\u200b\u2066\u2069")
    assert not out.effects


def test_a_relayed_files_caption_is_replaced_only_when_it_hides_characters() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.answer_all(AMIRA)
    d.press("absenden")

    def relayed(caption: str | None) -> RelayMedia:
        out = d.send(Unsupported("photo", ref=(1, 2), caption=caption))
        (media,) = [e for e in out.effects if isinstance(e, RelayMedia)]
        return media

    assert relayed(None) == RelayMedia((1, 2))
    assert relayed("Zeugnis 2023 ✅") == RelayMedia((1, 2))  # kept as sent, formatting too
    assert relayed("\u202eZeugnis\u202c\u200b 2023") == RelayMedia((1, 2), caption="Zeugnis 2023")
    assert relayed("\u202e\u2066\u2069") == RelayMedia((1, 2), caption="…")


def test_before_any_case_text_in_the_menu_is_not_relayed() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    out = d.type("Hallo?")
    assert not out.effects and "nicht verstanden" in d.text()


def test_a_stale_back_button_after_deletion_does_not_restart_the_intake() -> None:
    """Found by the fuzzer: "back" from an old question, pressed after /deletedata."""
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    d.command("deletedata")
    d.press("Ja, alles löschen")
    out = d.send(Press("b"))
    assert d.state.children == [] and not d.state.has_consent
    assert d.state.screen == "menu"
    assert "nicht mehr aktuell" in d.text()
    d.type("Omar")  # what she types next is not stored as an answer
    assert d.state.children == []
    assert not out.effects


def test_ja_typed_on_the_consent_screen_agrees_as_the_button_does() -> None:
    d = Driver()
    d.start()
    d.press("Deutsch")
    d.press("Angaben zum Kind")
    d.type("Ja")
    assert d.state.has_consent and d.state.screen == "question"
    other = Driver()
    other.start()
    other.press("Deutsch")
    other.press("Angaben zum Kind")
    other.type("nein")
    assert not other.state.has_consent and other.state.screen != "consent"


def test_a_too_long_answer_asks_the_same_question_again_without_welcoming_back() -> None:
    d = Driver()
    d.consent_and_start_intake()
    d.type("Amira")
    d.type("x" * 5000)
    text = d.text()
    assert "zu lang" in text and "Willkommen zurück" not in text
    assert "Wann ist Ihr Kind geboren?" in text and d.state.question == "birth_date"


def test_the_question_number_has_no_total_that_grows() -> None:
    d = Driver()
    d.consent_and_start_intake()
    assert "Frage 1\n" in d.text()
    d.type("Amira")
    assert "Frage 2\n" in d.text() and " von " not in d.text()


def test_a_second_child_is_not_asked_where_the_family_lives_or_how_to_reach_it() -> None:
    from tests.support.dialog_driver import AMIRA

    d = Driver()
    d.consent_and_start_intake()
    d.answer_all({**AMIRA, "contact_preference": "mit Dolmetscher", "phone": "0151 2345678"})
    d.press("absenden")
    d.press("Weiteres Kind")
    assert "übernehme ich vom Kind davor" in d.text()
    start = len(d.history)
    d.answer_all({**AMIRA, "first_name": "Omar", "birth_date": "01.02.2019"})
    asked = {o.state.question for o in d.history[start:] if o.state.screen == "question"}
    assert "birth_date" in asked and "literacy" in asked
    assert not {"lives_in", "municipality", "contact_preference", "phone"} & asked
    answers = d.state.children[1].answers
    assert answers["municipality"] == "duelmen" and answers["phone"] == "0151 2345678"
    assert "Dülmen" in d.text() and "0151 2345678" in d.text()  # in the summary, to correct


def test_a_state_handed_over_gives_the_same_outcome_and_others_are_never_changed() -> None:
    """The desk hands over the state it read for one step (no copy); every other caller's
    state stays as it was, whatever the step changes."""
    driver = Driver()
    driver.consent_and_start_intake()
    before = driver.state.model_dump()
    typed = Typed("Amira")
    copied = step(driver.state, typed, driver.ctx)
    assert driver.state.model_dump() == before
    handed = step(ParentState.model_validate(before), typed, driver.ctx, handed_over=True)
    assert handed == copied
    assert copied.state.model_dump() != before  # the step did change something
