"""Spider ``feeds``: fresh articles of the current site from its RSS feeds and sitemaps.

    scrapy crawl feeds -a sections=kinh-te,do-thi/giao-thong -a since=2026-02-01 -O out.jsonl
    scrapy crawl feeds -a since=auto        (hourly: from the newest stored article, less a day)

Sources: RSS ``/rss/{section}`` (no extension) and the daily article sitemaps listed by
``/sitemap.xml``. ``since``/``until`` (inclusive days, Vietnam time) are applied to each
sitemap's day and ``lastmod`` and to each RSS ``pubDate`` before any article is fetched;
without them every listed article is taken. ``since=auto`` starts from the newest article the
store holds for the site, less ``HNM_INCREMENTAL_OVERLAP_DAYS``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, TypeGuard

import scrapy
from scrapy.http import Response, TextResponse

from hnmcrawler.blocking import is_data
from hnmcrawler.dates import parse_vietnamese_datetime
from hnmcrawler.exceptions import UnknownLayout, UsageError
from hnmcrawler.keysets import ArticleSet
from hnmcrawler.layouts.base import ListingEntry
from hnmcrawler.layouts.era_2023.feeds import article_sitemaps, rss_entries, sitemap_entries
from hnmcrawler.sites import CURRENT, SITES, Site
from hnmcrawler.spiders.base import HnmSpider
from hnmcrawler.spiders.window import DateWindow
from hnmcrawler.storage.lookup import StoreLookup
from hnmcrawler.urls import canonical_url

logger = logging.getLogger(__name__)
SOURCES = ("rss", "sitemap")


class FeedsSpider(HnmSpider):
    name = "feeds"

    def __init__(
        self,
        site: str = CURRENT.host,
        sections: str | None = None,
        sources: str = "rss,sitemap",
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if site != CURRENT.host:
            raise UsageError(f"feeds exist on {CURRENT.host} only, not {site!r}")
        self.site: Site = SITES[site]
        self.sections = self._sections(sections)
        self.sources = [s.strip() for s in sources.split(",") if s.strip()]
        if unknown := set(self.sources) - set(SOURCES):
            raise UsageError(f"unknown sources {sorted(unknown)}; known: {', '.join(SOURCES)}")
        self.window = DateWindow.from_args(since, until)
        self.requested = ArticleSet()  # one bit an article: flat however long the run

    def _sections(self, sections: str | None) -> list[str]:
        if not sections:
            return [s.slug for s in self.site.top_sections()]
        slugs = [s.strip() for s in sections.split(",") if s.strip()]
        for slug in slugs:
            if self.site.section(slug) is None:
                raise UsageError(f"unknown section {slug!r} for {self.site.host}")
        return slugs

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.window.auto:
            try:
                self.window = await self._incremental_window()
            except UsageError as exc:  # no store to ask
                self.refuse(str(exc))
                return
        if "rss" in self.sources:
            for slug in self.sections:
                yield scrapy.Request(
                    f"{self.site.base_url}/rss/{slug}",
                    callback=self.parse_rss,
                    errback=self.listing_failed,
                )
        if "sitemap" in self.sources:
            yield scrapy.Request(
                f"{self.site.base_url}/sitemap.xml",
                callback=self.parse_index,
                errback=self.listing_failed,
            )

    async def _incremental_window(self) -> DateWindow:
        lookup = StoreLookup.from_uri(self.settings.get("HNM_STORAGE_URI", ""))
        await lookup.open()
        try:
            newest = await lookup.newest(self.site.host, None)
        finally:
            await lookup.close()
        return self.window.starting(newest, self.settings.getfloat("HNM_INCREMENTAL_OVERLAP_DAYS"))

    def parse_rss(self, response: Response) -> Iterator[scrapy.Request]:
        self.inc("hnm/feeds/rss")
        if self._is_feed(response, "feed"):
            yield from self._articles(response.url, rss_entries(response))

    def _is_feed(self, response: Response, kind: str) -> TypeGuard[TextResponse]:
        """True for an XML answer; an HTML page where a feed or sitemap should be (one no
        block check recognised) is an unknown layout, never an empty feed."""
        if isinstance(response, TextResponse) and is_data(response.body):
            return True
        self.unknown_layout(UnknownLayout(response.url, kind))
        return False

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._is_feed(response, "sitemap"):
            return
        for number, ref in enumerate(article_sitemaps(response)):
            if number == 0:
                self.reached()
            lastmod = parse_vietnamese_datetime(ref.lastmod or "")
            since = self.window.since
            day_out = ref.day is not None and self.window.excludes_day(ref.day)
            if day_out or (lastmod and since and lastmod < since):
                self.inc("hnm/feeds/sitemaps_skipped")
                continue
            yield scrapy.Request(ref.url, callback=self.parse_sitemap, errback=self.listing_failed)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.inc("hnm/feeds/sitemaps")
        if self._is_feed(response, "sitemap"):
            yield from self._articles(response.url, sitemap_entries(response))

    def _articles(self, source: str, entries: Iterable[ListingEntry]) -> Iterator[scrapy.Request]:
        for number, entry in enumerate(entries):
            if number == 0:
                self.reached()
            when = parse_vietnamese_datetime(entry.published_text or "")
            if when and self.window.excludes(when):
                self.inc("hnm/feeds/entries_out_of_range")
                continue
            key = canonical_url(entry.url)
            self.listed(source, key, when)
            if key not in self.requested:
                self.requested.add(key)
                yield scrapy.Request(
                    entry.url, callback=self.parse_article, errback=self.fetch_failed
                )

    def parse_article(self, response: Response) -> Iterator[Any]:
        item = self.read_article(response)
        if item is not None:
            yield item
