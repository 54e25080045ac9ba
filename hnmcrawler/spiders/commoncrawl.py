"""Spider ``commoncrawl``: the site's articles as Common Crawl holds them, each from its
newest good capture, fetched as one WARC record by an HTTP range request.

    scrapy crawl commoncrawl -a site=hanoimoi.com.vn -a sections=Kinh-te \\
        -a since=2017-01-01 -a until=2017-12-31 -a crawls=CC-MAIN-2024-10,CC-MAIN-2023-50
                                                   (hnmcrawler crawl --source commoncrawl)

For each crawl (``crawls``, else ``HNM_COMMONCRAWL_CRAWLS``, else those of the index
server's ``collinfo.json`` that ended on or after ``since``) and each section's article
prefix it asks the crawl's index (``HNM_COMMONCRAWL_INDEX_URL``: ``{index}/{crawl}-index``)
for 200 HTML captures, page by page (``showNumPages``; a server that does not page answers
all at once). Once every index answer is in, so that each article's newest capture across
the crawls is known, it fetches each article's newest capture from
``HNM_COMMONCRAWL_DATA_URL`` with ``Range: bytes=...`` and reads the record as our own WARC
records are read (``archives.commoncrawl``, ``warc.reader``), then makes it the page the
crawl would have had (``warc.extraction.page_of``: the charset the crawl picks). A record that
is not a whole 200 HTML response, a page the crawl would have refused (cut off before
``</html>``: ``incomplete``; a block page: ``blocked``; ``warc.extraction.refused``), or one
no layout reads makes it try the next capture (``hnm/commoncrawl/capture_<reason>``; the loop
is ``spiders.captures.CaptureSpider``'s). ``max_pages``: index pages per crawl and
section. What kept failing (an unreadable ``collinfo.json`` too) goes to
``HNM_COMMONCRAWL_FAILED_PATH``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hnmcrawler.archives.captures import Capture
from hnmcrawler.archives.cdx import CdxError, RecordPlace, parse_answer
from hnmcrawler.archives.commoncrawl import (
    CollInfoError,
    RecordError,
    capture_url,
    crawl_query,
    crawls_since,
    no_captures,
    page_count,
    read_record,
    record_range,
    record_url,
    unusable,
)
from hnmcrawler.items import Provenance
from hnmcrawler.retry import EMPTY_ANSWER_OK
from hnmcrawler.spiders.captures import CapturePage, failure_reason
from hnmcrawler.spiders.listings import ListedCaptureSpider
from hnmcrawler.warc.extraction import page_of, refused

logger = logging.getLogger(__name__)
Query = tuple[str, str]  # (section prefix, crawl)


class CommonCrawlSpider(ListedCaptureSpider):
    name = "commoncrawl"
    source = "commoncrawl"
    archive_settings = ("HNM_COMMONCRAWL_INDEX_URL", "HNM_COMMONCRAWL_DATA_URL")
    failed_setting = "HNM_COMMONCRAWL_FAILED_PATH"

    def __init__(self, crawls: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.crawls = [c.strip() for c in (crawls or "").split(",") if c.strip()]
        self.index_url = self.data_url = ""
        self.pending: dict[Query, int] = {}  # index answers each query still waits for

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.index_url = crawler.settings.get("HNM_COMMONCRAWL_INDEX_URL").rstrip("/")
        spider.data_url = crawler.settings.get("HNM_COMMONCRAWL_DATA_URL")
        spider.crawls = spider.crawls or crawler.settings.getlist("HNM_COMMONCRAWL_CRAWLS")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.crawls:
            for request in self._queries(self.crawls):
                yield request
            return
        url = f"{self.index_url}/collinfo.json"
        yield scrapy.Request(url, self.parse_collinfo, errback=self.collinfo_failed)

    # --- which crawls -----------------------------------------------------------------

    def parse_collinfo(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            crawls = crawls_since(response.body, self.window.since)
        except CollInfoError as exc:
            self._collinfo_lost(response.url, str(exc))
            return
        self.stat("crawls", len(crawls))
        if not crawls:
            logger.warning("No crawl of %(url)s ended after since", {"url": response.url})
        yield from self._queries(crawls)

    def collinfo_failed(self, failure: Failure) -> None:
        self.listing_failed(failure)
        self._collinfo_lost(failure.request.url, failure_reason(failure))  # type: ignore[attr-defined]

    def _collinfo_lost(self, url: str, reason: str) -> None:
        self.stat("collinfo_failed")
        self.failed.add("collinfo", url, reason)
        logger.error(
            "The list of crawls is not readable (%(reason)s): %(url)s; name them with "
            "-a crawls= or HNM_COMMONCRAWL_CRAWLS",
            {"reason": reason, "url": url},
        )

    # --- the index pages --------------------------------------------------------------

    def _queries(self, crawls: Iterable[str]) -> Iterator[scrapy.Request]:
        queries = [(prefix, crawl) for crawl in crawls for prefix in self.prefixes]
        self.pending.update(dict.fromkeys(queries, 1))
        for query in queries:
            yield self._index_request(query, None)

    def _index_request(self, query: Query, page: int | None) -> scrapy.Request:
        prefix, crawl = query
        url = crawl_query(self.index_url, crawl, prefix, self.window.since)
        url += "&showNumPages=true" if page is None else f"&page={page}"
        return scrapy.Request(
            url,
            self.parse_index,
            errback=self.index_failed,
            dont_filter=True,
            # 404: Common Crawl's "No Captures found"; an empty 200: pywb's
            meta={"handle_httpstatus_list": [404], EMPTY_ANSWER_OK: 1},
            cb_kwargs={"query": query, "page": page},
        )

    def parse_index(
        self, response: Response, query: Query, page: int | None
    ) -> Iterator[scrapy.Request]:
        self.stat("cdx_pages")
        pages = page_count(response.body) if page is None and response.status == 200 else None
        if pages is not None and pages > 0:
            if self.max_pages is not None and pages > self.max_pages:
                self.stat("cdx_stopped_at_max_pages")
                pages = self.max_pages
            self.pending[query] = pages
            for number in range(pages):
                yield self._index_request(query, number)
            return
        if pages is None and not no_captures(response.status, response.body):
            self._read_lines(response, query[0], unpaged=page is None)
        yield from self._answered(query)

    def _read_lines(self, response: Response, prefix: str, *, unpaged: bool) -> None:
        if response.status != 200:
            self.cdx_lost(response.url, prefix, f"http_{response.status}")
            return
        try:
            lines = parse_answer(response.body).lines
        except CdxError as exc:
            self.cdx_lost(response.url, prefix, f"unreadable: {exc}")
            return
        if unpaged:  # a server that does not page (pywb) answered everything at once
            self.stat("cdx_unpaged")
        placed = [line for line in lines if line.record is not None]
        self.stat("cdx_without_record", len(lines) - len(placed))
        self.add_lines(placed)

    def index_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.listing_failed(failure)
        query = request.cb_kwargs["query"]
        self.cdx_lost(request.url, query[0], failure_reason(failure))
        yield from self._answered(query)  # what other pages found is not lost

    def _answered(self, query: Query) -> Iterator[scrapy.Request]:
        """One answer of ``query`` is in; once every query's are, the captures are fetched."""
        self.pending[query] -= 1
        if self.pending[query] <= 0:
            del self.pending[query]
        if not self.pending:
            yield from self.index_done()

    # --- the records ------------------------------------------------------------------

    def capture_request(self, capture: Capture) -> scrapy.Request:
        place = _place(capture)
        headers = {"Range": record_range(place)}
        return scrapy.Request(record_url(self.data_url, place), headers=headers)

    def capture_page(self, response: Response, capture: Capture) -> CapturePage | str:
        place = _place(capture)
        if response.status == 200 and len(response.body) > place.length:
            return "range_ignored"  # the whole file came: never read as a record
        try:
            record = read_record(response.body, place)
        except RecordError as exc:
            return exc.reason
        if record is None:
            return "not_response"
        if (reason := unusable(record)) is not None:
            return reason
        page = page_of(dataclasses.replace(record, url=capture.url))
        if not isinstance(page, TextResponse):
            return "not_html"
        if (reason := refused(page)) is not None:  # the crawl would have retried it
            return reason
        return page, Provenance("commoncrawl", capture_url(self.data_url, place), record.date)


def _place(capture: Capture) -> RecordPlace:
    """Only captures whose index line named their record are kept (``_read_lines``)."""
    assert capture.record is not None
    return capture.record
