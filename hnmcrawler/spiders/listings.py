"""``ListedCaptureSpider``: the ``wayback`` and ``commoncrawl`` spiders' capture loop, with
the archive's captures of each section's listing pages read first.

Each legacy section's listing prefix (``archives.listings``) is asked with its article
prefixes: a subclass asks every prefix of ``self.prefixes`` and calls ``index_done`` when a
prefix's index pages are all in (``None``: every prefix's). Once a section's listing prefix
is in, the newest capture of each of its listing pages is fetched (at most
``HNM_CAPTURE_LISTING_PAGES`` pages a section, the first pages first) and read with the
layouts' listing reader. The articles wait until every listing page is read, then:

- an article a listing dates outside ``since``/``until`` is not fetched
  (``hnm/{source}/listed_out_of_range``), as the live ``archive`` spider skips it. A listing
  date is not the article's date: the article's own page still dates it;
- once every prefix is in, an article a listing names under an asked prefix and with no
  capture at all is counted (``listed_without_capture``) and written to the failed file
  (kind ``listed``): what the archive lacks. One listed under a prefix not asked (a
  subsection's own path) is only counted (``listed_not_asked``). When an index page was lost,
  nothing is told (``listed_unchecked``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hnmcrawler.archives.captures import Capture
from hnmcrawler.archives.cdx import CdxLine
from hnmcrawler.archives.listings import (
    first_pages,
    keep_newest,
    listing_prefixes,
    split_listings,
    under,
)
from hnmcrawler.dates import parse_vietnamese_datetime
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.layouts import Listing, read_listing
from hnmcrawler.spiders.arguments import section_urls
from hnmcrawler.spiders.captures import CaptureSpider, failure_reason
from hnmcrawler.urls import ArticleKey, article_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Listed:
    """An article as an archived listing page names it."""

    url: str
    listing: str  # the listing page's capture URL
    date: datetime | None


class ListedCaptureSpider(CaptureSpider):
    def __init__(self, sections: str | None = None, **kwargs: Any) -> None:
        super().__init__(sections=sections, **kwargs)
        self.article_prefixes = list(self.prefixes)
        self.listing_prefixes = listing_prefixes(self.site, section_urls(self.site, sections))
        self.prefixes += self.listing_prefixes
        self.open_prefixes = set(self.prefixes)  # index pages not all in yet
        self.listing_pages: dict[str, dict[str, Capture]] = {}  # prefix -> page -> newest
        self.listings_in_flight = 0
        self.listing_named: dict[ArticleKey, Listed] = {}
        self.max_listing_pages = 50
        self.completeness_checked = False
        self.index_lost = False  # an index page was lost: "no capture" cannot be told

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_listing_pages = crawler.settings.getint("HNM_CAPTURE_LISTING_PAGES")
        return spider

    def add_lines(self, lines: list[CdxLine]) -> None:
        listings, others = split_listings(lines)
        for prefix, capture in listings:
            keep_newest(self.listing_pages.setdefault(prefix, {}), capture)
        self.stat("cdx_listing_lines", len(listings))
        super().add_lines(others)

    def cdx_lost(self, url: str, prefix: str, reason: str) -> None:
        self.index_lost = True
        super().cdx_lost(url, prefix, reason)

    def index_done(self, prefix: str | None = None) -> Iterator[scrapy.Request]:
        """Every index page of ``prefix`` (None: of every prefix) is in (or lost)."""
        done = set(self.open_prefixes) if prefix is None else {prefix} & self.open_prefixes
        self.open_prefixes -= done
        for listing_prefix in sorted(done & set(self.listing_prefixes)):
            yield from self._listing_requests(listing_prefix)
        yield from self.fetch_new_articles()

    def _listing_requests(self, prefix: str) -> Iterator[scrapy.Request]:
        pages = self.listing_pages.get(prefix, {})
        chosen = first_pages(pages, self.max_listing_pages)
        self.stat("listing_pages_over_cap", len(pages) - len(chosen))
        for capture in chosen:
            self.listings_in_flight += 1
            self.stat("listing_captures_fetched")
            yield self.capture_request(capture).replace(
                callback=self.parse_listing_capture,
                errback=self.listing_capture_failed,
                dont_filter=True,
                cb_kwargs={"capture": capture},
            )

    def parse_listing_capture(
        self, response: Response, capture: Capture
    ) -> Iterator[scrapy.Request]:
        self.listings_in_flight -= 1
        page = self.capture_page(response, capture)
        read = None if isinstance(page, str) else _read_listing(page[0])
        if isinstance(page, str) or read is None:
            self.stat(f"listing_capture_{page if isinstance(page, str) else 'unknown_layout'}")
        else:
            listing, unparsed = read
            self.stat("listing_pages_read")
            self.inc("hnm/listing/links_unparsed", unparsed)
            self.reached()
            self._note(listing, page[1].capture_url or capture.url)
        yield from self.fetch_new_articles()

    def listing_capture_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.listings_in_flight -= 1
        reason = self.passed_reason(failure)
        if reason is None:
            reason = "failed"
            url = failure.request.url  # type: ignore[attr-defined]
            self.failed.add("listing", url, failure_reason(failure))
        self.stat(f"listing_capture_{reason}")
        yield from self.fetch_new_articles()

    def _note(self, listing: Listing, capture_url: str) -> None:
        for entry in listing.entries:
            key = article_key(entry.url)
            if key is None:
                continue
            date = parse_vietnamese_datetime(entry.published_text or "")
            if key not in self.listing_named or (date and not self.listing_named[key].date):
                self.listing_named[key] = Listed(entry.url, capture_url, date)

    # --- the articles, once the listings are read -------------------------------------

    def fetch_new_articles(self) -> Iterator[scrapy.Request]:
        if self.listings_in_flight or self.open_prefixes & set(self.listing_prefixes):
            return  # the last listing page's answer fetches them
        if not self.open_prefixes and not self.completeness_checked:
            self.completeness_checked = True
            self._check_completeness()
        for article in [a for a in self.found if a not in self.scheduled]:
            listed = self.listing_named.get(article)
            if listed is not None and listed.date and self.window.excludes(listed.date):
                self.scheduled.add(article)
                self.found.pop(article)
                self.stat("listed_out_of_range")
        yield from super().fetch_new_articles()

    def _check_completeness(self) -> None:
        """Count and record the listed articles in the window that have no capture."""
        if self.index_lost:
            self.stat("listed_unchecked", len(self.listing_named))
            return
        for key, listed in self.listing_named.items():
            if key in self.found or key in self.scheduled:
                continue
            if listed.date and self.window.excludes(listed.date):
                continue
            if not under(listed.url, self.article_prefixes):
                self.stat("listed_not_asked")
                continue
            self.stat("listed_without_capture")
            self.failed.add("listed", listed.url, "no capture", listing=listed.listing)


def _read_listing(page: TextResponse) -> tuple[Listing, int] | None:
    """The listing a capture holds and its links no article URL, or None when no listing
    layout reads it."""
    try:
        return read_listing(page)
    except UnknownLayout:
        return None
    except Exception:  # a capture a layout cannot read must not stop the crawl
        logger.exception("Listing capture not read: %(url)s", {"url": page.url})
        return None
