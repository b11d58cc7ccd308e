"""A moment (an appointment's start) as the reader writes it: weekday, date and time in the
Kreis's time zone, in the reader's conventions.

Babel gives the patterns, names and the 12/24-hour clock of each locale (Arabic "10:00 ص");
two conventions it leaves out are added here: the Afghan month names for every Farsi reader
(`MONTH_NAMES_FROM`, see `dialogs/text/cldr.py`) and the digits of locales whose default
numbering system is not Latin (Farsi and Pashto write ۱۰:۰۰, CLDR `arabext`). The calendar
stays Gregorian: the appointment is in Germany and every letter the family gets uses it.
"""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

TIMEZONE = ZoneInfo("Europe/Berlin")

# Months named as the Farsi dates of `dialogs.text.format_day` name them (one reader, one style).
_MONTH_NAMES_FROM = {"fa": "fa_AF"}
_DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}


@functools.lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, LookupError, UnknownLocaleError):
        return Locale.parse("de")


def local(moment: datetime) -> datetime:
    """`moment` (aware) on the Kreis's clock."""
    return moment.astimezone(TIMEZONE)


def native_digits(text: str, locale: str) -> str:
    digits = _DIGITS.get(_locale(locale).default_numbering_system or "latn")
    if digits is None:
        return text
    return text.translate(str.maketrans("0123456789", digits))


def format_moment(moment: datetime, locale: str, *, short: bool = False) -> str:
    """ "Donnerstag, 3. Dezember 2026 um 10:00"; `short`: "Do., 3. Dez., 10:00" for a button."""
    reader = _locale(locale)
    names = _locale(_MONTH_NAMES_FROM.get(locale, locale))
    at = local(moment)
    if short:
        pattern = str(reader.datetime_skeletons["MMMEd"].pattern)
        joined = str(reader.datetime_formats["medium"]).replace("'", "")
    else:
        pattern = str(reader.date_formats["full"].pattern)
        joined = str(reader.datetime_formats["full"]).replace("'", "")
    day = format_date(at.date(), pattern, locale=names)
    time = format_time(at, "short", tzinfo=TIMEZONE, locale=reader)
    return native_digits(joined.replace("{1}", day).replace("{0}", time), locale)
