"""``parse_vietnamese_datetime``: one date text -> an aware datetime in Vietnam time, or None;
``parse_epoch``: the same for a bare epoch number a page gives as one.

Called by ``resolve.py`` (an article's dates) and the spiders (listing and feed dates); the
package docstring (``dates/__init__.py``) says how the text is read.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from hnmcrawler.dates import fallback
from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.machine import epoch_instant, parse_machine
from hnmcrawler.dates.normalise import normalise_text
from hnmcrawler.dates.printed import parse_printed
from hnmcrawler.dates.relative import parse_relative

FIRST_YEAR = 1957  # Hà Nội Mới's first issue
_GRACE = timedelta(days=1)
_DIGIT = re.compile("[0-9]")


def parse_vietnamese_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """The aware datetime (Vietnam time) that ``text`` prints, or None when it holds none.

    ``now`` (aware) resolves relative dates and bounds the result; without it relative dates
    are None and the bound is the real clock. Raises ValueError only for a naive ``now``.
    """
    ceiling = _ceiling(now)
    cleaned = normalise_text(text)
    if not cleaned or cleaned.isspace():
        return None  # a listing that prints no date: nothing for dateparser either
    try:
        if _DIGIT.search(cleaned) is None:  # printed and machine dates are written in digits
            value = parse_relative(cleaned, now)
        else:
            value = (
                parse_printed(cleaned, ceiling.year)
                or parse_machine(cleaned, ceiling.year)
                or parse_relative(cleaned, now)
            )
        if value is None and fallback.worth_asking(cleaned, now):
            value = fallback.parse_with_dateparser(cleaned, now)
        return _in_archive(value, ceiling)
    except (ValueError, OverflowError):
        return None


def parse_epoch(text: str, *, now: datetime | None = None) -> datetime | None:
    """A bare epoch number that a page gives as such (``data-time="1771580340"``): seconds
    up to 10 digits, milliseconds from 11 to 13, in Vietnam time; None for anything else or
    outside the archive; ValueError for a naive ``now``. ``parse_vietnamese_datetime`` never
    reads bare digits as an epoch."""
    ceiling = _ceiling(now)
    try:
        return _in_archive(epoch_instant(text), ceiling)
    except OverflowError:
        return None


def _ceiling(now: datetime | None) -> datetime:
    """The latest instant a date may be: a day past ``now`` (aware) or the real clock."""
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return (now or datetime.now(VIETNAM_TZ)) + _GRACE


def _in_archive(value: datetime | None, ceiling: datetime) -> datetime | None:
    if value is None:
        return None
    local = value.astimezone(VIETNAM_TZ)
    return local if local.year >= FIRST_YEAR and local <= ceiling else None
