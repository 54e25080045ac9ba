"""Relative dates (``vừa xong``, ``5 phút trước``, ``hôm qua lúc 08:15``), resolved against
an explicit ``now``; a day word without a time of day is that day's midnight. Called by
``parse``."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from hnmcrawler.dates.clock import clock_near
from hnmcrawler.dates.common import VIETNAM_TZ

_SECONDS = {"giây": 1, "phút": 60, "giờ": 3600, "tiếng": 3600, "ngày": 86400, "tuần": 604800}
_MONTHS = {"tháng": 1, "năm": 12}
_UNIT = "|".join([*_SECONDS, *_MONTHS])
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                 "tám": 8, "chín": 9, "mười": 10}  # fmt: skip
_COUNT = rf"[0-9]{{1,6}}|{'|'.join(_NUMBER_WORDS)}"
_AGO = re.compile(
    rf"(?<!\w)({_COUNT})\s*({_UNIT})\s*trước"
    rf"|cách\s+đây\s*({_COUNT})\s*({_UNIT})(?!\w)"
)
_DAY_WORD = re.compile(r"(?<!\w)hôm\s*(nay|qua|kia)(?!\w)")
_DAYS_BACK = {"nay": 0, "qua": 1, "kia": 2}
_JUST_NOW = re.compile(r"vừa\s+xong|vừa\s+mới|mới\s+đây")


def parse_relative(text: str, now: datetime | None) -> datetime | None:
    """None when ``text`` is not relative; ValueError when it is but ``now`` is None."""
    # Each pattern is tried only when its word is in the text (most text is not relative).
    ago = _AGO.search(text) if "trước" in text or "cách" in text else None
    day_word = _DAY_WORD.search(text) if not ago and "hôm" in text else None
    just_now = "vừa" in text or "mới" in text
    if not (ago or day_word or (just_now and _JUST_NOW.search(text))):
        return None
    if now is None:
        raise ValueError("a relative date needs now")
    local_now = now.astimezone(VIETNAM_TZ)
    if ago:
        count, unit = (ago.group(1), ago.group(2)) if ago.group(1) else ago.group(3, 4)
        return _back(local_now, _NUMBER_WORDS.get(count) or int(count), unit)
    if day_word:
        day = local_now.date() - timedelta(days=_DAYS_BACK[day_word.group(1)])
        clock, _ = clock_near(text, *day_word.span())
        return datetime(day.year, day.month, day.day, *clock, 0, VIETNAM_TZ)
    return local_now


def _back(now: datetime, count: int, unit: str) -> datetime:
    if unit in _SECONDS:
        instant = now.astimezone(UTC) - timedelta(seconds=count * _SECONDS[unit])
        return instant.astimezone(VIETNAM_TZ)
    index = now.year * 12 + now.month - 1 - count * _MONTHS[unit]
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)
