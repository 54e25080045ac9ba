"""Vietnamese date text -> aware datetime in Vietnam time. Pure: no Scrapy import.

    >>> parse_vietnamese_datetime("Chính trị | 07:12 Chủ Nhật ngày 01/01/2017").isoformat()
    '2017-01-01T07:12:00+07:00'

The fast path is a few precompiled regexes over the normalised text (``normalise``), tried
in this order: day-first dates as pages print them, with a time of day (``printed``, the
common case, with ``months`` for month words and ``clock`` for the time of day and its day
part; its patterns cannot match inside a year-first machine date), machine shapes
(``machine``: ISO 8601, RFC 822, ``/Date(ms)/``, and ``english``: JavaScript ``Date`` text),
relative dates against ``now`` (``relative``). A shape that is found but impossible
(``31/02/2017``, ``25:61``, ``16h sáng``, a clock that cannot be read) or ambiguous
(``2/12/2024 2:30:00 PM``) is None at once; only text where no shape is found and that holds
a year goes to dateparser (``fallback``). Bare epoch numbers are read only when the caller
says they are one (``parse_epoch``). Every result passes the archive's range: Vietnam-time
year 1957 or later, at most one day past ``now``. The table of real examples is
``tests/test_dates.py``.
"""

from __future__ import annotations

from hnmcrawler.dates.choose import choose_published
from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.days import parse_day
from hnmcrawler.dates.parse import FIRST_YEAR, parse_epoch, parse_vietnamese_datetime
from hnmcrawler.dates.resolve import ArticleDates, resolve_dates
from hnmcrawler.dates.weekdays import weekday_mismatch

__all__ = [
    "FIRST_YEAR",
    "VIETNAM_TZ",
    "ArticleDates",
    "choose_published",
    "parse_day",
    "parse_epoch",
    "parse_vietnamese_datetime",
    "resolve_dates",
    "weekday_mismatch",
]
