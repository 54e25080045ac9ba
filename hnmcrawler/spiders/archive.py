"""Spider ``archive``: walk section listings back to a date, fetching every article.

    scrapy crawl archive -a site=hanoimoi.com.vn -a sections=Kinh-te,Xa-hoi \\
        -a since=2017-01-01 -a until=2017-03-31 -a max_pages=50 -O out.jsonl
    scrapy crawl archive -a site=hanoimoi.vn -a since=auto        (hourly, incremental)

``sections`` takes slugs the site table knows (any case) or full listing URLs; without it,
every top-level section. Next pages are followed as the page gives them. A listing page
whose dated articles are all older than ``since`` ends its section; when a listing prints
no dates (era_2017), the decision waits for that page's articles.

``since=auto`` is an incremental run: per section, the newest stored date minus
``HNM_INCREMENTAL_OVERLAP_DAYS``; articles already stored are not fetched, and a listing page
whose articles are all stored ends the section. ``skip_stored=1`` skips stored articles but
walks every page; a run resumed from its job directory (``-s JOBDIR=...``, after Ctrl-C or
a kill) does that by itself when it has a store, so it ends with every article stored exactly
once (without one it fetches again, and the published feed keeps each article once).
``since=auto`` or ``sweep=1`` without a store stops the run before any request, with one
line and exit code 2 (``hnmcrawler crawl`` refuses them before the crawl).

With ``HNM_DISTRIBUTED_REDIS_URL`` (several workers on one shared frontier, see
``hnmcrawler.distributed``) the shared duplicate filter, not this process's memory, keeps a
listing page or an article from being fetched twice, and a listing page never waits for its
articles: they are fetched by whichever worker pops them. So a page follows "next" at once
unless its own listing dates reached ``since``; out-of-range articles are still not emitted,
but on a listing that prints no dates (era_2017) a ``since`` no longer ends the walk early:
it goes on to the section's last page (or ``max_pages``). ``sweep=1`` skips stored articles
like ``skip_stored`` and, distributed, starts the frontier over: every listing is walked
again and only articles missing from the store are fetched.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hnmcrawler.dates import parse_vietnamese_datetime
from hnmcrawler.exceptions import StoreUnavailable, UnknownLayout, UsageError
from hnmcrawler.keysets import ArticleSet
from hnmcrawler.layouts import ListingEntry, read_listing
from hnmcrawler.sites import Site
from hnmcrawler.spiders.arguments import flag, section_urls, site_named
from hnmcrawler.spiders.base import HnmSpider
from hnmcrawler.spiders.paging import ListingPage, MoreChecks
from hnmcrawler.spiders.resume import RunMarker
from hnmcrawler.spiders.window import DateWindow, auto_since
from hnmcrawler.storage.lookup import StoreLookup
from hnmcrawler.urls import canonical_url

logger = logging.getLogger(__name__)
RECENT_DATES = 20_000  # article dates kept for listings that name an article again


class ArchiveSpider(HnmSpider):
    name = "archive"

    def __init__(
        self,
        site: str = "hanoimoi.com.vn",
        sections: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int | None = None,
        skip_stored: str | bool | None = None,
        sweep: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.site: Site = site_named(site)
        self.sections = section_urls(self.site, sections)  # listing URL -> display name
        self.window = DateWindow.from_args(since, until)
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.sweep = flag(sweep)  # read by the distributed scheduler too
        self.skip_stored = self.window.auto or self.sweep or flag(skip_stored)
        self.shared = False  # on a shared frontier (set when the run starts)
        self.section_since: dict[str, datetime | None] = {}  # since=auto, per section
        self.lookup: StoreLookup | None = None
        self.marker = RunMarker(None)
        self.store_unreadable = False  # logged once when it first happens
        self.requested = ArticleSet()  # one bit an article: flat however long the run
        self.walked: dict[str, ArticleSet] = {}  # section -> articles its listings named
        self.max_links = 0  # links read from one listing page (HNM_LISTING_MAX_LINKS)
        self.seen_listings: set[str] = set()
        # The dates of the latest articles read, for listings that name them again.
        self.dates: OrderedDict[str, datetime | None] = OrderedDict()
        # Pages waiting on their articles, by URL. Requests carry the URL, not the page:
        # with a job directory every request is pickled, and each would get its own copy.
        self.pages: dict[str, ListingPage] = {}
        self.more_checks = MoreChecks(self.inc)  # era_2019 "more" answers, one by one

    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            await self._prepare_run()
        except UsageError as exc:  # ``since=auto`` or ``sweep`` without a store
            self.refuse(str(exc))
            return
        for url in self.sections:
            request = self._listing_request(url, section=url, number=1)
            if request is not None:
                yield request

    # --- incremental and resumed runs ---------------------------------------------------

    async def _prepare_run(self) -> None:
        self.shared = bool(self.settings.get("HNM_DISTRIBUTED_REDIS_URL"))
        self.max_links = self.settings.getint("HNM_LISTING_MAX_LINKS")
        self.marker = RunMarker.for_spider(self.settings, self.name)
        has_store = bool(self.settings.get("HNM_STORAGE_URI"))
        if await self.marker.start():
            self.inc("hnm/run/resumed")
            # Without a store nothing is skipped: the run walks again and the feed, published
            # by ``commands/feedfile.py``, keeps each article once.
            self.skip_stored = self.skip_stored or has_store
            logger.info(
                "Resuming an unfinished run (stored articles skipped: %(skip)s)",
                {"skip": self.skip_stored},
            )
        if self.skip_stored:
            self.lookup = StoreLookup.from_uri(self.settings.get("HNM_STORAGE_URI", ""))
            await self.lookup.open()
        if self.window.auto and self.lookup is not None:
            overlap = self.settings.getfloat("HNM_INCREMENTAL_OVERLAP_DAYS")
            for url, name in self.sections.items():
                newest = await self.lookup.newest(self.site.host, name) if name else None
                self.section_since[url] = auto_since(newest, overlap)

    async def closed(self, reason: str) -> None:
        if reason == "finished":
            self.marker.finish()
        if self.lookup is not None:
            await self.lookup.close()

    # --- listings ----------------------------------------------------------------------------
    def _listing_request(self, url: str, section: str, number: int) -> scrapy.Request | None:
        if urlsplit(url).scheme not in ("http", "https"):  # "next" as javascript:, mailto:
            # Counted and logged as SiteOnlyMiddleware does: Scrapy cannot even build these.
            self.inc("hnm/offsite/dropped")
            logger.info("Off-site request dropped: %(url)s", {"url": url})
            return None
        key = canonical_url(url)
        if key in self.seen_listings:  # a "next" link back to a page already walked
            self.inc("hnm/listing/repeated")
            return None
        self.seen_listings.add(key)
        # dont_filter: ``seen_listings`` dedups within a run; a resumed run walks again.
        # Shared: the shared filter dedups across workers (a sweep has a fresh one).
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            dont_filter=not self.shared,
            cb_kwargs={"section": section, "number": number},
        )

    async def parse_listing(
        self, response: Response, section: str, number: int
    ) -> AsyncIterator[scrapy.Request]:
        self.inc("hnm/listing/pages")
        try:
            if not isinstance(response, TextResponse):
                raise UnknownLayout(response.url, "listing")
            listing, unparsed = read_listing(response)
        except UnknownLayout as exc:
            self.unknown_layout(exc)
            return
        except Exception:  # a listing a layout cannot read ends its section, loudly
            self.inc("hnm/listing/parse_error")
            logger.exception("Listing page not read: %(url)s", {"url": response.url})
            return
        self.reached()
        if unparsed:  # entries whose link is no article URL (a 5,000-digit id): dropped
            self.inc("hnm/listing/links_unparsed", unparsed)
        entries, keys = self._capped(listing.entries, response.url)
        walked = self.walked.get(section, ())  # era_2019 "more": repeats out, chain checked
        entries, keys, goes_on = self.more_checks.continuing(
            section, response.url, entries, keys, walked
        )
        if not self._adds_articles(section, keys) and number > 1:
            # Nothing new: a site that serves page 1 for any page number, or a page this run
            # reaches twice (a resumed job's queue and its new walk): this walk ends here.
            self.inc("hnm/listing/stopped_no_new_articles")
            return
        since = self.section_since.get(section) if self.window.auto else self.window.since
        page = ListingPage(section, number, listing.next_url, since=since, url=response.url)
        if not entries or not goes_on:
            page.next_url = None  # an empty listing page is the end of the section
        self.pages[page.url] = page
        stored = await self._stored_among(keys)
        for request in self._article_requests(entries, page, keys, stored):
            yield request
        for request in self._next_page(page):
            yield request

    def _capped(
        self, entries: list[ListingEntry], url: str
    ) -> tuple[list[ListingEntry], list[str]]:
        """The page's entries, one per article (the first link to each), and their canonical
        URLs: at most ``HNM_LISTING_MAX_LINKS`` articles (the site shows 10 to 30 a page)."""
        unique: dict[str, ListingEntry] = {}
        for entry in entries:
            unique.setdefault(canonical_url(entry.url), entry)
        if 0 < self.max_links < len(unique):
            self.inc("hnm/listing/links_over_cap", len(unique) - self.max_links)
            logger.warning(
                "Listing page names %(n)d articles, the first %(cap)d are read: %(url)s",
                {"n": len(unique), "cap": self.max_links, "url": url},
            )
        keys = list(unique)[: self.max_links] if self.max_links > 0 else list(unique)
        return [unique[key] for key in keys], keys

    def _adds_articles(self, section: str, keys: list[str]) -> bool:
        """Whether the page names an article this section's walk has not seen yet (and
        remember them): a "next" page that adds none ends the walk. An empty page adds
        nothing and is no repeat."""
        walked = self.walked.setdefault(section, ArticleSet())
        new = [key for key in keys if key not in walked]
        for key in new:
            walked.add(key)
        return bool(new) or not keys

    def _article_requests(
        self, entries: list[ListingEntry], page: ListingPage, keys: list[str], stored: set[str]
    ) -> Iterator[scrapy.Request]:
        page.entries = len(entries)
        for entry, key in zip(entries, keys, strict=True):
            listed = parse_vietnamese_datetime(entry.published_text or "")
            page.note(listed or self.dates.get(key))
            if listed and not self._wanted(listed):
                continue
            if key in stored:
                page.stored += 1
                self.inc("hnm/articles/already_stored")
                continue
            self.listed(page.section, key, listed)
            if key in self.requested:
                continue
            self.requested.add(key)
            # A listing that prints dates decides paging by itself; otherwise the page
            # waits for this article's date (not on a shared frontier: another worker
            # may fetch it).
            waits = page.url if listed is None and not self.shared else None
            page.pending += waits is not None
            # dont_filter: ``requested`` already dedups, and a request the dupefilter
            # swallowed (say, after a redirect) would leave the page waiting forever.
            # Shared: nothing waits, and the shared filter dedups across workers.
            yield scrapy.Request(
                entry.url,
                callback=self.parse_article,
                errback=self.article_failed,
                dont_filter=not self.shared,
                cb_kwargs={"page": waits},
            )

    async def _stored_among(self, keys: list[str]) -> set[str]:
        """The listed articles the store holds; none when it cannot answer (they are fetched
        again, and the store pipeline keeps or dead-letters them): no listing is lost."""
        if self.lookup is None:
            return set()
        try:
            return await self.lookup.stored_urls(keys)
        except StoreUnavailable as exc:
            self.inc("hnm/store/read_failed")
            if not self.store_unreadable:
                self.store_unreadable = True
                logger.warning(
                    "Article store unreadable, listed articles are fetched again: %(error)s",
                    {"error": exc},
                )
            return set()

    def _next_page(self, page: ListingPage) -> Iterator[scrapy.Request]:
        if page.decided or page.pending > 0:
            return
        page.decided = True
        self.pages.pop(page.url, None)
        if page.next_url is None:
            return
        if page.reached_since():
            self.inc("hnm/listing/stopped_at_since")
        elif self.window.auto and page.all_stored():
            self.inc("hnm/listing/stopped_at_stored")
        elif self.max_pages is not None and page.number >= self.max_pages:
            self.inc("hnm/listing/stopped_at_max_pages")
        elif request := self._listing_request(page.next_url, page.section, page.number + 1):
            yield request

    # --- articles ----------------------------------------------------------------------------

    def parse_article(self, response: Response, page: str | None) -> Iterator[Any]:
        item = self.read_article(response)
        when = item["published_at"] if item is not None else None
        self._remember_date(canonical_url(response.url), when)
        if item is not None and self._in_range(when):
            yield item
        elif item is not None:
            self.unlisted(item["url"])
        yield from self._article_done(page, when)

    def _remember_date(self, key: str, when: datetime | None) -> None:
        """Keep the newest ``RECENT_DATES`` dates only: memory stays flat over a long run."""
        self.dates[key] = when
        if len(self.dates) > RECENT_DATES:
            self.dates.popitem(last=False)

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.fetch_failed(failure)
        yield from self._article_done(failure.request.cb_kwargs["page"], None)  # type: ignore[attr-defined]

    def _article_done(
        self, page_url: str | None, when: datetime | None
    ) -> Iterator[scrapy.Request]:
        # A page unknown here was queued by an earlier run (resumed job): nothing waits.
        page = self.pages.get(page_url) if page_url else None
        if page is not None:
            page.pending -= 1
            page.note(when)
            yield from self._next_page(page)

    def _wanted(self, listed: datetime) -> bool:
        """Whether an article the listing dates falls in since/until (else not fetched)."""
        if self.window.excludes(listed):
            self.inc("hnm/listing/skipped_out_of_range")
            return False
        return True

    def _in_range(self, when: datetime | None) -> bool:
        if when is None:
            self.inc("hnm/articles/undated")
            return True  # kept: the date pipeline counts it, the user decides
        if self.window.excludes(when):
            self.inc("hnm/articles/out_of_range")
            return False
        return True
