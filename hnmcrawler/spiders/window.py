"""The date window of a crawl: ``since``, ``until`` and ``since=auto``, read the same way by
every spider (``archive``, ``feeds``).

``since`` and ``until`` are inclusive days in Vietnam time (``2017-01-01``); ``since=auto``
is an incremental run, whose ``since`` comes from the store (the newest stored article less
``HNM_INCREMENTAL_OVERLAP_DAYS``) once the run starts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from hnmcrawler.dates import parse_day
from hnmcrawler.exceptions import UsageError


@dataclass(frozen=True)
class DateWindow:
    since: datetime | None = None  # the first instant wanted; None: no lower bound (yet)
    until: datetime | None = None  # the last instant wanted; None: up to now
    auto: bool = False  # since=auto: ``since`` is set from the store when the run starts

    @classmethod
    def from_args(cls, since: str | None, until: str | None) -> DateWindow:
        """The window of the spider arguments; ``UsageError`` for a day that is no date."""
        auto = str(since).strip().casefold() == "auto"
        window = cls(None if auto else parse_day(since), parse_day(until, end=True), auto)
        if window.since and window.until and window.since > window.until:
            raise UsageError(f"since ({since}) is after until ({until}): no day is left")
        return window

    def starting(self, newest: datetime | None, overlap_days: float) -> DateWindow:
        """The window of an incremental run: from ``newest`` less the overlap (everything when
        the store holds nothing yet)."""
        return replace(self, since=auto_since(newest, overlap_days))

    def excludes(self, when: datetime) -> bool:
        return bool((self.since and when < self.since) or (self.until and when > self.until))

    def excludes_day(self, day: date) -> bool:
        return bool(
            (self.since and day < self.since.date()) or (self.until and day > self.until.date())
        )


def auto_since(newest: datetime | None, overlap_days: float) -> datetime | None:
    """``since=auto``'s first instant: the newest stored date less the overlap, or None."""
    return newest - timedelta(days=overlap_days) if newest else None
