"""Dates whose month is a word: ``tháng``/``thg`` and a number or a Vietnamese month name.

Called by ``printed``. Day first: ``ngày 1 tháng Một năm 2017``, ``mùng 1 tháng Giêng``,
``29 Tháng Mười Hai 2013``, ``20 tháng 2, 2026``, ``5 thg 10, 2025``; month first, with a
maybe a comma before the year: ``Tháng Mười Hai 29, 2013``, ``tháng 10 5, 2025``.
"""

from __future__ import annotations

import re

MONTH_NAMES: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "chạp": 12,
}  # fmt: skip
_NAME = "|".join(name.replace(" ", r"\s+") for name in sorted(MONTH_NAMES, key=len, reverse=True))
_WORD = r"(?:tháng|thg)\.?"
_MONTH = rf"([0-9]{{1,2}}|{_NAME})(?!\w)"
_YEAR = r"(?:năm\s*)?([0-9]{4})(?![0-9])"

_DAY_FIRST = re.compile(rf"(?<![0-9])([0-9]{{1,2}})\s*{_WORD}\s*{_MONTH}[\s,/]*{_YEAR}")
_MONTH_FIRST = re.compile(rf"(?<!\w){_WORD}\s*{_MONTH}\s*([0-9]{{1,2}})(?![0-9])\s*,?\s*{_YEAR}")

Found = tuple[int, int, int, int, int]  # year, month, day, and where the date is printed


def find_words_date(text: str) -> Found | None:
    """The first date in ``text`` whose month is a word, or None."""
    match = _DAY_FIRST.search(text)
    if match:
        day, month, year = match.groups()
    else:
        match = _MONTH_FIRST.search(text)
        if match is None:
            return None
        month, day, year = match.groups()
    number = int(month) if month.isdigit() else MONTH_NAMES[" ".join(month.split())]
    return int(year), number, int(day), match.start(), match.end()
