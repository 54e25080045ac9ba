"""When a section's walk through its listing pages stops: the state of one listing page,
and the check of each era_2019 "more" answer against the chain before it.

``spiders.archive`` keeps a ``ListingPage`` per page it reads and asks ``MoreChecks`` about
every "more" answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from hnmcrawler.sites import more_last_article_id
from hnmcrawler.urls import article_key

logger = logging.getLogger(__name__)


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


# --- era_2019 "more" answers: does each continue its section's chain? ---------------------
# The site's one public client keeps lastArticleId at the first page's value and raises only
# currentPage (seen); we ask with the last id of the previous answer and the next page. Which
# one the server reads is unknown, so each answer is checked: every article in it should be
# new to the section's walk and have an id below the lastArticleId asked with.


@dataclass(frozen=True)
class MoreAnswer:
    """How one "more" answer stands to its section's walk (``check_more_answer``)."""

    asked_last: int  # the lastArticleId the request asked with
    repeated: frozenset[str]  # canonical URLs the section's walk has listed already
    above: int  # new articles whose id is not below ``asked_last``
    below: int  # new articles with an id below it: they continue the chain

    @property
    def continues(self) -> bool:
        """Whether the answer moves the chain on: some new article below the last id."""
        return self.below > 0

    @property
    def broken(self) -> bool:
        """Whether it strays from the chain: a repeat, or an article at or above the last id."""
        return bool(self.repeated) or self.above > 0


def check_more_answer(asked_last: int, keys: Iterable[str], listed: Container[str]) -> MoreAnswer:
    """Sort the articles of an answer (canonical URLs, page order) against the chain so far:
    ``listed`` holds those the section's walk (page and answers) named before.

    >>> a = "http://hanoimoi.com.vn/Tin-tuc/Giao-duc/{}/x".format
    >>> answer = check_more_answer(1066582, [a(1066177), a(1066582), a(1066990)], {a(1066582)})
    >>> answer.repeated == {a(1066582)}, answer.above, answer.below, answer.continues
    (True, 1, 1, True)
    """
    repeated: set[str] = set()
    above = below = 0
    for key in keys:
        article = article_key(key)
        if key in listed:
            repeated.add(key)
        elif article is not None and article.article_id < asked_last:
            below += 1
        else:
            above += 1
    return MoreAnswer(asked_last, frozenset(repeated), above, below)


@dataclass
class MoreChecks:
    """The "more" answers of a walk, checked one by one: counted and logged once per section.

    ``hnm/listing/more_gaps`` counts answers that stray from their chain,
    ``hnm/listing/more_repeated`` the articles they list again (not fetched again),
    ``hnm/listing/more_above_last`` the new ones at or above the last id (fetched: nothing is
    lost), ``hnm/listing/stopped_more_not_continuing`` the sections an answer ended by
    moving nothing on.
    """

    inc: Callable[[str, int], None]
    logged: set[str] = field(default_factory=set)  # sections whose gap was logged

    def check(
        self, section: str, url: str, keys: list[str], listed: Container[str]
    ) -> MoreAnswer | None:
        """How the answer at ``url`` (its articles: ``keys``) stands to its section's chain,
        counted; None for any other page, and for an empty answer (the end of the list)."""
        asked_last = more_last_article_id(url)
        if asked_last is None or not keys:
            return None
        answer = check_more_answer(asked_last, keys, listed)
        if answer.broken:
            self._count(section, url, answer)
        if not answer.continues:
            self.inc("hnm/listing/stopped_more_not_continuing", 1)
        return answer

    def _count(self, section: str, url: str, answer: MoreAnswer) -> None:
        self.inc("hnm/listing/more_gaps", 1)
        if answer.repeated:
            self.inc("hnm/listing/more_repeated", len(answer.repeated))
        if answer.above:
            self.inc("hnm/listing/more_above_last", answer.above)
        if section in self.logged:
            return
        self.logged.add(section)
        logger.warning(
            'A "more" answer does not continue its section (%(repeated)d articles listed '
            "again, %(above)d not below lastArticleId %(last)d): %(url)s",
            {
                "repeated": len(answer.repeated),
                "above": answer.above,
                "last": answer.asked_last,
                "url": url,
            },
        )
