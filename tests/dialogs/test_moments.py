"""An appointment's time as each reader writes it: weekday, date and time on Berlin's clock
(summer time included), Afghan month names and Persian digits for Farsi, Arabic's own order
and clock, and isolated inside right-to-left sentences."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.moments import format_moment
from dialogs.text import FSI, PDI, Moment, Renderer, _

WINTER = datetime(2026, 12, 3, 9, tzinfo=UTC)  # 10:00 CET
SUMMER = datetime(2027, 7, 1, 8, tzinfo=UTC)  # 10:00 CEST


def test_berlin_time_in_winter_and_summer() -> None:
    assert format_moment(WINTER, "de") == "Donnerstag, 3. Dezember 2026, 10:00"
    assert format_moment(SUMMER, "de") == "Donnerstag, 1. Juli 2027, 10:00"
    assert format_moment(WINTER, "de", short=True) == "Do., 3. Dez., 10:00"
    assert format_moment(WINTER, "en") == "Thursday, December 3, 2026, 10:00\u202fAM"
    assert format_moment(WINTER, "uk") == "четвер, 3 грудня 2026\u202fр., 10:00"


def test_farsi_and_pashto_digits_and_afghan_month_names() -> None:
    fa = format_moment(WINTER, "fa")
    assert fa == "پنجشنبه ۳ دسمبر ۲۰۲۶، ساعت ۱۰:۰۰"
    assert "دسامبر" not in fa  # the Iranian name, unknown in Afghanistan
    assert "۱۰:۰۰" in format_moment(WINTER, "ps") and "3" not in format_moment(WINTER, "ps")


def test_arabic_order_and_clock() -> None:
    assert format_moment(WINTER, "ar") == "الخميس، 3 ديسمبر 2026، 10:00 ص"


def test_isolated_inside_a_right_to_left_sentence() -> None:
    text = Renderer().render(_("✅ Ihr Termin: {when}", when=Moment(WINTER)), "ar")
    assert f"{FSI}الخميس، 3 ديسمبر 2026، 10:00 ص{PDI}" in text
