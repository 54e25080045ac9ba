"""Downloader middlewares of hnmcrawler (``DOWNLOADER_MIDDLEWARES`` in ``settings.py``).

``SafeRobotsTxtMiddleware`` checks every request against robots.txt (see its docstring for
the Scrapy 2.19 race it closes).

``CharsetMiddleware`` reads mislabelled pages right; ``SiteOnlyMiddleware`` drops requests
off the sites. Retries with backoff and block pages are ``retry.BackoffRetryMiddleware``;
per-host proxies and user agents ``proxies.PerHostMiddleware``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from hnmcrawler.sites import SITE_HOSTS

logger = logging.getLogger(__name__)


DOWNLOAD_ERRORS = (
    DownloadConnectionRefusedError,
    CannotResolveHostError,
    DownloadTimeoutError,
    DownloadFailedError,
    ResponseDataLossError,
)


class OneLineDownloadErrors(logging.Filter):
    """Scrapy logs a robots.txt it could not download with a traceback through the whole
    downloader; for a network error (refused, timed out, no such host) the line says it all.
    Installed on Scrapy's robots.txt logger by ``SafeRobotsTxtMiddleware``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DOWNLOAD_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request checked while robots.txt loads.

    Scrapy 2.19 keeps one Deferred per host while robots.txt downloads and lets every
    waiting request await it. A Deferred hands its result down a single callback chain, so
    the first waiter gets the parser and every later one gets None, which the middleware
    reads as "no robots.txt": those requests went out unchecked. Here each waiter gets a
    Deferred of its own, fed from the shared one.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        robots_logger = logging.getLogger(RobotsTxtMiddleware.__module__)
        if not any(isinstance(f, OneLineDownloadErrors) for f in robots_logger.filters):
            robots_logger.addFilter(OneLineDownloadErrors())

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            mine: Deferred[RobotParser | None] = Deferred()

            def forward(result: Any) -> Any:
                mine.callback(result)
                return result  # keep the result for the next waiter in the chain

            pending.addBoth(forward)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)


# Charsets a server declares by default when it does not know better.
_WESTERN = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii", "us-ascii"}
)


def better_encoding(response: TextResponse) -> str | None:
    """The encoding to read a page with when the charset it declares (the header's, else
    its ``<meta charset>``) is contradicted by its bytes. None when the declaration holds.

    A Western default (``iso-8859-1``, ...) over non-ASCII bytes: UTF-8 when they are valid
    UTF-8, else the page's own ``<meta charset>``. UTF-8 over bytes that are not: the
    ``<meta charset>``, when it names another encoding (``windows-1258``).
    """
    header = response._headers_encoding()
    meta = response._body_declared_encoding()
    declared = (header or meta or "").lower()
    body = response.body
    if body.isascii():
        return None
    if declared in _WESTERN:
        if _is_utf8(body):
            return "utf-8"
        return meta if header and meta and meta.lower() not in _WESTERN else None
    if declared == "utf-8" and meta and meta.lower() != "utf-8" and not _is_utf8(body):
        return meta
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class CharsetMiddleware:
    """Read a mislabelled page right: Vietnamese in UTF-8 (or windows-1258) declared
    ``iso-8859-1``, or windows-1258 served as UTF-8, would otherwise be mojibake (or U+FFFD)
    in every field."""

    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, TextResponse):
            encoding = better_encoding(response)
            if encoding is not None:
                return response.replace(encoding=encoding)
        return response


class SiteOnlyMiddleware:
    """Drop every request to a host that is not one of the sites' (``sites.SITE_HOSTS``, plus
    ``HNM_EXTRA_HOSTS``), whatever asked for it.

    Scrapy's OffsiteMiddleware lets ``dont_filter`` requests through, and the spiders use
    ``dont_filter`` for their own reasons (they dedup themselves), so the rule lives here.
    """

    def __init__(self, hosts: frozenset[str], stats: Any = None) -> None:
        self.hosts = hosts
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteOnlyMiddleware:
        extra = crawler.settings.getlist("HNM_EXTRA_HOSTS")
        return cls(SITE_HOSTS | {h.casefold() for h in extra}, crawler.stats)

    def process_request(self, request: Request) -> None:
        host = (urlparse_cached(request).hostname or "").casefold()
        if host not in self.hosts:
            if self.stats is not None:
                self.stats.inc_value("hnm/offsite/dropped")
            logger.info("Off-site request dropped: %(url)s", {"url": request.url})
            raise IgnoreRequest(f"off-site: {request.url}")
