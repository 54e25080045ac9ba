"""Downloader middlewares of hnmcrawler.

``SafeRobotsTxtMiddleware`` checks every request against robots.txt (see its docstring for
the Scrapy 2.19 race it closes).

``BackoffRetryMiddleware`` is Scrapy's ``RetryMiddleware`` (same settings, stats, give-up
log) that waits before each retry: exponential backoff with jitter, or the server's
``Retry-After`` when it sends one, capped. The wait is an ``asyncio.sleep`` in the
middleware, so other requests keep flowing while one waits.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
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
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*(?:<!doctype html|<html)", re.IGNORECASE)


def is_incomplete(request: Request, response: Response) -> bool:
    """A 200 answer with an empty body, or an HTML page cut off before ``</html>``.

    robots.txt is exempt (an empty one is valid). Real pages of every era end in ``</html>``.
    """
    if response.status != 200 or request.meta.get("dont_obey_robotstxt"):
        return False
    body = response.body
    if not body.strip():
        return True
    return bool(_HTML_START.match(body[:512])) and not _HTML_END.search(body[-4096:])


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds()) if when.tzinfo else None


def backoff_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    jitter: float = 0.5,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1, 2, ...): ``base * 2**(attempt-1)``
    with +/- ``jitter`` spread, or ``retry_after`` when the server said so; never over ``cap``."""
    if retry_after is not None:
        return min(cap, retry_after)
    spread = 1 + jitter * (2 * (rng or random).random() - 1)
    return min(cap, base * 2 ** max(0, attempt - 1) * spread)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("HNM_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("HNM_RETRY_BACKOFF_MAX")
        self.forbidden_hosts: set[str] = set()

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if is_incomplete(request, response):
            return await self._incomplete(request)
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, retry_after_seconds(response.headers.get(b"Retry-After")))
        elif response.status == 403 and not request.meta.get("dont_retry"):
            self._lasting_403(request)
        return result

    async def _incomplete(self, request: Request) -> Request:
        """Retry an empty or cut-off page; past the retries, drop it rather than store half."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("hnm/http/incomplete")
        retry = None if request.meta.get("dont_retry") else self._retry(request, "incomplete page")
        if retry is None:
            raise IgnoreRequest(
                f"incomplete page after {self.max_retry_times} retries: {request.url}"
            )
        await self._wait(retry, None)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    def _lasting_403(self, request: Request) -> None:
        """A 403 that outlived every retry: the site refuses us, not a passing firewall hiccup."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("hnm/http/forbidden")
        host = urlparse_cached(request).hostname or ""
        if host not in self.forbidden_hosts:
            self.forbidden_hosts.add(host)
            logger.error(
                "%(host)s still answers 403 Forbidden after %(n)d retries (%(url)s): the site "
                "refuses this client; check USER_AGENT / Accept-Language and the request rate",
                {"host": host, "n": self.max_retry_times, "url": request.url},
            )

    async def _wait(self, retry: Request, retry_after: float | None) -> None:
        delay = backoff_delay(
            retry.meta.get("retry_times", 1), base=self.base, cap=self.cap, retry_after=retry_after
        )
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("hnm/retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await asyncio.sleep(delay)


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
        from hnmcrawler.sites import SITE_HOSTS

        extra = crawler.settings.getlist("HNM_EXTRA_HOSTS")
        return cls(SITE_HOSTS | {h.casefold() for h in extra}, crawler.stats)

    def process_request(self, request: Request) -> None:
        host = (urlparse_cached(request).hostname or "").casefold()
        if host not in self.hosts:
            if self.stats is not None:
                self.stats.inc_value("hnm/offsite/dropped")
            logger.info("Off-site request dropped: %(url)s", {"url": request.url})
            raise IgnoreRequest(f"off-site: {request.url}")
