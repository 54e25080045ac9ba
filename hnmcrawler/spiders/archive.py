"""Spider ``archive``: walk section listings back to a date, fetching every article.

    scrapy crawl archive -a site=hanoimoi.com.vn -a sections=Kinh-te,Xa-hoi \\
        -a since=2017-01-01 -a until=2017-03-31 -a max_pages=50 -O out.jsonl

``sections`` takes slugs the site table knows (any case) or full listing URLs; without it,
every known section. Next pages are followed as the page links them, never built. A
listing page whose dated articles are all older than ``since`` ends its section; when a
listing prints no dates (era_2017), the decision waits for that page's articles.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hnmcrawler.dates import parse_vietnamese_datetime
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.layouts import Listing, parse_listing
from hnmcrawler.sites import SITES, Site
from hnmcrawler.spiders.base import HnmSpider, parse_day
from hnmcrawler.urls import canonical_url, is_site_url

logger = logging.getLogger(__name__)


@dataclass
class ListingPage:
    """One listing page whose next page waits on its articles' dates."""

    section: str
    number: int
    next_url: str | None
    pending: int = 0
    dated: int = 0
    in_range_or_newer: int = 0
    decided: bool = False

    def note(self, when: datetime | None, since: datetime | None) -> None:
        if when is None:
            return
        self.dated += 1
        if since is None or when >= since:
            self.in_range_or_newer += 1

    def reached_since(self) -> bool:
        """True when the page had dated articles and every one was older than ``since``."""
        return self.dated > 0 and self.in_range_or_newer == 0


class ArchiveSpider(HnmSpider):
    name = "archive"

    def __init__(
        self,
        site: str = "hanoimoi.com.vn",
        sections: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if site not in SITES:
            raise ValueError(f"unknown site {site!r}; known: {', '.join(SITES)}")
        self.site: Site = SITES[site]
        self.section_urls = self._section_urls(self.site, sections)
        self.since = parse_day(since)
        self.until = parse_day(until, end=True)
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.requested: set[str] = set()
        self.dates: dict[str, datetime | None] = {}

    @staticmethod
    def _section_urls(site: Site, sections: str | None) -> list[str]:
        if not sections:
            return [s.listing_url for s in site.top_sections()]
        urls = []
        for name in filter(None, (s.strip() for s in sections.split(","))):
            if "://" in name and is_site_url(name):
                urls.append(name)
            elif (section := site.section(name)) is not None:
                urls.append(section.listing_url)
            else:
                known = ", ".join(s.slug for s in site.sections.values())
                raise ValueError(f"unknown section {name!r} for {site.host}; known: {known}")
        return urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.section_urls:
            yield scrapy.Request(
                url, callback=self.parse_listing, cb_kwargs={"section": url, "number": 1}
            )

    def parse_listing(
        self, response: Response, section: str, number: int
    ) -> Iterator[scrapy.Request]:
        self.inc("hnm/listing/pages")
        try:
            if not isinstance(response, TextResponse):
                raise UnknownLayout(response.url, "listing")
            listing = parse_listing(response)
        except UnknownLayout as exc:
            self.unknown_layout(exc)
            return
        page = ListingPage(section, number, listing.next_url)
        yield from self._article_requests(listing, page)
        yield from self._next_page(page)

    def _article_requests(self, listing: Listing, page: ListingPage) -> Iterator[scrapy.Request]:
        if not listing.entries:
            page.next_url = None  # an empty listing page is the end of the section
        for entry in listing.entries:
            key = canonical_url(entry.url)
            listed = parse_vietnamese_datetime(entry.published_text or "")
            page.note(listed or self.dates.get(key), self.since)
            if listed and not self._wanted(listed):
                continue
            self.listed(page.section, key, listed)
            if key in self.requested:
                continue
            self.requested.add(key)
            # A listing that prints dates decides paging by itself; otherwise the page
            # waits for this article's date.
            waits = page if listed is None else None
            page.pending += waits is not None
            # dont_filter: ``requested`` already dedups, and a request the dupefilter
            # swallowed (say, after a redirect) would leave the page waiting forever.
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.article_failed,
                dont_filter=True,
                cb_kwargs={"page": waits},
            )

    def parse_article(self, response: Response, page: ListingPage | None) -> Iterator[Any]:
        item = self.read_article(response)
        when = self.item_date(item) if item is not None else None
        self.dates[canonical_url(response.url)] = when
        if item is not None and self._in_range(when):
            yield item
        elif item is not None:
            self.unlisted(item["url"])
        if page is not None:
            page.pending -= 1
            page.note(when, self.since)
            yield from self._next_page(page)

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        page: ListingPage | None = failure.request.cb_kwargs["page"]  # type: ignore[attr-defined]
        if page is not None:
            page.pending -= 1
            yield from self._next_page(page)

    def _wanted(self, listed: datetime) -> bool:
        """Whether an article the listing dates falls in since/until (else not fetched)."""
        if (self.since and listed < self.since) or (self.until and listed > self.until):
            self.inc("hnm/listing/skipped_out_of_range")
            return False
        return True

    def _in_range(self, when: datetime | None) -> bool:
        if when is None:
            self.inc("hnm/articles/undated")
            return True  # kept: the date pipeline counts it, the user decides
        if (self.since and when < self.since) or (self.until and when > self.until):
            self.inc("hnm/articles/out_of_range")
            return False
        return True

    def _next_page(self, page: ListingPage) -> Iterator[scrapy.Request]:
        if page.decided or page.pending > 0:
            return
        page.decided = True
        if page.next_url is None:
            return
        if page.reached_since():
            self.inc("hnm/listing/stopped_at_since")
            return
        if self.max_pages is not None and page.number >= self.max_pages:
            self.inc("hnm/listing/stopped_at_max_pages")
            return
        yield scrapy.Request(
            page.next_url,
            callback=self.parse_listing,
            cb_kwargs={"section": page.section, "number": page.number + 1},
        )
