"""The slow path: dateparser, for shapes the regexes of the fast path do not know.

It is given the Vietnamese language, day-first order, Vietnam time and whole dates only
(``REQUIRE_PARTS``), so it never fills a missing day, month or year from today's date. Its
relative parser runs only with ``now`` and a word of the past (``tuần trước``, ``năm ngoái``):
on its own it reads a bare duration such as ``7 giờ 12 phút`` as "7 hours 12 minutes ago".
As it needs a year, ``parse`` asks it only when ``worth_asking`` sees one in the text it
would read (a four-digit number, or two digits ending a day/month/year triple) or, with
``now``, a unit of time and a word of the past: labels (``Cập nhật:``), a weekday, a time
alone or ``N/A`` cost nothing.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import Any

import dateparser

from hnmcrawler.dates.common import VIETNAM_TZ

MAX_LENGTH = 200
_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}
_PAST = re.compile(r"(?<!\w)(?:trước|qua|ngoái)(?!\w)")
_UNIT_PAST = re.compile(
    r"(?<!\w)(?:giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*(?:trước|qua|ngoái)(?!\w)"
)
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])|[0-9]\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*[0-9]{2}")


def worth_asking(text: str, now: datetime | None) -> bool:
    """Whether dateparser could find a date in ``text``: a year, or with ``now`` a unit of
    time and a word of the past (``tuần trước``; not ``Bài trước``, a link to another article)."""
    head = text[:MAX_LENGTH]
    return bool(_YEAR.search(head)) or (now is not None and bool(_UNIT_PAST.search(head)))


def parse_with_dateparser(text: str, now: datetime | None) -> datetime | None:
    """dateparser's reading of ``text`` (cut to MAX_LENGTH), aware; None if it has none."""
    settings = dict(_SETTINGS)
    if now is not None and _PAST.search(text):
        settings["RELATIVE_BASE"] = now.astimezone(VIETNAM_TZ).replace(tzinfo=None)
        settings["PARSERS"] = ["relative-time", *_SETTINGS["PARSERS"]]
    try:
        with warnings.catch_warnings():
            # dateparser warns (FutureWarning) when it cannot tell the machine's zone.
            warnings.simplefilter("ignore", FutureWarning)
            value = dateparser.parse(text[:MAX_LENGTH], languages=["vi"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; garbage is None
        return None
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=VIETNAM_TZ)
