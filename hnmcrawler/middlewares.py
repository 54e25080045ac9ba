"""Downloader middlewares of hnmcrawler.

``BackoffRetryMiddleware`` is Scrapy's ``RetryMiddleware`` (same settings, stats and give-up
log) that waits before each retry: exponential backoff with jitter, or the server's
``Retry-After`` when it sends one, capped. The wait is an ``asyncio.sleep`` in the
middleware, so other requests keep flowing while one waits.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings


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

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, retry_after_seconds(response.headers.get(b"Retry-After")))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: float | None) -> None:
        delay = backoff_delay(
            retry.meta.get("retry_times", 1), base=self.base, cap=self.cap, retry_after=retry_after
        )
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("hnm/retry/backoff_ms", round(delay * 1000))
        if delay > 0:
            await asyncio.sleep(delay)
