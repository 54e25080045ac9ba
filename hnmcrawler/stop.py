"""Stopping a crawl from inside a component, once, with a close reason that
``exits.py`` maps to an exit code: ``output_failed`` (``outputs.py``),
``jobdir_locked`` and ``jobdir_corrupt`` (``jobdir.py``), ``bad_setting``
(``proxies.py``)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

BAD_SETTING = "bad_setting"
"""The close reason of a crawl stopped by a setting it cannot use (``hnm/settings/problem``
says which and why); ``exits.crawl_outcome`` makes it exit code 2."""

_stopping: dict[int, asyncio.Future[None]] = {}  # crawler id -> its close under way


def stop_crawl(crawler: Crawler, reason: str) -> None:
    """Ask the engine to close the spider with ``reason``; later calls do nothing."""
    try:
        engine = crawler.engine
    except (AttributeError, RuntimeError):  # the crawl has not started: nothing to stop
        return
    if engine is None or not engine.running or id(crawler) in _stopping:
        return
    closing = asyncio.ensure_future(engine.close_spider_async(reason=reason))
    _stopping[id(crawler)] = closing
    closing.add_done_callback(lambda _: _stopping.pop(id(crawler), None))
