"""What every hnmcrawler spider shares: reading an article page into an item, and
reporting pages no layout knows (counted as ``hnm/layout/unknown``, logged once each)."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from hnmcrawler import signals as hnm_signals
from hnmcrawler.dates import VIETNAM_TZ, choose_published, parse_vietnamese_datetime
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.items import ArticleItem
from hnmcrawler.layouts import parse_article
from hnmcrawler.layouts.generic import generic_item
from hnmcrawler.sites import SITE_HOSTS

logger = logging.getLogger(__name__)


def parse_day(value: str | None, *, end: bool = False) -> datetime | None:
    """``2017-01-31`` -> the first (or, with ``end``, the last) instant of that Vietnam day."""
    if value in (None, ""):
        return None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None
    return datetime.combine(day, time.max if end else time.min, tzinfo=VIETNAM_TZ)


class HnmSpider(scrapy.Spider):
    """Base spider: article pages in, raw items out (pipelines clean and store them)."""

    # Scrapy's OffsiteMiddleware drops (and counts) any request to another host: a crawl
    # never leaves the site, whatever a page links to.
    allowed_domains = sorted(SITE_HOSTS)

    def inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def read_article(self, response: Response) -> ArticleItem | None:
        """The item of an article page, with ``fetched_at``; None for unusable pages."""
        if not isinstance(response, TextResponse):
            self.inc("hnm/articles/not_text")
            logger.warning("Not a text page: %(url)s", {"url": response.url})
            return None
        try:
            item = self._article_or_generic(response)
        except Exception:  # a page a layout cannot read must not stop the crawl
            self.inc("hnm/articles/parse_error")
            logger.exception("Page not read, skipped: %(url)s", {"url": response.url})
            return None
        if item is None:
            return None
        item["fetched_at"] = datetime.now(VIETNAM_TZ)
        self.inc("hnm/articles/parsed")
        return item

    def _article_or_generic(self, response: TextResponse) -> ArticleItem | None:
        try:
            return parse_article(response)
        except UnknownLayout as exc:
            self.unknown_layout(exc)
            item = generic_item(response)
            if item is not None:
                self.inc("hnm/layout/generic")
            return item

    def fetch_failed(self, failure: Failure) -> None:
        """Count and log, in one line, an article that could not be fetched: an HTTP error
        status, a page over ``DOWNLOAD_MAXSIZE``, a download error after its retries. What a
        middleware refused (robots.txt, off-site, incomplete) is counted there already."""
        error = failure.value
        if isinstance(error, HttpError):
            reason = f"http_{error.response.status}"
        elif isinstance(error, IgnoreRequest):
            return
        else:
            reason = type(error).__name__
        self.inc("hnm/articles/not_fetched")
        self.inc(f"hnm/articles/not_fetched/{reason}")
        url = failure.request.url  # type: ignore[attr-defined]
        logger.warning("Article not fetched (%(reason)s): %(url)s", {"reason": reason, "url": url})

    def listed(self, section: str, url: str, listed_at: datetime | None) -> None:
        """Tell the crawl report that a listing named this article."""
        self.crawler.signals.send_catch_log(
            hnm_signals.article_listed, section=section, url=url, listed_at=listed_at
        )

    def unlisted(self, url: str) -> None:
        """Tell the crawl report that a listed article turned out not to be wanted."""
        self.crawler.signals.send_catch_log(hnm_signals.article_unlisted, url=url)

    def unknown_layout(self, exc: UnknownLayout) -> None:
        self.inc("hnm/layout/unknown")
        self.inc(f"hnm/layout/unknown/{exc.kind}")
        logger.warning(
            "Unknown %(kind)s layout, page skipped: %(url)s", {"kind": exc.kind, "url": exc.url}
        )

    @staticmethod
    def item_date(item: ArticleItem) -> datetime | None:
        """The article's date as navigation needs it, chosen like the date pipeline does."""
        text: Any = item.get("published_text") or ""
        now = item.get("fetched_at")
        printed = parse_vietnamese_datetime(text, now=now)
        meta = item.get("published_at")
        meta = parse_vietnamese_datetime(meta, now=now) if isinstance(meta, str) else None
        return choose_published(text, printed, meta)[0]
