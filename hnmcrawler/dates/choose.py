"""Which date an article has, when the page prints one and its metadata gives another.

The printed date is what readers see and wins, except where it is vaguer than the metadata:
a relative text ("2 giờ trước", "hôm qua") is only as good as the moment the page was
fetched, and a day without a time ("Thứ Sáu, 20/02/2026") is less than a timestamp of the
same day. ``choose_published`` says which, and whether the two disagree (to be counted).
"""

from __future__ import annotations

import re
from datetime import datetime

from hnmcrawler.dates.normalise import normalise_text

_RELATIVE = re.compile(r"trước|vừa xong|hôm qua|hôm nay|hôm kia|mới đây")
_CLOCK = re.compile(r"[0-9]\s*(?::|h|giờ|g)\s*[0-9]{2}|[0-9]\s*(?:h|giờ)(?![a-z])")


def is_vague(text: str) -> bool:
    """True for a relative date text, or one that prints no time of day."""
    cleaned = normalise_text(text)
    return bool(_RELATIVE.search(cleaned)) or not _CLOCK.search(cleaned)


def choose_published(
    text: str, printed: datetime | None, meta: datetime | None
) -> tuple[datetime | None, bool]:
    """The article's date, and True when the printed date and the metadata disagree."""
    if printed is None or meta is None:
        return printed or meta, False
    if printed == meta:
        return printed, False
    if _RELATIVE.search(normalise_text(text)):
        return meta, False  # "2 giờ trước" was resolved against our clock, not the site's
    if is_vague(text) and printed.date() == meta.astimezone(printed.tzinfo).date():
        return meta, False  # the same day, with the time the page does not print
    return printed, True
