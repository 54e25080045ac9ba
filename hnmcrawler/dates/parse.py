"""``parse_vietnamese_datetime``: one date text -> an aware datetime in Vietnam time, or None.

Called by ``resolve.py`` (an article's dates) and the spiders (listing and feed dates); the
package docstring (``dates/__init__.py``) says how the text is read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hnmcrawler.dates import fallback
from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.machine import parse_machine
from hnmcrawler.dates.normalise import normalise_text
from hnmcrawler.dates.printed import parse_printed
from hnmcrawler.dates.relative import parse_relative

FIRST_YEAR = 1957  # Hà Nội Mới's first issue
_GRACE = timedelta(days=1)


def parse_vietnamese_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """The aware datetime (Vietnam time) that ``text`` prints, or None when it holds none.

    ``now`` (aware) resolves relative dates and bounds the result; without it relative dates
    are None and the bound is the real clock. Raises ValueError only for a naive ``now``.
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
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
