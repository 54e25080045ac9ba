"""Spider ``wayback``: the site's articles as a Wayback archive (the Internet Archive or any
pywb) holds them, each from its newest good capture.

    scrapy crawl wayback -a site=hanoimoi.com.vn -a sections=Kinh-te,Xa-hoi \\
        -a since=2017-01-01 -a until=2017-12-31          (hnmcrawler crawl --source wayback)

For each section it asks the CDX server (``HNM_WAYBACK_CDX_URL``) for the 200 HTML captures
under the section's article prefix (``hanoimoi.com.vn/Tin-tuc/{Section}/``; hanoimoi.vn's
article URLs name no section, so there the whole host is asked once), page by page, and
groups them by article (``archives.captures``). Then it fetches each article's newest
capture raw (``HNM_WAYBACK_REPLAY_URL``, ``id_`` form, redirects never followed) and reads it
with the layouts; a redirect, a missing or block capture, or a page no layout reads (a soft
404) makes it try the next capture (``hnm/wayback/capture_<reason>``). ``since``/``until``
apply to the article's date; captures before ``since`` are not asked for (a capture is never
older than its article). ``max_pages``: CDX pages per section. What kept failing goes to
``HNM_WAYBACK_FAILED_PATH``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from hnmcrawler.archives.captures import Capture, group_captures, merge
from hnmcrawler.archives.cdx import PAGE_LINES, CdxError, next_step, parse_answer, query_url
from hnmcrawler.archives.replay import CAPTURE_META, ArchivedBlockPage, FailedRecord
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import UnknownLayout, UsageError
from hnmcrawler.extract import read_article
from hnmcrawler.items import ArticleItem, Provenance
from hnmcrawler.sites import CURRENT_HOST, Site
from hnmcrawler.spiders.arguments import section_urls, site_named
from hnmcrawler.spiders.base import HnmSpider
from hnmcrawler.spiders.window import DateWindow
from hnmcrawler.urls import ArticleKey

logger = logging.getLogger(__name__)
REPLAY_STATUSES = [301, 302, 303, 307, 308, 404, 410]  # read here, never followed
ARCHIVE_SETTINGS = ("HNM_WAYBACK_CDX_URL", "HNM_WAYBACK_REPLAY_URL")


def archive_hosts(settings: BaseSettings) -> list[str]:
    return sorted({urlsplit(settings.get(name, "")).hostname or "" for name in ARCHIVE_SETTINGS})


def section_prefixes(site: Site, sections: dict[str, str | None]) -> list[str]:
    """The CDX prefix of each section's articles (any case, ``www.`` or not: the index key
    folds both). hanoimoi.vn's article URLs have no section: the whole host, once."""
    if site.host == CURRENT_HOST:
        return [f"{CURRENT_HOST}/"]
    slugs = (urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in sections)
    return list(dict.fromkeys(f"{site.host}/Tin-tuc/{slug}/" for slug in slugs))


class WaybackSpider(HnmSpider):
    name = "wayback"
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
            raise UsageError("the wayback spider takes since as a day, not 'auto'")
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.found: dict[ArticleKey, list[Capture]] = {}  # captures not tried yet
        self.scheduled: set[ArticleKey] = set()
        self.cdx_url = self.replay_url = ""
        self.failed = FailedRecord(None)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Let requests reach the archive hosts and sort replayed block pages out."""
        super().update_settings(settings)
        hosts = [*settings.getlist("HNM_EXTRA_HOSTS"), *archive_hosts(settings)]
        _set(settings, "HNM_EXTRA_HOSTS", hosts)
        middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
        middlewares["hnmcrawler.archives.replay.ArchivedBlockMiddleware"] = 587
        _set(settings, "DOWNLOADER_MIDDLEWARES", middlewares)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.cdx_url = settings.get("HNM_WAYBACK_CDX_URL")
        spider.replay_url = settings.get("HNM_WAYBACK_REPLAY_URL")
        spider.allowed_domains = [*spider.allowed_domains, *archive_hosts(settings)]
        path = settings.get("HNM_WAYBACK_FAILED_PATH")
        spider.failed = FailedRecord(Path(path) if path else None)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.site.host == CURRENT_HOST:
            logger.warning("hanoimoi.vn article URLs name no section: the whole host is asked")
        for prefix in self.prefixes:
            yield self._cdx_request(prefix, PAGE_LINES, None, 1)

    # --- the CDX pages ----------------------------------------------------------------

    def _cdx_request(
        self, prefix: str, limit: int | None, key: str | None, number: int
    ) -> scrapy.Request:
        url = query_url(self.cdx_url, prefix, since=self.window.since, limit=limit, resume_key=key)
        kwargs = {"prefix": prefix, "limit": limit, "key": key, "number": number}
        return scrapy.Request(
            url, self.parse_cdx, errback=self.cdx_failed, dont_filter=True, cb_kwargs=kwargs
        )

    def parse_cdx(
        self, response: Response, prefix: str, limit: int | None, key: str | None, number: int
    ) -> Iterator[scrapy.Request]:
        self.inc("hnm/wayback/cdx_pages")
        try:
            page = parse_answer(response.body)
        except CdxError as exc:
            self._cdx_lost(response.url, prefix, f"unreadable: {exc}")
            return
        grouped = group_captures(page.lines, self.site.host)
        self.inc("hnm/wayback/cdx_lines", len(page.lines))
        self.inc("hnm/wayback/cdx_not_articles", grouped.not_articles)
        self.inc("hnm/wayback/cdx_not_html_200", grouped.not_html_200)
        for article, captures in grouped.articles.items():
            self.found[article] = merge(self.found.get(article, []), captures)
        step = next_step(page, limit, key)
        if step == "repeat":
            self.inc("hnm/wayback/cdx_resume_key_repeated")
        if step in ("resume", "unlimited") and self._more_pages(number):
            if step == "unlimited":  # honours limit, not resume keys (pywb): all at once
                self.inc("hnm/wayback/cdx_unpaged")
                yield self._cdx_request(prefix, None, None, number + 1)
            else:
                yield self._cdx_request(prefix, limit, page.resume_key, number + 1)
            return
        yield from self._fetch_new_articles()

    def _more_pages(self, number: int) -> bool:
        if self.max_pages is not None and number >= self.max_pages:
            self.inc("hnm/wayback/cdx_stopped_at_max_pages")
            return False
        return True

    def cdx_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.listing_failed(failure)
        self._cdx_lost(request.url, request.cb_kwargs["prefix"], _reason(failure))
        yield from self._fetch_new_articles()  # what earlier pages found is not lost

    def _cdx_lost(self, url: str, prefix: str, reason: str) -> None:
        self.inc("hnm/wayback/cdx_failed")
        self.failed.add("cdx", url, reason, prefix=prefix)
        logger.warning("CDX page lost (%(reason)s): %(url)s", {"reason": reason, "url": url})

    # --- the captures ---------------------------------------------------------------------

    def _fetch_new_articles(self) -> Iterator[scrapy.Request]:
        for article in [a for a in self.found if a not in self.scheduled]:
            self.scheduled.add(article)
            self.inc("hnm/wayback/articles_found")
            yield from self._next_capture(article)

    def _next_capture(self, article: ArticleKey) -> Iterator[scrapy.Request]:
        captures = self.found.get(article) or []
        if not captures:
            self.found.pop(article, None)
            self.inc("hnm/wayback/articles_without_good_capture")
            self.failed.add("article", f"{article.site}/{article.article_id}", "no good capture")
            return
        capture = captures.pop(0)
        self.inc("hnm/wayback/captures_fetched")
        meta = {"dont_redirect": True, "handle_httpstatus_list": REPLAY_STATUSES, CAPTURE_META: 1}
        yield scrapy.Request(
            capture.replay_url(self.replay_url),
            self.parse_capture,
            errback=self.capture_failed,
            dont_filter=True,
            meta=meta,
            cb_kwargs={"article": tuple(article), "capture": capture},
        )

    def parse_capture(
        self, response: Response, article: tuple[str, int], capture: Capture
    ) -> Iterator[Any]:
        key = ArticleKey(*article)
        if response.status != 200:
            reason = "missing" if response.status in (404, 410) else "redirect"
            yield from self._passed_over(key, reason)
            return
        item = self._read(response, capture)
        if item is None:
            yield from self._passed_over(key, "unknown_layout")
            return
        self.found.pop(key, None)
        self.inc("hnm/wayback/articles_read")
        when = item["published_at"]
        if when is not None and self.window.excludes(when):
            self.inc("hnm/articles/out_of_range")
            return
        yield item

    def _read(self, response: Response, capture: Capture) -> ArticleItem | None:
        """The item of a capture read by a layout, or None (soft 404, unknown layout)."""
        if not isinstance(response, TextResponse):
            return None
        provenance = Provenance("wayback", response.url, capture.captured_at)
        page = response.replace(url=capture.url)  # the article's own URL, for the layouts
        try:
            reading = read_article(page, datetime.now(VIETNAM_TZ), provenance=provenance)
        except UnknownLayout:
            return None
        except Exception:  # a capture a layout cannot read must not stop the crawl
            logger.exception("Capture not read: %(url)s", {"url": response.url})
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
        if isinstance(failure.value, ArchivedBlockPage):
            yield from self._passed_over(article, "blocked")
            return
        reason = _reason(failure)
        self.failed.add("capture", request.url, reason)
        logger.warning("Capture not fetched (%(r)s): %(url)s", {"r": reason, "url": request.url})
        yield from self._passed_over(article, "failed")

    def _passed_over(self, article: ArticleKey, reason: str) -> Iterator[scrapy.Request]:
        self.inc(f"hnm/wayback/capture_{reason}")
        yield from self._next_capture(article)


def _reason(failure: Failure) -> str:
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    return type(error).__name__


def _set(settings: BaseSettings, name: str, value: Any) -> None:
    """Set at the spider's priority, or at the one already there (``-s`` wins otherwise)."""
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, 30))
