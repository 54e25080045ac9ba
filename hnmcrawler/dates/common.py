"""What every date shape shares: the Vietnam time zone, English month names, offsets,
two-digit years."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone, tzinfo

# Vietnam time as HNM prints it: UTC+7, no DST. A fixed offset rather than
# ZoneInfo("Asia/Ho_Chi_Minh"): that zone carries Saigon's history (UTC+8 from 1960 to
# 1975), while Hà Nội kept UTC+7 throughout, and the archive reaches back to 1957.
VIETNAM_TZ = timezone(timedelta(hours=7), "+07")
EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def fixed_offset(sign: str, hours: str, minutes: str | None) -> tzinfo:
    """``("+", "07", "00")`` -> UTC+7; raises ValueError past 23:59."""
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta == timedelta(0):
        return UTC
    return timezone(-delta if sign == "-" else delta)


def expand_year(digits: str, ceiling_year: int) -> int:
    """A four-digit year as is; ``"17"`` -> 2017, or 1917 when 2017 is past ``ceiling_year``."""
    year = int(digits)
    if len(digits) != 2:
        return year
    year += 2000
    return year if year <= ceiling_year else year - 100
