"""Dates as Vietnamese pages print them: day first, a time of day anywhere around.

Reads (after ``normalise``) ``07:12 chủ nhật ngày 01/01/2017``, ``12/01/2026 - 09:57``,
``15-01-2024 13:04``, ``1/1/17``, ``ngày 1 tháng một năm 2017``, ``7 giờ 12 phút``, ``07h12``,
``7g30``, ``16.39``, ``07:12 ch`` (SA/CH: a.m./p.m.) and ``01/01/2020 07:12 (gmt+7)``. The time
of day is the one printed nearest the date; a date without one is midnight.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo

from hnmcrawler.dates.common import VIETNAM_TZ, expand_year, fixed_offset

MONTH_NAMES: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "chạp": 12,
}  # fmt: skip
_MONTH = "|".join(name.replace(" ", r"\s+") for name in sorted(MONTH_NAMES, key=len, reverse=True))

# 01/01/2017, 1-1-17, 01.01.2017: the same separator twice. Patterns start with the digit
# (faster to scan for); whether a match continues a number before it is checked in Python.
_NUMERIC_DATE = re.compile(r"(\d\d?)([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
# ngày 1 tháng 1 năm 2017, mùng 1 tháng giêng năm 2017, 20 tháng 2, 2026
_WORDS_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*tháng\s*(\d{{1,2}}|{_MONTH})(?!\w)\s*,?\s*(?:năm|/)?\s*(\d{{4}})(?!\d)"
)
# 07:12, 07:12:30, 16.39, 07h12, 7h, 7 giờ 12 phút, 7g30; then sa/ch/am/pm, sáng/chiều/tối.
_TIME = re.compile(
    r"(\d\d?)"
    r"(?:\s*:\s*(\d{2})(?::(\d{2}))?"
    r"|\.(\d{2})(?![\d.])"
    r"|\s*(?:h|giờ)(?:\s*(\d{1,2})(?:\s*phút)?)?"
    r"|g(\d{2}))"
    r"(?:\s*(sa|ch|am|pm|sáng|chiều|tối))?"
    r"(?![\w:])(?!\s*trước)"
)
_OFFSET = re.compile(r"(?<!\w)(?:gmt|utc)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?(?!\d)")
_AFTERNOON = frozenset({"ch", "pm", "chiều", "tối"})


def parse_printed(text: str, ceiling_year: int) -> datetime | None:
    """None when ``text`` holds no day-first date; ValueError when the date is impossible."""
    found = _find_date(text, ceiling_year)
    if found is None:
        return None
    day, span = found
    rest = _blank(text, span)
    offset = _OFFSET.search(rest) if "gmt" in rest or "utc" in rest else None
    zone: tzinfo = VIETNAM_TZ
    if offset:
        rest = _blank(rest, offset.span())
        zone = fixed_offset(*offset.groups()) if offset.group(1) else UTC
    clock = _clock(_time_near(rest, span))
    return datetime.combine(day, clock, zone)


def find_clock(text: str) -> time | None:
    """The first time of day in ``text``, or None; ValueError when it is impossible."""
    for match in _TIME.finditer(text):
        if not _in_number(text, match.start(), ":+"):
            return _clock(match)
    return None


def _find_date(text: str, ceiling_year: int) -> tuple[date, tuple[int, int]] | None:
    words = _WORDS_DATE.search(text) if "tháng" in text else None
    if words:
        day, month, year = words.groups()
        number = int(month) if month.isdigit() else MONTH_NAMES[" ".join(month.split())]
        return date(int(year), number, int(day)), words.span()
    numeric = _NUMERIC_DATE.search(text)
    while numeric and _in_number(text, numeric.start(), "", numeric.group(2)):
        numeric = _NUMERIC_DATE.search(text, numeric.start() + 1)
    if numeric:
        day, _, month, year = numeric.groups()
        return date(expand_year(year, ceiling_year), int(month), int(day)), numeric.span()
    return None


def _time_near(text: str, span: tuple[int, int]) -> re.Match[str] | None:
    """The time of day printed closest to the date (a page may show other times)."""
    best, best_gap = None, len(text) + 1
    for match in _TIME.finditer(text):
        if _in_number(text, match.start(), ":+"):
            continue
        gap = max(span[0] - match.end(), match.start() - span[1], 0)
        if gap < best_gap:
            best, best_gap = match, gap
    return best


def _in_number(text: str, start: int, joiners: str, separator: str = "") -> bool:
    """Whether the digits at ``start`` continue a number: ``12:07:12``, ``+07:00``, and, for a
    date's ``separator`` after a digit, ``2017/01/05/20``."""
    before = text[max(start - 2, 0) : start]
    if not before:
        return False
    last = before[-1]
    return last.isdecimal() or last in joiners or (last == separator and before[0].isdecimal())


def _clock(match: re.Match[str] | None) -> time:
    if match is None:
        return time(0)
    hour_text, minute, second, minute_dot, minute_h, minute_g, half = match.groups()
    hour = int(hour_text)
    if half and hour > 12:
        raise ValueError("a 12-hour clock past 12")
    if half:
        hour = hour % 12 + (12 if half in _AFTERNOON else 0)
    return time(hour, int(minute or minute_dot or minute_h or minute_g or 0), int(second or 0))


def _blank(text: str, span: tuple[int, int]) -> str:
    """``text`` with ``span`` overwritten by spaces, so positions stay put."""
    start, end = span
    return text[:start] + " " * (end - start) + text[end:]
