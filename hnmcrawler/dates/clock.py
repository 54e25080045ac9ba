"""Times of day as Vietnamese pages print them, and what a day-part word does to the hour.

Called by ``printed`` (the clock beside a day-first date) and ``relative`` (``hôm qua lúc
08:15``). Reads ``07:12``, ``9:5`` (one-digit minutes), ``07:12:30``, ``16.39``, ``07h12``,
``7h``, ``7 giờ 12 phút``, ``16h39p`` and ``7g30``, each maybe followed by a day part. Text
that looks like a clock but does not read as one (``7:123``, ``7h123``, ``9:05:3``) is a
ValueError, never a silent midnight.

A day part says which half of the day a 12-hour clock means, and is redundant beside a
24-hour one (``16h chiều``, ``16:16 PM``). The printed hour must land in the part's window:

    part         window   1-11      12     0, 13-23     examples
    sa, am       0-11     h         0      0 / None     12:05 SA = 00:05, 13:00 AM = None
    sáng         0-11     h         None   0 / None     9 giờ sáng = 09:00, 16h sáng = None
    trưa         11-14    11; 1-2:  12     13-14        1 giờ trưa = 13:00, 3 giờ trưa = None
                          h+12
    ch, pm       12-23    h+12      12     13-23        4:16 PM = 16:16 PM = 16:16
    chiều        12-23    h+12      12     13-23        4h chiều = 16h chiều = 16:00
    tối          17-23    5-11:     None   17-23        9h tối = 21:00, 14h tối = None
                          h+12
    đêm          21-4     1-4: h;   None   0-4, 21-23   11 giờ đêm = 23:00, 2 giờ đêm = 02:00
                          9-11: h+12
    khuya        22-3     1-3: h;   None   0-3, 22-23   11h khuya = 23:00, 1h khuya = 01:00
                          10-11: h+12

"12 giờ sáng" (noon to some, midnight to others), "12 giờ tối" and "12 giờ đêm" (midnight,
but of which day?) are None; a printed 0 (``0h30 sáng``) is itself.
"""

from __future__ import annotations

import re

Clock = tuple[int, int, int]

DAY_PARTS: dict[str, frozenset[int]] = {
    part: frozenset(hours) for part, hours in {
        "sa": range(0, 12), "am": range(0, 12), "sáng": range(0, 12), "trưa": range(11, 15),
        "ch": range(12, 24), "pm": range(12, 24), "chiều": range(12, 24),
        "tối": range(17, 24), "đêm": [21, 22, 23, 0, 1, 2, 3, 4],
        "khuya": [22, 23, 0, 1, 2, 3],
    }.items()
}  # fmt: skip
_TWELVE_IS_MIDNIGHT = ("sa", "am")  # 12:05 SA is 00:05; "12 giờ đêm" is None (which day?)
_PART = "|".join(DAY_PARTS)
# 07:12, 9:5, 07:12:30, 16.39, 07h12, 7h, 7 giờ 12 phút, 7g30; then a day part. An hour past
# 23 before h/giờ is a duration or a name ("Tin 24h"), not a clock.
_TIME = re.compile(
    r"([0-9][0-9]?)"
    r"(?:\s*:\s*([0-9][0-9]?)(?::([0-9]{2}))?"
    r"|\.([0-9]{2})(?![0-9.])"
    r"|(?<![3-9][0-9])(?<!2[4-9])\s*(?:h|giờ)(?:\s*([0-9]{1,2})(?:\s*phút|p)?)?"
    r"|g([0-9]{2}))"
    rf"(?:\s*({_PART}))?"
    r"(?![\w:])(?!\s*trước)"
)
# What a clock looks like even when _TIME cannot read it: digits around a colon, or glued to h.
# Patterns start with the digit, which the regex engine scans for fast (not a lookbehind).
_CLOCK_LIKE = re.compile(r"[0-9]+(?:\s*:\s*[0-9]|h[0-9])")
_DIGITS = "0123456789"


def clock_near(text: str, start: int, end: int) -> tuple[Clock, re.Match[str] | None]:
    """The time of day printed closest to ``text[start:end]`` (a page may show other times)
    and its match; midnight and None when ``text`` prints none. ValueError when the nearest
    clock is impossible, or when there is none but something that looks like one."""
    best, best_gap = None, len(text) + 1
    match = _TIME.search(text)
    while match:  # search, not finditer: on short text, the iterator costs more than the loop
        gap = max(start - match.end(), match.start() - end, 0)
        if gap < best_gap and not in_number(text, match.start(), ":+"):
            best, best_gap = match, gap
        match = _TIME.search(text, match.end())
    if best is None:
        refuse_unread_clock(text)
        return (0, 0, 0), None
    return read_clock(best), best


def is_us_clock(match: re.Match[str]) -> bool:
    """Whether the clock is en-US .NET's ``2:30:00 PM``: seconds and an English AM/PM."""
    return match.group(7) in ("am", "pm") and match.group(3) is not None


def read_clock(match: re.Match[str]) -> Clock:
    """Hour, minute and second of a ``_TIME`` match; ValueError when a day part contradicts."""
    hour_text, minute, second, minute_dot, minute_h, minute_g, part = match.groups()
    hour = int(hour_text)
    if part:
        hour = day_part_hour(hour, part)
    return hour, int(minute or minute_dot or minute_h or minute_g or 0), int(second or 0)


def day_part_hour(hour: int, part: str) -> int:
    """The 24-hour hour that ``hour`` printed with the day ``part`` means (see the table)."""
    window = DAY_PARTS[part]
    if hour == 0 or hour > 12:
        candidates: tuple[int, ...] = (hour,)
    elif hour == 12:
        candidates = (0, 12) if part in _TWELVE_IS_MIDNIGHT else (12,)
    else:
        candidates = (hour, hour + 12)
    fits = [candidate for candidate in candidates if candidate in window]
    if len(fits) != 1:
        raise ValueError(f"{hour} does not fit {part!r}")
    return fits[0]


def in_number(text: str, start: int, joiners: str, separator: str = "") -> bool:
    """Whether the digits at ``start`` continue a number: ``12:07:12``, ``+07:00``, and, for a
    date's ``separator`` after a digit, ``2017/01/05/20``."""
    before = text[max(start - 2, 0) : start]
    if not before:
        return False
    last = before[-1]
    return last in _DIGITS or last in joiners or (last == separator and before[0] in _DIGITS)


def refuse_unread_clock(text: str) -> None:
    """ValueError when ``text`` holds something that looks like a clock (``7:123``)."""
    for match in _CLOCK_LIKE.finditer(text):
        if not in_number(text, match.start(), "+"):
            raise ValueError("a clock that cannot be read")
