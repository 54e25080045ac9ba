"""When a section's walk through its listing pages stops: the state of one listing page,
and the check of each era_2019 "more" answer against the chain before it.

``spiders.archive`` keeps a ``ListingPage`` per page it reads and asks
``MoreChecks.continuing`` which articles of every listing to keep (a "more" answer's repeats
are left out) and whether the walk goes on after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from hnmcrawler.sites import more_request
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
# We ask as the site's one public client does (seen): lastArticleId fixed at the section
# page's value, currentPage + 1 an answer (``sites.MoreRequest``). A server that pages by
# currentPage (alone, or as an offset from that id) answers each batch once; one that ignores
# it answers page 1 again, which shows up here as an answer of repeats only: it ends the
# section. Every article of an answer should be new to the section's walk and have an id
# below the last id of the answer before (the section page's lastArticleId for the first).


@dataclass(frozen=True)
class MoreAnswer:
    """How one "more" answer stands to its section's walk (``check_more_answer``)."""

    bound: int  # the last id before this answer: every article should be below it
    repeated: frozenset[str]  # canonical URLs the section's walk has listed already
    above: int  # new articles whose id is not below ``bound``
    below: int  # new articles with an id below it: they continue the chain

    @property
    def continues(self) -> bool:
        """Whether the answer moves the chain on: some new article below the last id."""
        return self.below > 0

    @property
    def broken(self) -> bool:
        """Whether it strays from the chain: a repeat, or an article at or above the last id."""
        return bool(self.repeated) or self.above > 0


def check_more_answer(bound: int, keys: Iterable[str], listed: Container[str]) -> MoreAnswer:
    """Sort the articles of an answer (canonical URLs, page order) against the chain so far:
    ``bound`` is the last id before the answer, ``listed`` holds the articles the section's
    walk (page and answers) named before.

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
        elif article is not None and article.article_id < bound:
            below += 1
        else:
            above += 1
    return MoreAnswer(bound, frozenset(repeated), above, below)


def last_article_id(keys: Iterable[str]) -> int | None:
    """The id of the last article of an answer (canonical URLs, page order)."""
    ids = [found.article_id for found in map(article_key, keys) if found is not None]
    return ids[-1] if ids else None


E = TypeVar("E")


@dataclass
class MoreChecks:
    """The "more" answers of a walk, checked one by one against their chain: counted, logged
    once per section, and the repeats left out.

    ``hnm/listing/more_gaps`` counts answers that stray from their chain,
    ``hnm/listing/more_repeated`` the articles they list again (not fetched again),
    ``hnm/listing/more_above_last`` the new ones at or above the last id before them (fetched:
    nothing is lost), ``hnm/listing/stopped_more_not_continuing`` the sections an answer ended
    by moving nothing on (a server that ignores currentPage ends here, after page 2).

    ``chain`` holds, per section and page, the last id of the answer read (until the next
    answer reads it). An answer whose page before is unknown here (a resumed job's queue,
    another worker's page) is checked against its request's fixed ``lastArticleId``.
    """

    inc: Callable[[str, int], None]
    logged: set[str] = field(default_factory=set)  # sections whose gap was logged
    chain: dict[tuple[str, int], int] = field(default_factory=dict)

    def continuing(
        self, section: str, url: str, entries: list[E], keys: list[str], listed: Container[str]
    ) -> tuple[list[E], list[str], bool]:
        """A "more" answer's entries (and their canonical URLs ``keys``) less those the
        section's walk ``listed`` already (never fetched again), and whether the walk goes on
        after it; the entries of any other page as they are, and True."""
        answer = self.check(section, url, keys, listed)
        if answer is None:
            return entries, keys, True
        kept = [
            (e, key) for e, key in zip(entries, keys, strict=True) if key not in answer.repeated
        ]
        return [entry for entry, _ in kept], [key for _, key in kept], answer.continues

    def check(
        self, section: str, url: str, keys: list[str], listed: Container[str]
    ) -> MoreAnswer | None:
        """How the answer at ``url`` (its articles: ``keys``) stands to its section's chain,
        counted; None for any other page, and for an empty answer (the end of the list)."""
        asked = more_request(url)
        if asked is None or not keys:
            return None
        before = self.chain.pop((section, asked.page - 1), asked.last)
        answer = check_more_answer(min(before, asked.last), keys, listed)
        if answer.broken:
            self._count(section, url, answer)
        if answer.continues:  # the next answer must go below this one's last article
            self.chain[(section, asked.page)] = min(answer.bound, last_article_id(keys) or 0)
        else:
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
            "again, %(above)d not below %(bound)d, the last id before it): %(url)s",
            {
                "repeated": len(answer.repeated),
                "above": answer.above,
                "bound": answer.bound,
                "url": url,
            },
        )
