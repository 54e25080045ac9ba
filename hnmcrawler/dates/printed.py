"""Dates as Vietnamese pages print them: day first, a time of day anywhere around.

Reads (after ``normalise``) ``07:12 chủ nhật ngày 01/01/2017``, ``12/01/2026 - 09:57``,
``15-01-2024 13:04``, ``1/1/17``, ``ngày 1 tháng một năm 2017``, ``7 giờ 12 phút``, ``07h12``,
``7g30``, ``16.39``, ``07:12 ch`` (SA/CH: a.m./p.m.) and ``01/01/2020 07:12 (gmt+7)``. The time
of day is the one printed nearest the date; a date without one is midnight.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from hnmcrawler.dates.common import VIETNAM_TZ, expand_year, fixed_offset

MONTH_NAMES: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "chạp": 12,
}  # fmt: skip
_MONTH = "|".join(name.replace(" ", r"\s+") for name in sorted(MONTH_NAMES, key=len, reverse=True))

# 01/01/2017, 1-1-17, 01.01.2017: the same separator twice. Patterns say [0-9], not \d (which
# takes any script's digits, and is slower) and start with the digit (faster to scan for);
# whether a match continues a number before it is checked in Python (_in_number).
_NUMERIC_DATE = re.compile(r"([0-9][0-9]?)([/.-])([0-9][0-9]?)\2([0-9]{4}|[0-9]{2})(?![0-9])")
# ngày 1 tháng 1 năm 2017, mùng 1 tháng giêng năm 2017, 20 tháng 2, 2026
_WORDS_DATE = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}})\s*tháng\s*([0-9]{{1,2}}|{_MONTH})(?!\w)"
    r"[\s,/]*(?:năm\s*)?([0-9]{4})(?![0-9])"
)
# 07:12, 07:12:30, 16.39, 07h12, 7h, 7 giờ 12 phút, 7g30; then sa/ch/am/pm, sáng/chiều/tối.
# An hour past 23 before h/giờ is a duration or a name ("Tin 24h"), not a clock.
_TIME = re.compile(
    r"([0-9][0-9]?)"
    r"(?:\s*:\s*([0-9]{2})(?::([0-9]{2}))?"
    r"|\.([0-9]{2})(?![0-9.])"
    r"|(?<![3-9][0-9])(?<!2[4-9])\s*(?:h|giờ)(?:\s*([0-9]{1,2})(?:\s*phút|p)?)?"
    r"|g([0-9]{2}))"
    r"(?:\s*(sa|ch|am|pm|sáng|chiều|tối))?"
    r"(?![\w:])(?!\s*trước)"
)
_OFFSET = re.compile(r"(?<!\w)(?:gmt|utc)\s*(?:([+-])\s*([0-9][0-9]?)(?::?([0-9]{2}))?)?(?![0-9])")
_DIGITS = "0123456789"
_AFTERNOON = frozenset({"ch", "pm", "chiều", "tối"})


Clock = tuple[int, int, int]


def parse_printed(text: str, ceiling_year: int) -> datetime | None:
    """None when ``text`` holds no day-first date; ValueError when the date is impossible."""
    found = _find_date(text, ceiling_year)
    if found is None:
        return None
    year, month, day, start, end = found
    zone, rest = _zone(_blank(text, start, end))  # blank: the clock scan skips the date
    hour, minute, second = _clock(_time_near(rest, start, end))
    return datetime(year, month, day, hour, minute, second, 0, zone)  # positional: faster


def find_clock(text: str) -> Clock | None:
    """The first time of day in ``text``, or None; ValueError when it is impossible."""
    for match in _TIME.finditer(text):
        if not _in_number(text, match.start(), ":+"):
            return _clock(match)
    return None


def _find_date(text: str, ceiling_year: int) -> tuple[int, int, int, int, int] | None:
    """Year, month, day and where the date is printed."""
    words = _WORDS_DATE.search(text) if "tháng" in text else None
    if words:
        day, month, year = words.groups()
        number = int(month) if month.isdigit() else MONTH_NAMES[" ".join(month.split())]
        return int(year), number, int(day), words.start(), words.end()
    numeric = _NUMERIC_DATE.search(text)
    while numeric and _in_number(text, numeric.start(), "", numeric.group(2)):
        numeric = _NUMERIC_DATE.search(text, numeric.start() + 1)
    if numeric:
        day, _, month, year = numeric.groups()
        year_number = expand_year(year, ceiling_year)
        return year_number, int(month), int(day), numeric.start(), numeric.end()
    return None


def _zone(text: str) -> tuple[tzinfo, str]:
    """The zone printed as ``gmt+7`` or ``utc`` (else Vietnam time), and ``text`` without it."""
    offset = _OFFSET.search(text) if "gmt" in text or "utc" in text else None
    if offset is None:
        return VIETNAM_TZ, text
    zone = fixed_offset(*offset.groups()) if offset.group(1) else UTC
    return zone, _blank(text, *offset.span())


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """The time of day printed closest to the date (a page may show other times)."""
    best, best_gap = None, len(text) + 1
    match = _TIME.search(text)
    while match:
        gap = max(start - match.end(), match.start() - end, 0)
        if gap < best_gap and not _in_number(text, match.start(), ":+"):
            best, best_gap = match, gap
        match = _TIME.search(text, match.end())
    return best


def _in_number(text: str, start: int, joiners: str, separator: str = "") -> bool:
    """Whether the digits at ``start`` continue a number: ``12:07:12``, ``+07:00``, and, for a
    date's ``separator`` after a digit, ``2017/01/05/20``."""
    before = text[max(start - 2, 0) : start]
    if not before:
        return False
    last = before[-1]
    return last in _DIGITS or last in joiners or (last == separator and before[0] in _DIGITS)


def _clock(match: re.Match[str] | None) -> Clock:
    if match is None:
        return 0, 0, 0
    hour_text, minute, second, minute_dot, minute_h, minute_g, half = match.groups()
    hour = int(hour_text)
    if half and hour > 12:
        raise ValueError("a 12-hour clock past 12")
    if half:
        hour = hour % 12 + (12 if half in _AFTERNOON else 0)
    return hour, int(minute or minute_dot or minute_h or minute_g or 0), int(second or 0)


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` overwritten by spaces, so positions stay put."""
    return text[:start] + " " * (end - start) + text[end:]
