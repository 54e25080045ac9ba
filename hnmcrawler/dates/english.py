"""English month-first dates: JavaScript ``Date`` text and en-US month names.

Called by ``machine``. Reads (after ``normalise``) ``Mon Nov 27 2023 11:28:33 GMT+0700
(Indochina Time)`` (``Date.toString()``, aware at its printed offset), ``Nov 27 2023``
(``toDateString()``), ``November 27, 2023, 11:28 AM`` and ``Nov 27th, 2023``. Without an
offset the time is Vietnam time. A month name makes the order certain, so no guess is made.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from hnmcrawler.dates.clock import day_part_hour, refuse_unread_clock
from hnmcrawler.dates.common import EN_MONTHS, VIETNAM_TZ, fixed_offset

# A weekday before the month ("mon nov 27 2023") is left out of the match: the date says it.
# The pattern starts with the month, which the regex engine scans for fast; the lookbehind
# after it says no letter comes before the month's three.
_MONTH_FIRST = re.compile(
    rf"({'|'.join(EN_MONTHS)})(?<!\w...)[a-z]*\.?\s+"
    r"([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})(?![0-9])"
    r"(?:,?\s+(?:at\s+)?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\s*(am|pm))?(?![\w:]))?"
    r"(?:\s*(?:gmt|utc)\s*([+-])([0-9]{2}):?([0-9]{2})(?![0-9]))?"
)


def parse_english(text: str) -> datetime | None:
    """None when ``text`` holds no English month-first date; ValueError when it is impossible."""
    match = _MONTH_FIRST.search(text)
    if match is None:
        return None
    month, day, year, hour, minute, second, half, sign, zone_hours, zone_minutes = match.groups()
    if hour is None:
        refuse_unread_clock(text[match.end() :])
    hour_number = int(hour or 0)
    if half:
        hour_number = day_part_hour(hour_number, half)
    zone: tzinfo = fixed_offset(sign, zone_hours, zone_minutes) if sign else VIETNAM_TZ
    return datetime(
        int(year), EN_MONTHS.index(month) + 1, int(day),
        hour_number, int(minute or 0), int(second or 0), 0, zone,
    )  # fmt: skip
