"""Vietnamese date text -> aware datetime (Asia/Ho_Chi_Minh). Pure: no Scrapy import.

Placeholder with the final signature; the full normaliser (issue 4) replaces the body.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_TIME_THEN_DATE = re.compile(r"(\d{1,2}):(\d{2}).*?(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_vietnamese_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """Return the aware datetime (Vietnam time) that ``text`` prints, or None."""
    match = _TIME_THEN_DATE.search(text)
    if not match:
        return None
    hour, minute, day, month, year = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)
    except ValueError:
        return None
