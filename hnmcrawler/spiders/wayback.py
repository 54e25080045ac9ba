"""Spider ``wayback``: the site's articles as a Wayback archive (the Internet Archive or any
pywb) holds them, each from its newest good capture.

    scrapy crawl wayback -a site=hanoimoi.com.vn -a sections=Kinh-te,Xa-hoi \\
        -a since=2017-01-01 -a until=2017-12-31          (hnmcrawler crawl --source wayback)

For each section it asks the CDX server (``HNM_WAYBACK_CDX_URL``) for the 200 HTML captures
under the section's article prefixes (``hanoimoi.com.vn/Tin-tuc/{Section}/`` and
``/Media/{Section}/``; hanoimoi.vn's article URLs name no section, so there the whole host is
asked once) and its listing prefix, page by page, and groups them by article
(``archives.captures``). The listing pages' newest captures are read first
(``spiders.listings``: listing dates, what the archive lacks). Then it fetches each article's newest
capture raw (``HNM_WAYBACK_REPLAY_URL``, ``id_`` form, redirects never followed) and reads it
with the layouts; a redirect, a missing or block capture, or a page no layout reads (a soft
404) makes it try the next capture (``hnm/wayback/capture_<reason>``; the loop is
``spiders.captures.CaptureSpider``'s). ``since``/``until`` apply to the article's date;
captures before ``since`` are not asked for (a capture is never older than its article).
``max_pages``: CDX pages per section. What kept failing goes to ``HNM_WAYBACK_FAILED_PATH``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from hnmcrawler.archives.captures import Capture, section_prefixes, status_reason
from hnmcrawler.archives.cdx import PAGE_LINES, CdxError, next_step, parse_answer, query_url
from hnmcrawler.exceptions import ArchivedBlockPage
from hnmcrawler.items import Provenance
from hnmcrawler.retry import ARCHIVED_COPY, EMPTY_ANSWER_OK
from hnmcrawler.spiders.captures import CapturePage, failure_reason
from hnmcrawler.spiders.listings import ListedCaptureSpider

__all__ = ["WaybackSpider", "section_prefixes"]
REPLAY_STATUSES = [301, 302, 303, 307, 308, 404, 410]  # read here, never followed


class WaybackSpider(ListedCaptureSpider):
    name = "wayback"
    source = "wayback"
    archive_settings = ("HNM_WAYBACK_CDX_URL", "HNM_WAYBACK_REPLAY_URL")
    failed_setting = "HNM_WAYBACK_FAILED_PATH"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cdx_url = self.replay_url = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.cdx_url = crawler.settings.get("HNM_WAYBACK_CDX_URL")
        spider.replay_url = crawler.settings.get("HNM_WAYBACK_REPLAY_URL")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for prefix in self.prefixes:
            yield self._cdx_request(prefix, PAGE_LINES, None, 1)

    # --- the CDX pages ----------------------------------------------------------------

    def _cdx_request(
        self, prefix: str, limit: int | None, key: str | None, number: int
    ) -> scrapy.Request:
        url = query_url(self.cdx_url, prefix, since=self.window.since, limit=limit, resume_key=key)
        kwargs = {"prefix": prefix, "limit": limit, "key": key, "number": number}
        return scrapy.Request(
            url,
            self.parse_cdx,
            errback=self.cdx_failed,
            dont_filter=True,
            meta={EMPTY_ANSWER_OK: 1},  # pywb answers "none" empty
            cb_kwargs=kwargs,
        )

    def parse_cdx(
        self, response: Response, prefix: str, limit: int | None, key: str | None, number: int
    ) -> Iterator[scrapy.Request]:
        self.stat("cdx_pages")
        try:
            page = parse_answer(response.body)
        except CdxError as exc:
            self.cdx_lost(response.url, prefix, f"unreadable: {exc}")
            yield from self.index_done(prefix)  # earlier pages' captures are not lost
            return
        self.add_lines(page.lines)
        step = next_step(page, limit, key)
        if step == "repeat":
            self.stat("cdx_resume_key_repeated")
        if step in ("resume", "unlimited") and self.more_pages(number):
            if step == "unlimited":  # honours limit, not resume keys (pywb): all at once
                self.stat("cdx_unpaged")
                yield self._cdx_request(prefix, None, None, number + 1)
            else:
                yield self._cdx_request(prefix, limit, page.resume_key, number + 1)
            return
        yield from self.index_done(prefix)

    def more_pages(self, number: int) -> bool:
        """May index page ``number + 1`` of a query be asked (``max_pages``)?"""
        if self.max_pages is not None and number >= self.max_pages:
            self.stat("cdx_stopped_at_max_pages")
            return False
        return True

    def cdx_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        self.listing_failed(failure)
        self.cdx_lost(request.url, request.cb_kwargs["prefix"], failure_reason(failure))
        yield from self.index_done(request.cb_kwargs["prefix"])  # earlier pages' are not lost

    # --- the captures ---------------------------------------------------------------------

    def capture_request(self, capture: Capture) -> scrapy.Request:
        meta = {"dont_redirect": True, "handle_httpstatus_list": REPLAY_STATUSES, ARCHIVED_COPY: 1}
        return scrapy.Request(capture.replay_url(self.replay_url), meta=meta)

    def capture_page(self, response: Response, capture: Capture) -> CapturePage | str:
        if response.status != 200:
            return status_reason(response.status)
        if not isinstance(response, TextResponse):
            return "unknown_layout"
        page = response.replace(url=capture.url)  # the article's own URL, for the layouts
        return page, Provenance("wayback", response.url, capture.captured_at)

    def passed_reason(self, failure: Failure) -> str | None:
        return "blocked" if isinstance(failure.value, ArchivedBlockPage) else None
