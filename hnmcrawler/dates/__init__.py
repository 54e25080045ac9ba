"""Vietnamese date text -> aware datetime in Vietnam time. Pure: no Scrapy import.

    >>> parse_vietnamese_datetime("Chính trị | 07:12 Chủ Nhật ngày 01/01/2017").isoformat()
    '2017-01-01T07:12:00+07:00'

The fast path is a few precompiled regexes over the normalised text (``normalise``), tried
in this order: day-first dates as pages print them, with a time of day (``printed``, the
common case; its patterns cannot match inside a year-first machine date), machine shapes
(``machine``: ISO 8601, RFC 822, ``/Date(ms)/``), relative dates against ``now``
(``relative``). A shape that is found but impossible (``31/02/2017``, ``25:61``) is None at
once; only text where no shape is found goes to dateparser (``fallback``). Every result
passes the archive's range: Vietnam-time year 1957 or later, at most one day past ``now``.
The table of real examples is ``tests/test_dates.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from hnmcrawler.dates import fallback
from hnmcrawler.dates.choose import choose_published
from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.machine import parse_machine
from hnmcrawler.dates.normalise import normalise_text
from hnmcrawler.dates.printed import parse_printed
from hnmcrawler.dates.relative import parse_relative
from hnmcrawler.dates.weekdays import weekday_mismatch

__all__ = [
    "FIRST_YEAR",
    "VIETNAM_TZ",
    "choose_published",
    "forget",
    "parse_vietnamese_datetime",
    "weekday_mismatch",
]

FIRST_YEAR = 1957  # Hà Nội Mới's first issue
_GRACE = timedelta(days=1)


def parse_vietnamese_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """The aware datetime (Vietnam time) that ``text`` prints, or None when it holds none.

    ``now`` (aware) resolves relative dates and bounds the result; without it relative dates
    are None and the bound is the real clock. Raises ValueError only for a naive ``now``.
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if now is None:  # the bound is the clock: nothing to remember
        return _parse(text, None)
    return _parse_at(text, now)


@lru_cache(maxsize=1024)
def _parse_at(text: str, now: datetime) -> datetime | None:
    """``_parse`` remembered: the spider reads an article's date to know where its crawl
    stops, the date pipeline reads it again, both with the item's ``fetched_at``."""
    return _parse(text, now)


def forget() -> None:
    """Drop the remembered results (a benchmark measuring the parser, not the memo)."""
    _parse_at.cache_clear()


def _parse(text: str, now: datetime | None) -> datetime | None:
    ceiling = (now or datetime.now(VIETNAM_TZ)) + _GRACE
    cleaned = normalise_text(text)
    if not cleaned.strip():
        return None  # a listing that prints no date: nothing for dateparser either
    try:
        value = (
            parse_printed(cleaned, ceiling.year)
            or parse_machine(cleaned, ceiling.year)
            or parse_relative(cleaned, now)
        )
        if value is None:
            value = fallback.parse_with_dateparser(cleaned, now)
        return _in_archive(value, ceiling)
    except (ValueError, OverflowError):
        return None


def _in_archive(value: datetime | None, ceiling: datetime) -> datetime | None:
    if value is None:
        return None
    local = value.astimezone(VIETNAM_TZ)
    return local if local.year >= FIRST_YEAR and local <= ceiling else None
