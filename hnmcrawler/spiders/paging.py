"""When a section's walk through its listing pages stops: the state of one listing page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class ListingPage:
    """One listing page; its next page is requested once the page is decided.

    A page is decided when none of its articles is still pending (their dates unknown until
    fetched). The walk stops after a page whose dated articles are all older than ``since``,
    or, in incremental runs, after a page whose articles were all stored already.
    """

    section: str
    number: int
    next_url: str | None
    since: datetime | None = None
    url: str = ""
    pending: int = 0
    dated: int = 0
    in_range_or_newer: int = 0
    entries: int = 0
    stored: int = 0
    decided: bool = False

    def note(self, when: datetime | None) -> None:
        if when is None:
            return
        self.dated += 1
        if self.since is None or when >= self.since:
            self.in_range_or_newer += 1

    def reached_since(self) -> bool:
        """True when the page had dated articles and every one was older than ``since``."""
        return self.dated > 0 and self.in_range_or_newer == 0

    def all_stored(self) -> bool:
        return self.entries > 0 and self.stored == self.entries
