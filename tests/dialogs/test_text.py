"""Rendering of lazy texts: locales, plurals, dates, right-to-left isolation, splitting."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.i18n import load_i18n, renderer_for
from dialogs.text import (
    FSI,
    PDI,
    DayMonth,
    LanguageName,
    Raw,
    Renderer,
    TerritoryName,
    _,
    _n,
    lines,
    split_for_limit,
    utf16_len,
    utf16_prefix,
)
from dialogs.text.bidi import isolate_latin
from dialogs.text.cldr import format_day
from tests.support.env import ROOT


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return renderer_for(load_i18n(ROOT / "locales"))


def test_values_are_isolated_in_rtl_languages_only() -> None:
    text = _(
        "Geboren am {date}, Fall {n}, Name {name}", date=date(2016, 3, 12), n=12, name=Raw("Amira")
    )
    arabic = Renderer().render(text, "ar")
    assert f"{FSI}Amira{PDI}" in arabic
    assert arabic.count(FSI) == 3 and arabic.count(PDI) == 3
    for rtl in ("fa", "ps"):
        assert Renderer().render(text, rtl).count(FSI) == 3
    german = Renderer().render(text, "de")
    assert FSI not in german and "12. März 2016" in german


def test_dates_follow_the_reader_locale() -> None:
    text = _("{date}", date=date(2016, 3, 12))
    assert Renderer().render(text, "de") == "12. März 2016"
    assert "2016" in Renderer().render(text, "uk") and "березня" in Renderer().render(text, "uk")


def test_cldr_names_in_the_reader_or_own_language() -> None:
    assert Renderer().render(LanguageName("ar", own=True), "de") == "العربية"
    assert Renderer().render(LanguageName("ar"), "de") == "Arabisch"
    assert Renderer().render(TerritoryName("SY"), "tr") == "Suriye"


def test_plurals_use_the_catalog_forms(renderer: Renderer) -> None:
    one = _n(
        "Sie können höchstens {n} Antwort auswählen.",
        "Sie können höchstens {n} Antworten auswählen.",
        1,
    )
    many = _n(
        "Sie können höchstens {n} Antwort auswählen.",
        "Sie können höchstens {n} Antworten auswählen.",
        5,
    )
    assert renderer.render(one, "de").endswith("1 Antwort auswählen.")
    assert renderer.render(many, "de").endswith("5 Antworten auswählen.")


def test_a_broken_translation_falls_back_to_german() -> None:
    broken = Renderer(lambda s, p, n, locale: "{unknown} kaputt")
    assert broken.render(_("Fall {n}", n=3), "xx") == "Fall 3"


def test_lines_skip_missing_parts() -> None:
    assert Renderer().render(lines(_("a"), None, Raw("b"), sep=" | "), "de") == "a | b"


@pytest.mark.parametrize("size", [10, 4096, 4097, 9000, 20_000])
def test_split_for_limit_keeps_everything_within_telegram_limits(size: int) -> None:
    words = ("Wort " * (size // 5 + 1))[:size]
    text = "\n\n".join([words[: size // 2], words[size // 2 :]])
    chunks = split_for_limit(text, 4096)
    assert all(0 < len(c) <= 4096 for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


def test_split_cuts_unbroken_text_hard() -> None:
    chunks = split_for_limit("x" * 9000, 4096)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_day_and_month_without_a_year_follow_the_reader_locale() -> None:
    text = _("{day}", day=DayMonth(9, 30))
    assert Renderer().render(text, "de") == "30. September"
    assert Renderer().render(text, "uk") == "30 вересня"
    assert Renderer().render(_("{day}", day=DayMonth(2, 29)), "de") == "29. Februar"


def test_farsi_dates_use_month_names_dari_readers_know_in_the_farsi_order() -> None:
    # One `fa` catalog serves Iranian and Afghan readers: fa_AF month names (جولای, اگست), which
    # Iranian readers understand too, in the `fa` pattern (day first).
    assert format_day(date(2027, 7, 31), "fa") == "31 جولای 2027"
    assert format_day(date(2026, 8, 1), "fa", year=False) == "1 اگست"
    assert format_day(date(2026, 9, 30), "ar", year=False) == "30 سبتمبر"  # CLDR ar names


def test_latin_runs_in_rtl_templates_are_isolated_once() -> None:
    arabic = "مكتب (Schulamt) في {date} و /mydata، B1."
    wanted = f"مكتب ({FSI}Schulamt{PDI}) في {{date}} و /mydata، {FSI}B1{PDI}."
    assert isolate_latin(arabic) == wanted
    assert isolate_latin("Das Schulamt am {date}") == "Das Schulamt am {date}"  # German fallback
    rendered = Renderer().render(_("مكتب (Schulamt) {x}", x=Raw("Amira")), "ar")
    assert rendered == f"مكتب ({FSI}Schulamt{PDI}) {FSI}Amira{PDI}"


def test_limits_count_utf16_code_units_as_telegram_does() -> None:
    assert utf16_len("Wort") == 4
    assert utf16_len("😀") == 2 and utf16_len("𠀀") == 2  # emoji, CJK extension B
    assert utf16_len("مرحبا") == 5
    # 3000 emoji are 3000 code points but 6000 code units: two messages, not one too long.
    chunks = split_for_limit("😀" * 3000, 4096)
    assert [utf16_len(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == "😀" * 3000


def test_a_cut_never_halves_a_character() -> None:
    assert utf16_prefix("ab😀", 3) == "ab"
    assert utf16_prefix("ab😀", 4) == "ab😀"
    assert utf16_prefix("😀" * 100, 127) == "😀" * 63
    assert utf16_prefix("kurz", 128) == "kurz"


pieces = st.sampled_from(
    ["Wort", "😀", "👨\u200d👩\u200d👧", "𠀀", "مرحبا", " ", "\n", "\n\n", "x" * 50]
)


@given(st.lists(pieces, max_size=400), st.sampled_from([200, 1024, 4096]))
def test_every_chunk_fits_and_nothing_is_lost(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    assume(text.strip())
    chunks = split_for_limit(text, limit)
    assert all(0 < utf16_len(c) <= limit for c in chunks)
    for chunk in chunks:
        chunk.encode("utf-8")  # a lone surrogate would raise here
    squeeze = str.maketrans("", "", " \n")
    assert "".join(chunks).translate(squeeze) == text.translate(squeeze)
