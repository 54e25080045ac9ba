"""What a crawl does when an output cannot be written: the feed, the dead-letter file, the
report. Called by ``feedstorage.py``, the store pipeline and ``extensions/health.py``.

``output_failed`` counts the first failure as ``hnm/output/failed`` (what and why, one
line), logs it once as an ERROR and stops the crawl with the close reason ``output_failed``;
``hnmcrawler crawl`` turns either into exit code 4 (``exits.py``). Nothing is
written by halves after that: the crawl ends instead of going on without its output.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from hnmcrawler.stop import stop_crawl

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

OUTPUT_FAILED = "output_failed"
"""The close reason of a crawl stopped because an output could not be written."""


def output_failed(crawler: Crawler, what: str, error: OSError, *, stop: bool = True) -> None:
    """Record that ``what`` (``"feed out/a.jsonl"``) could not be written, and stop the crawl.

    Only the first failure is recorded and logged; ``stop=False`` at close, when the crawl
    is ending anyway.
    """
    stats = crawler.stats
    if stats is None or stats.get_value("hnm/output/failed"):
        return
    reason = error.strerror or str(error)
    stats.set_value("hnm/output/failed", f"{what}: {reason}")
    logger.error(
        "Cannot write %(what)s: %(reason)s; crawl stopped", {"what": what, "reason": reason}
    )
    if stop:
        stop_crawl(crawler, OUTPUT_FAILED)
