"""Dates as Vietnamese pages print them: day first, a time of day anywhere around.

Called by ``parse``. Reads (after ``normalise``) ``07:12 chủ nhật ngày 01/01/2017``,
``12/01/2026 - 09:57``, ``15-01-2024 13:04``, ``1/1/17``, dates whose month is a word
(``months``), with a clock as ``clock`` reads it (``9:5``, ``7 giờ 12 phút``, ``16h chiều``,
``07:12 ch``), and ``01/01/2020 07:12 (gmt+7)``. The time of day is the one printed nearest
the date; a date without one is midnight. en-US .NET text (``2/12/2024 2:30:00 PM``: month
first, seconds, AM/PM) is read month first, and is None when both orders make a date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from hnmcrawler.dates.clock import clock_near, in_number, is_us_clock
from hnmcrawler.dates.common import VIETNAM_TZ, expand_year, fixed_offset
from hnmcrawler.dates.months import Found, find_words_date

# 01/01/2017, 1-1-17, 01.01.2017: the same separator twice. Patterns say [0-9], not \d (which
# takes any script's digits, and is slower) and start with the digit (faster to scan for);
# whether a match continues a number before it is checked in Python (in_number).
_NUMERIC_DATE = re.compile(r"([0-9][0-9]?)([/.-])([0-9][0-9]?)\2([0-9]{4}|[0-9]{2})(?![0-9])")
_OFFSET = re.compile(r"(?<!\w)(?:gmt|utc)\s*(?:([+-])\s*([0-9][0-9]?)(?::?([0-9]{2}))?)?(?![0-9])")


def parse_printed(text: str, ceiling_year: int) -> datetime | None:
    """None when ``text`` holds no day-first date; ValueError when the date is impossible."""
    found = _find_date(text, ceiling_year)
    if found is None:
        return None
    year, month, day, start, end = found
    zone, rest = _zone(_blank(text, start, end))  # blank: the clock scan skips the date
    (hour, minute, second), match = clock_near(rest, start, end)
    if match is not None and is_us_clock(match) and text[start:end].count("/") == 2:
        month, day = _en_us(day, month)
    return datetime(year, month, day, hour, minute, second, 0, zone)  # positional: faster


def _find_date(text: str, ceiling_year: int) -> Found | None:
    """Year, month, day and where the date is printed."""
    words = find_words_date(text) if "tháng" in text or "thg" in text else None
    if words:
        return words
    numeric = _NUMERIC_DATE.search(text)
    while numeric and in_number(text, numeric.start(), "", numeric.group(2)):
        numeric = _NUMERIC_DATE.search(text, numeric.start() + 1)
    if numeric:
        day, _, month, year = numeric.groups()
        year_number = expand_year(year, ceiling_year)
        return year_number, int(month), int(day), numeric.start(), numeric.end()
    return None


def _en_us(first: int, second: int) -> tuple[int, int]:
    """Month and day of an en-US date whose numbers were read day first as ``first/second``."""
    if first > 12:
        return second, first  # no month 13: day first after all
    if second > 12 or first == second:
        return first, second
    raise ValueError("an en-US date that also reads day first")


def _zone(text: str) -> tuple[tzinfo, str]:
    """The zone printed as ``gmt+7`` or ``utc`` (else Vietnam time), and ``text`` without it."""
    offset = _OFFSET.search(text) if "gmt" in text or "utc" in text else None
    if offset is None:
        return VIETNAM_TZ, text
    zone = fixed_offset(*offset.groups()) if offset.group(1) else UTC
    return zone, _blank(text, *offset.span())


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` overwritten by spaces, so positions stay put."""
    return text[:start] + " " * (end - start) + text[end:]
