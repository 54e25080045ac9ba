"""Days as users type them (``--since 2017-01-31``) -> aware instants in Vietnam time.

Called by the spiders' date window (``spiders/window.py``) and the export command.
"""

from __future__ import annotations

from datetime import date, datetime, time

from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.exceptions import UsageError


def parse_day(value: str | None, *, end: bool = False) -> datetime | None:
    """``2017-01-31`` -> the first (or, with ``end``, the last) instant of that Vietnam day.

    None for no value; ``UsageError`` for text that is not a ``YYYY-MM-DD`` date.
    """
    if value in (None, ""):
        return None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"not a date (YYYY-MM-DD): {value!r}") from None
    return datetime.combine(day, time.max if end else time.min, tzinfo=VIETNAM_TZ)
