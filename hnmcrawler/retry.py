"""``BackoffRetryMiddleware`` (``DOWNLOADER_MIDDLEWARES``, 585): Scrapy's ``RetryMiddleware``
(same settings, stats, give-up log) that waits before each retry: exponential backoff with
jitter, or the server's ``Retry-After`` when it sends one, capped. The wait is an
``asyncio.sleep`` in the middleware, so other requests keep flowing while one waits.

A block or challenge page (``blocking.py``) is retried the same way, counted
``hnm/blocked/<kind>``, and past its retries raises ``exceptions.BlockedResponse`` to the
request's errback: never read as a page. An empty or cut-off page is retried too
(``hnm/http/incomplete``) and past its retries dropped, never stored half.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached

from hnmcrawler.blocking import CHALLENGE_STATUSES, block_kind
from hnmcrawler.exceptions import ArchivedBlockPage, BlockedResponse
from hnmcrawler.masking import mask_proxy
from hnmcrawler.proxies import forget_proxy

logger = logging.getLogger(__name__)

_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*(?:<!doctype html|<html)", re.IGNORECASE)

EMPTY_ANSWER_OK = "hnm_empty_ok"  # request meta: an empty 200 is an answer, not a cut-off
ARCHIVED_COPY = "hnm_capture"  # request meta: a web archive's copy of a page (a capture)


def is_incomplete(request: Request, response: Response) -> bool:
    """A 200 answer with an empty body, or an HTML page cut off before ``</html>``.

    robots.txt and requests marked ``EMPTY_ANSWER_OK`` (an archive's index query, which pywb
    answers with an empty 200 when nothing matches) are exempt: an empty answer is valid
    there. Real pages of every era end in ``</html>``.
    """
    if response.status != 200 or request.meta.get("dont_obey_robotstxt"):
        return False
    if request.meta.get(EMPTY_ANSWER_OK):
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


def response_block_kind(response: Response) -> str | None:
    """``blocking.block_kind`` of a Scrapy response (header names lower-cased)."""
    if response.status not in CHALLENGE_STATUSES:
        return None
    headers = {
        name: (response.headers.get(name) or b"").decode("latin-1")
        for name in ("content-type", "cf-mitigated")
    }
    return block_kind(response.status, headers, response.body, response.url)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("HNM_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("HNM_RETRY_BACKOFF_MAX")
        self.blocked_hosts: set[str] = set()  # hosts whose first block page was logged
        self.refusing_hosts: set[str] = set()  # hosts whose block outlived the retries

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        kind = response_block_kind(response)
        if kind is not None and response.status == 200 and request.meta.get(ARCHIVED_COPY):
            raise ArchivedBlockPage(kind, request.url)  # the archive's copy: no retry helps
        if kind is not None:
            return await self._blocked(request, response, kind)
        if is_incomplete(request, response):
            return await self._incomplete(request)
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, retry_after_seconds(response.headers.get(b"Retry-After")))
        return result

    async def _incomplete(self, request: Request) -> Request:
        """Retry an empty or cut-off page; past the retries, drop it rather than store half."""
        self._inc("hnm/http/incomplete")
        retry = None if request.meta.get("dont_retry") else self._retry(request, "incomplete page")
        if retry is None:
            raise IgnoreRequest(
                f"incomplete page after {self.max_retry_times} retries: {request.url}"
            )
        await self._wait(retry, None)
        return retry

    async def _blocked(self, request: Request, response: Response, kind: str) -> Request:
        """Count a block page, say so once per host, and retry it with backoff; past the
        retries, ``BlockedResponse`` to the errback."""
        self._inc(f"hnm/blocked/{kind}")
        host = urlparse_cached(request).hostname or ""
        if host not in self.blocked_hosts:
            self.blocked_hosts.add(host)
            logger.warning(
                "%(host)s answers block pages (%(kind)s, first %(url)s%(via)s): retrying with "
                "backoff. From outside Vietnam crawl through a proxy there (HNM_PROXIES) or "
                "set another user agent (HNM_USER_AGENTS)",
                {"host": host, "kind": kind, "url": request.url, "via": _via(request)},
            )
        retry = None
        if not request.meta.get("dont_retry"):
            assert self.crawler.spider is not None  # a response came: the crawl is open
            retry = get_retry_request(
                request,
                spider=self.crawler.spider,
                reason=f"blocked_{kind}",
                max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
                priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
                give_up_log_level=logging.DEBUG,  # one ERROR line per host instead
            )
        if retry is None:
            self._refused(host, kind, request)
            raise BlockedResponse(kind, request.url)
        await self._wait(retry, retry_after_seconds(response.headers.get(b"Retry-After")))
        return retry

    def _refused(self, host: str, kind: str, request: Request) -> None:
        """A block that outlived every retry: the site refuses us, not a passing hiccup."""
        self._inc("hnm/blocked/gave_up")
        if host not in self.refusing_hosts:
            self.refusing_hosts.add(host)
            logger.error(
                "%(host)s still answers block pages (%(kind)s) after %(n)d retries "
                "(%(url)s%(via)s): the site refuses this client; crawl through a proxy in "
                "Vietnam (HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)",
                {
                    "host": host,
                    "kind": kind,
                    "n": self.max_retry_times,
                    "url": request.url,
                    "via": _via(request),
                },
            )

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    async def _wait(self, retry: Request, retry_after: float | None) -> None:
        forget_proxy(retry)
        delay = backoff_delay(
            retry.meta.get("retry_times", 1), base=self.base, cap=self.cap, retry_after=retry_after
        )
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("hnm/retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await asyncio.sleep(delay)


def _via(request: Request) -> str:
    proxy = request.meta.get("proxy")
    return f", through proxy {mask_proxy(proxy)}" if proxy else ""
