"""``CrawlHealthExtension``: the crawl report and its pass/fail checks, for unattended runs.

At close it writes the JSON report (``HNM_REPORT_PATH``; see ``health.py`` for its content),
checks it against the ``HNM_HEALTH_*`` thresholds, logs one ERROR line naming every check
that failed and by how much, and sets ``hnm/health/failed``; ``hnmcrawler crawl`` turns that
into a non-zero exit.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals

from hnmcrawler import signals as hnm_signals
from hnmcrawler.health import CrawlLedger, Thresholds, build_report, check_health

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


class CrawlHealthExtension:
    def __init__(self, crawler: Crawler, report_path: Path | None, limits: Thresholds) -> None:
        self.crawler = crawler
        self.report_path = report_path
        self.limits = limits
        self.ledger = CrawlLedger()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        path = settings.get("HNM_REPORT_PATH")
        limits = Thresholds(
            max_unknown_layout_share=settings.getfloat("HNM_HEALTH_MAX_UNKNOWN_LAYOUT_SHARE"),
            max_undated_share=settings.getfloat("HNM_HEALTH_MAX_UNDATED_SHARE"),
            min_field_coverage=settings.getfloat("HNM_HEALTH_MIN_FIELD_COVERAGE"),
        )
        extension = cls(crawler, Path(path) if path else None, limits)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.article_listed, signal=hnm_signals.article_listed)
        crawler.signals.connect(extension.article_unlisted, signal=hnm_signals.article_unlisted)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.ledger.note_item(dict(ItemAdapter(item).items()))  # reads only: no deep copy

    def article_listed(self, section: str, url: str, listed_at: datetime | None) -> None:
        self.ledger.note_listed(section, url, listed_at)

    def article_unlisted(self, url: str) -> None:
        self.ledger.forget(url)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        report = build_report({**stats.get_stats(), "finish_reason": reason}, self.ledger)
        failures = check_health(report, self.limits)
        report["health"] = {"ok": not failures, "failures": failures}
        if failures:
            stats.set_value("hnm/health/failed", len(failures))
            logger.error(
                "Crawl health check failed: %(failures)s", {"failures": "; ".join(failures)}
            )
        if self.report_path is not None:
            self.report_path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(report, ensure_ascii=False, indent=2, default=_json_default)
            self.report_path.write_text(text + "\n", encoding="utf-8")
