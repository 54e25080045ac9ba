"""Vietnamese weekday names (Thứ Hai..Thứ Bảy, Chủ Nhật, T2..T7, CN). The parser ignores
them, since the numbers win; a pipeline asks ``weekday_mismatch`` and counts."""

from __future__ import annotations

import re
from datetime import datetime

from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.normalise import normalise_text

# Monday is 0, as in datetime.weekday().
_NUMBERS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_WEEKDAY = re.compile(
    r"(?<!\w)(?:thứ\s*(hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|t([2-7])|(chủ\s*nhật|cn))(?![\w/])"
)


def named_weekday(text: str) -> int | None:
    """The weekday (Monday 0) that ``text`` names first, or None."""
    match = _WEEKDAY.search(normalise_text(text))
    if match is None:
        return None
    word, short, sunday = match.groups()
    if sunday:
        return 6
    number = word or short
    return int(number) - 2 if number.isdigit() else _NUMBERS[number]


def weekday_mismatch(text: str, value: datetime) -> bool:
    """Whether a weekday named in ``text`` differs from ``value``'s weekday in Vietnam."""
    named = named_weekday(text)
    if named is None:
        return False
    local = value.astimezone(VIETNAM_TZ) if value.tzinfo else value
    return named != local.weekday()
