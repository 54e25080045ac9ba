"""What every hnmcrawler spider shares: reading an article page into an item (counted), and
reporting pages no layout knows (``hnm/layout/unknown``, logged once each)."""

from __future__ import annotations

import logging
from datetime import datetime

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from hnmcrawler import signals as hnm_signals
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import BlockedResponse, UnknownLayout
from hnmcrawler.extract import ArticleReading, read_article
from hnmcrawler.items import ArticleItem
from hnmcrawler.sites import SITE_HOSTS
from hnmcrawler.stop import BAD_SETTING, stop_crawl

logger = logging.getLogger(__name__)


class HnmSpider(scrapy.Spider):
    """Base spider: article pages in, raw items out (pipelines clean and store them)."""

    # Scrapy's OffsiteMiddleware drops (and counts) any request to another host: a crawl
    # never leaves the site, whatever a page links to.
    allowed_domains = sorted(SITE_HOSTS)

    def inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def reached(self) -> None:
        """Count a page of the site that its layouts read (a listing, a feed, an article): a
        crawl that counts none could not reach the site (``hnmcrawler crawl`` exits 3)."""
        self.inc("hnm/site/reached")

    def refuse(self, problem: str) -> None:
        """Stop the run before any request with one line and the close reason that
        ``exits.crawl_outcome`` makes exit 2 (``hnmcrawler crawl`` refuses these first):
        ``since=auto`` or ``sweep`` without a store, under plain ``scrapy crawl``."""
        logger.error("%(problem)s; the crawl stops", {"problem": problem})
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("hnm/settings/problem", problem)
        stop_crawl(self.crawler, BAD_SETTING)

    def read_article(self, response: Response) -> ArticleItem | None:
        """The item of an article page, dates resolved; None for unusable pages."""
        if not isinstance(response, TextResponse):
            self.inc("hnm/articles/not_text")
            logger.warning("Not a text page: %(url)s", {"url": response.url})
            return None
        try:
            reading = read_article(response, fetched_at=datetime.now(VIETNAM_TZ))
        except UnknownLayout as exc:
            self.unknown_layout(exc)
            return None
        except Exception:  # a page a layout cannot read must not stop the crawl
            self.inc("hnm/articles/parse_error")
            logger.exception("Page not read, skipped: %(url)s", {"url": response.url})
            return None
        if reading.unknown is not None:
            self.unknown_layout(reading.unknown)
            self.inc("hnm/layout/generic")
        self.inc("hnm/articles/parsed")
        self.reached()
        self.count_dates(reading)
        return reading.item

    def count_dates(self, reading: ArticleReading) -> None:
        """Count how the article's date was decided; an article with none is logged."""
        if reading.dates.metadata_disagrees:
            self.inc("hnm/dates/metadata_disagrees")
        if reading.dates.published_at is None:
            self.inc("hnm/dates/unparsed")
            logger.warning(
                "Unparsed date %(text)r: %(url)s",
                {"text": reading.item.get("published_text"), "url": reading.item.get("url")},
            )
            return
        self.inc("hnm/dates/parsed")
        if reading.dates.weekday_mismatch:
            self.inc("hnm/dates/weekday_mismatch")

    def fetch_failed(self, failure: Failure) -> None:
        """Count and log, in one line, an article that could not be fetched: an HTTP error
        status, a block or challenge page (``blocked_403``, ``blocked_challenge``...), a page
        over ``DOWNLOAD_MAXSIZE``, a download error after its retries. What a
        middleware refused (robots.txt, off-site, incomplete) is counted there already."""
        self._not_fetched(failure, "articles", "Article")

    def listing_failed(self, failure: Failure) -> None:
        """The same for a listing, feed or sitemap page (``hnm/listing/not_fetched/...``)."""
        self._not_fetched(failure, "listing", "Listing")

    def _not_fetched(self, failure: Failure, kind: str, label: str) -> None:
        if isinstance(failure.value, IgnoreRequest) and not isinstance(
            failure.value, (HttpError, BlockedResponse)
        ):
            return  # a middleware refused it (robots.txt, off-site) and counted it there
        reason = failure_reason(failure)
        self.inc(f"hnm/{kind}/not_fetched")
        self.inc(f"hnm/{kind}/not_fetched/{reason}")
        url = failure.request.url  # type: ignore[attr-defined]
        logger.warning(
            "%(label)s not fetched (%(reason)s): %(url)s",
            {"label": label, "reason": reason, "url": url},
        )

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


def failure_reason(failure: Failure) -> str:
    """Why a request failed, as counted and recorded: ``http_<status>``, ``blocked_<kind>``
    (a block page past its retries), else the error's name."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, BlockedResponse):
        return f"blocked_{error.kind}"
    return type(error).__name__
