"""Dates written for machines: ISO 8601 (meta tags, sitemaps, the API), RFC 822 (RSS
``pubDate``), ``/Date(ms)/`` (UTC epoch milliseconds from the platform's JSON) and, through
``english``, JavaScript ``Date`` text. Called by ``parse``, which also reads bare epoch numbers
with ``epoch_instant`` when a caller says the text is one (``parse_epoch``).

A date without a time of day is midnight, unless text that looks like a clock follows it
and is not read as one (``2020-01-01 7:555``): that is a ValueError, never midnight."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from hnmcrawler.dates.clock import refuse_unread_clock
from hnmcrawler.dates.common import EN_MONTHS, VIETNAM_TZ, expand_year, fixed_offset
from hnmcrawler.dates.english import parse_english

_EPOCH = re.compile(r"date\(\s*(-?[0-9]{1,20})\s*(?:[+-][0-9]{4})?\s*\)")
# 2026-08-05t23:00:01.123+07:00, 2026-02-20 16:39:00, 2026-02-20, 2026/02/20
_ISO = re.compile(
    r"(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"
    r"(?:[t\s]([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{2})(?:[.,]([0-9]{1,6})[0-9]*)?)?"
    r"\s?(z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
    r"(?![0-9:])"
)
_ZONES: dict[str, tzinfo] = {
    "gmt": UTC, "ut": UTC, "utc": UTC, "z": UTC,
    **{name: timezone(timedelta(hours=hours)) for name, hours in (
        ("edt", -4), ("est", -5), ("cdt", -5), ("cst", -6),
        ("mdt", -6), ("mst", -7), ("pdt", -7), ("pst", -8),
    )},
}  # fmt: skip
# fri, 20 feb 2026 16:39:00 +0700
_RFC822 = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}})\s+({'|'.join(EN_MONTHS)})[a-z]*\.?,?\s+([0-9]{{4}}|[0-9]{{2}})"
    rf"(?![0-9:])(?:\s+([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}}))?"
    rf"(?:\s*((?:gmt|utc)\s*[+-]\s*[0-9]{{1,2}}(?::?[0-9]{{2}})?|[+-][0-9]{{4}}"
    rf"|{'|'.join(_ZONES)})(?![\w+-]))?)?"
)
_EPOCH_START = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NUMBER = re.compile(r"\s*(-?)([0-9]{1,13})\s*")


def parse_machine(text: str, ceiling_year: int) -> datetime | None:
    """None when no machine shape is in ``text``; ValueError when its numbers are impossible."""
    if "date(" in text and (epoch := _EPOCH.search(text)):
        return _EPOCH_START + timedelta(milliseconds=int(epoch.group(1)))
    iso = _ISO.search(text)
    if iso:
        return _from_iso(iso, text)
    rfc = _RFC822.search(text)
    if rfc:
        return _from_rfc822(rfc, text, ceiling_year)
    return parse_english(text)


def epoch_instant(text: str) -> datetime | None:
    """A bare epoch number: up to 10 digits are seconds, 11 to 13 milliseconds; else None.
    Only for text a page gives as an epoch (a data attribute): never guessed from digits."""
    match = _EPOCH_NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, digits = match.groups()
    number = int(sign + digits)
    if len(digits) <= 10:
        return _EPOCH_START + timedelta(seconds=number)
    return _EPOCH_START + timedelta(milliseconds=number)


def _from_iso(match: re.Match[str], text: str) -> datetime:
    year, _, month, day, hour, minute, second, fraction, offset = match.groups()
    if hour is None:
        refuse_unread_clock(text[match.end() :])
    micro = int((fraction or "0").ljust(6, "0"))
    zone = _iso_zone(offset) if offset else VIETNAM_TZ
    numbers = (int(hour or 0), int(minute or 0), int(second or 0), micro)
    return datetime(int(year), int(month), int(day), *numbers, zone)


def _iso_zone(offset: str) -> tzinfo:
    if offset == "z":
        return UTC
    digits = offset[1:].replace(":", "")
    return fixed_offset(offset[0], digits[:2], digits[2:] or None)


def _from_rfc822(match: re.Match[str], text: str, ceiling_year: int) -> datetime:
    day, month, year, hour, minute, second, zone_text = match.groups()
    if hour is None:
        refuse_unread_clock(text[match.end() :])
    zone: tzinfo
    if zone_text is None:
        zone = VIETNAM_TZ
    elif zone_text in _ZONES:
        zone = _ZONES[zone_text]
    elif zone_text[0] in "+-":
        zone = fixed_offset(zone_text[0], zone_text[1:3], zone_text[3:])
    else:  # "gmt+7", "utc+07:00", "gmt+0700"
        sign, digits = zone_text.lstrip("gmtuc ")[0], zone_text.lstrip("gmtuc ")[1:].strip()
        digits = digits.replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, None)
        zone = fixed_offset(sign, hours, minutes)
    return datetime(
        expand_year(year, ceiling_year), EN_MONTHS.index(month) + 1, int(day),
        int(hour or 0), int(minute or 0), int(second or 0), 0, zone,
    )  # fmt: skip
