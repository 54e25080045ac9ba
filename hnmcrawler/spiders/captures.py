"""``CaptureSpider``: what the ``wayback`` and ``commoncrawl`` spiders share, an archive's
captures of a site's articles, each article read from its newest good capture.

A subclass asks its index for the captures under each section's prefix and hands the lines
to ``add_lines`` (grouped by article, ``archives.captures``), then calls
``fetch_new_articles``. For each article the base fetches the newest capture not tried yet
(the subclass's ``capture_request``), turns the answer into a page (``capture_page``) and
reads it with the layouts; a capture that is no page (a reason, ``hnm/{source}/capture_
<reason>``), or a page no layout reads (a soft 404: ``capture_unknown_layout``), makes it try
the next one. ``since``/``until`` apply to the article's date. What kept failing goes to the
subclass's failed file (``archives.replay.FailedRecord``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from hnmcrawler.archives.captures import Capture, group_captures, merge, section_prefixes
from hnmcrawler.archives.cdx import CdxLine
from hnmcrawler.archives.replay import FailedRecord
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import UnknownLayout, UsageError
from hnmcrawler.extract import read_article
from hnmcrawler.items import ArticleItem, Provenance
from hnmcrawler.outputs import output_failed
from hnmcrawler.sites import CURRENT_HOST, Site
from hnmcrawler.spiders.arguments import section_urls, site_named
from hnmcrawler.spiders.base import HnmSpider, failure_reason
from hnmcrawler.spiders.window import DateWindow
from hnmcrawler.urls import ArticleKey

logger = logging.getLogger(__name__)
CapturePage = tuple[TextResponse, Provenance]
"""A capture turned into the article's page (its own URL) and where the copy came from."""


class CaptureSpider(HnmSpider):
    source: ClassVar[str]  # the items' source and the stats' prefix: hnm/{source}/...
    archive_settings: ClassVar[tuple[str, ...]]  # the settings naming the archive's URLs
    failed_setting: ClassVar[str]  # the setting naming the failed file
    # One request at a time to each archive host, AutoThrottle on.
    custom_settings = {  # noqa: RUF012  (Scrapy declares it a plain attribute)
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    }

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
        self.site: Site = site_named(site)
        self.prefixes = section_prefixes(self.site, section_urls(self.site, sections))
        self.window = DateWindow.from_args(since, until)
        if self.window.auto:
            raise UsageError(f"the {self.name} spider takes since as a day, not 'auto'")
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.found: dict[ArticleKey, list[Capture]] = {}  # captures not tried yet
        self.scheduled: set[ArticleKey] = set()
        self.failed = FailedRecord(None)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Let requests reach the archive hosts."""
        super().update_settings(settings)
        hosts = [
            *settings.getlist("HNM_EXTRA_HOSTS"),
            *archive_hosts(settings, cls.archive_settings),
        ]
        set_setting(settings, "HNM_EXTRA_HOSTS", hosts)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = [
            *spider.allowed_domains,
            *archive_hosts(crawler.settings, cls.archive_settings),
        ]
        path = crawler.settings.get(cls.failed_setting)
        spider.failed = FailedRecord(Path(path) if path else None)
        if spider.site.host == CURRENT_HOST:
            logger.warning("hanoimoi.vn article URLs name no section: the whole host is asked")
        return spider

    async def closed(self, reason: str) -> None:
        """Append what kept failing to the failed file, in a worker thread; a file that
        cannot be written is an output failure (exit 4)."""
        try:
            await asyncio.to_thread(self.failed.flush)
        except OSError as error:
            output_failed(self.crawler, f"failed file {self.failed.path}", error, stop=False)

    def stat(self, name: str, count: int = 1) -> None:
        self.inc(f"hnm/{self.source}/{name}", count)

    def add_lines(self, lines: list[CdxLine]) -> None:
        """Group one index page's lines by article, with what earlier pages found."""
        grouped = group_captures(lines, self.site.host)
        self.stat("cdx_lines", len(lines))
        self.stat("cdx_not_articles", grouped.not_articles)
        self.stat("cdx_not_html_200", grouped.not_html_200)
        for article, captures in grouped.articles.items():
            self.found[article] = merge(self.found.get(article, []), captures)

    def cdx_lost(self, url: str, prefix: str, reason: str) -> None:
        self.stat("cdx_failed")
        self.failed.add("cdx", url, reason, prefix=prefix)
        logger.warning("CDX page lost (%(reason)s): %(url)s", {"reason": reason, "url": url})

    # --- the captures ---------------------------------------------------------------------

    def capture_request(self, capture: Capture) -> scrapy.Request:
        """The request of a capture's bytes (URL, headers, meta: no callback)."""
        raise NotImplementedError

    def capture_page(self, response: Response, capture: Capture) -> CapturePage | str:
        """The page a capture's answer holds, or why it holds none (``redirect``...)."""
        raise NotImplementedError

    def fetch_new_articles(self) -> Iterator[scrapy.Request]:
        for article in [a for a in self.found if a not in self.scheduled]:
            self.scheduled.add(article)
            self.stat("articles_found")
            yield from self._next_capture(article)

    def _next_capture(self, article: ArticleKey) -> Iterator[scrapy.Request]:
        captures = self.found.get(article) or []
        if not captures:
            self.found.pop(article, None)
            self.stat("articles_without_good_capture")
            self.failed.add("article", f"{article.site}/{article.article_id}", "no good capture")
            return
        capture = captures.pop(0)
        self.stat("captures_fetched")
        yield self.capture_request(capture).replace(
            callback=self.parse_capture,
            errback=self.capture_failed,
            dont_filter=True,
            cb_kwargs={"article": tuple(article), "capture": capture},
        )

    def parse_capture(
        self, response: Response, article: tuple[str, int], capture: Capture
    ) -> Iterator[Any]:
        key = ArticleKey(*article)
        page = self.capture_page(response, capture)
        item = None if isinstance(page, str) else self._read(*page)
        if isinstance(page, str) or item is None:
            yield from self.passed_over(key, page if isinstance(page, str) else "unknown_layout")
            return
        self.found.pop(key, None)
        self.stat("articles_read")
        when = item["published_at"]
        if when is not None and self.window.excludes(when):
            self.inc("hnm/articles/out_of_range")
            return
        yield item

    def _read(self, page: TextResponse, provenance: Provenance) -> ArticleItem | None:
        """The item of a page read by a layout, or None (soft 404, unknown layout)."""
        try:
            reading = read_article(page, datetime.now(VIETNAM_TZ), provenance=provenance)
        except UnknownLayout:
            return None
        except Exception:  # a capture a layout cannot read must not stop the crawl
            logger.exception("Capture not read: %(url)s", {"url": provenance.capture_url})
            return None
        if reading.unknown is not None or not reading.item.get("title"):
            return None  # only the generic reader knew it: a soft 404 or another page
        self.inc("hnm/articles/parsed")
        self.reached()
        self.count_dates(reading)
        return reading.item

    def capture_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        article = ArticleKey(*request.cb_kwargs["article"])
        passed = self.passed_reason(failure)
        if passed is not None:
            yield from self.passed_over(article, passed)
            return
        reason, asked = failure_reason(failure), request.headers.get("Range")
        more = {"range": asked.decode("latin-1")} if asked else {}  # a Common Crawl record's
        self.failed.add("capture", request.url, reason, **more)
        logger.warning("Capture not fetched (%(r)s): %(url)s", {"r": reason, "url": request.url})
        yield from self.passed_over(article, "failed")

    def passed_reason(self, failure: Failure) -> str | None:
        """Why a failed capture is passed over without being recorded (a subclass's own)."""
        return None

    def passed_over(self, article: ArticleKey, reason: str) -> Iterator[scrapy.Request]:
        self.stat(f"capture_{reason}")
        yield from self._next_capture(article)


def archive_hosts(settings: BaseSettings, names: tuple[str, ...]) -> list[str]:
    return sorted({urlsplit(settings.get(name, "")).hostname or "" for name in names})


def set_setting(settings: BaseSettings, name: str, value: Any) -> None:
    """Set at the spider's priority, or at the one already there (``-s`` wins otherwise)."""
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, 30))
