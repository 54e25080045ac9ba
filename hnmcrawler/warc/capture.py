"""WARC capture of a crawl: every exchange, as fetched, into ``HNM_WARC_DIR`` (``--warc DIR``).

``hnmcrawler.warc.WarcAddon`` (in ``ADDONS``) installs ``WarcCaptureMiddleware`` only when
``HNM_WARC_DIR`` is set; unset, this module (and warcio) is never imported.

Where it sits, and why: at ``warc.CAPTURE_ORDER`` (950), next to the download handler, below
every stock middleware. Its ``process_response`` is the first to see each response, so it
stores the bytes as they came off the wire, still gzip-compressed when the server said
``Content-Encoding: gzip`` (``HttpCompressionMiddleware``, 590, decodes them only after): the
stored headers match the stored payload as they are, and a replay is what the site sent. It
sees every exchange the crawl made: robots.txt (fetched through the downloader), listings,
"more" JSON, feeds, sitemaps, articles, each retry (the retry middleware, 585, acts after it)
and each redirect, with the status as it was. A response from Scrapy's HTTP cache (flag
``cached``) was not fetched and is not stored (``hnm/warc/skipped_cached``). The request
record holds the headers as sent, without credentials (``records.SECRET_HEADERS``).

Records go to ``writer.CaptureWriter``'s process; a record that cannot be written (a full
disk, or any other error of the writer) is counted ``hnm/warc/failed`` and is an output
failure (``outputs.output_failed``: the crawl stops, ``hnmcrawler crawl`` exits 4); the
response goes on to the spider all the same.
Counted: ``hnm/warc/responses``, ``hnm/warc/bytes``, ``hnm/warc/files``, ``hnm/warc/failed``.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Self

import scrapy
from scrapy import signals
from scrapy.http import Headers, Request, Response

from hnmcrawler import __version__
from hnmcrawler.outputs import output_failed
from hnmcrawler.warc.records import Exchange, RawHeaders
from hnmcrawler.warc.writer import CaptureWriter, WarcFiles, WriteResult

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

WARC_1_1 = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


class WarcCaptureMiddleware:
    def __init__(self, writer: CaptureWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        files = WarcFiles(
            Path(settings.get("HNM_WARC_DIR")),
            settings.getint("HNM_WARC_MAX_SIZE"),
            warcinfo_fields(crawler),
        )
        writer = CaptureWriter(files, max_queued=settings.getint("HNM_WARC_QUEUE"))
        middleware = cls(writer, crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            self._inc("hnm/warc/skipped_cached")
            return response
        self._count(await self.writer.submit(exchange_of(request, response)), stop=True)
        return response

    async def spider_closed(self) -> None:
        self._count(await self.writer.close(), stop=False)
        self._inc("hnm/warc/files", self.writer.opened)

    def _count(self, results: list[WriteResult], *, stop: bool) -> None:
        for result in results:
            if isinstance(result, Exception):
                self._failed(result, stop=stop)
                continue
            self._inc("hnm/warc/responses")
            self._inc("hnm/warc/bytes", result.size)

    def _failed(self, error: Exception, *, stop: bool) -> None:
        self._inc("hnm/warc/failed")
        if not isinstance(error, OSError):  # a bug, not the disk: keep its name in the line
            error = OSError(f"{type(error).__name__}: {error}")
        where = self.writer.path or self.writer.folder
        output_failed(self.crawler, f"WARC file {where}", error, stop=stop)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)


def exchange_of(request: Request, response: Response) -> Exchange:
    """The exchange as the download handler saw it, under the real URL. The headers stay
    bytes and the address a string: the writer process decodes them (``warc/records.py``),
    so the crawl's own thread does as little as it can."""
    return Exchange(
        url=request.url,
        method=request.method,
        request_headers=raw_headers(request.headers),
        request_body=request.body,
        status=response.status,
        protocol=response.protocol or "HTTP/1.1",
        response_headers=raw_headers(response.headers),
        body=response.body,
        date=datetime.now(UTC),
        ip_address=None if response.ip_address is None else str(response.ip_address),
    )


def raw_headers(headers: Headers) -> RawHeaders:
    """Scrapy's headers as they are, each value list copied: the exchange waits for its batch
    while the response goes on through the middlewares."""
    return [(name, list(values)) for name, values in headers.items()]


def warcinfo_fields(crawler: Crawler) -> dict[str, str]:
    """What a reader of the file needs to know about the crawl (secrets masked later)."""
    settings = crawler.settings
    proxies = {name: os.environ.get(name, "") for name in ("http_proxy", "https_proxy")}
    proxies["HNM_PROXIES"] = str(settings.get("HNM_PROXIES") or "")  # issue 16's, when set
    return {
        "software": f"hnmcrawler/{__version__} (Scrapy/{scrapy.__version__}; "
        f"warcio/{version('warcio')})",
        "format": "WARC File Format 1.1",
        "conformsTo": WARC_1_1,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
        "hnm-command": " ".join(sys.argv),
        "hnm-spider": crawler.spider.name if crawler.spider else "",
        "hnm-source": "local mirror" if settings.get("HNM_MIRROR") else "the site",
        "hnm-proxies": " ".join(f"{k}={v}" for k, v in proxies.items() if v),
    }
