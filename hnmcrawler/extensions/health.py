"""``CrawlHealthExtension``: the crawl report and its pass/fail checks, for unattended runs.

At close it builds the JSON report (``report.py``), checks it against the ``HNM_HEALTH_*``
thresholds (``check_health``: for each one crossed, which and by how much; the share of block
pages among them), logs one ERROR line naming every check that failed, sets
``hnm/health/failed`` (``hnmcrawler crawl`` turns that into a non-zero exit) and writes the
report to ``HNM_REPORT_PATH`` in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals

from hnmcrawler import signals as hnm_signals
from hnmcrawler.extensions.report import CrawlLedger, build_report
from hnmcrawler.files import replace_text
from hnmcrawler.outputs import output_failed

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

HEALTH_FIELDS = ("title", "body", "published_at")
"""Fields every layout must fill in at least ``min_field_coverage`` of its articles."""


@dataclass(frozen=True)
class Thresholds:
    max_unknown_layout_share: float = 0.05
    max_undated_share: float = 0.02
    min_field_coverage: float = 0.95
    max_blocked_share: float = 0.5


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def check_health(report: dict[str, Any], limits: Thresholds) -> list[str]:
    """One sentence per threshold the crawl crossed; empty when it is healthy."""
    failures: list[str] = []
    # Article pages read whose articles were wanted: a quiet incremental run reads none.
    article_pages = report["articles"]["parsed"] + report["unknown_layouts"]
    wanted = article_pages - report.get("counters", {}).get("articles/out_of_range", 0)
    if wanted > 0 and not report["articles"]["emitted"]:
        failures.append(f"no articles although {article_pages} article pages were fetched")
    if report["articles"].get("lost"):
        failures.append(
            f"{report['articles']['lost']} articles could not be stored and are lost: "
            "set HNM_DEAD_LETTER_PATH and HNM_QUARANTINE_PATH to keep them"
        )
    if report["articles"]["dead_lettered"]:
        failures.append(
            f"{report['articles']['dead_lettered']} articles could not be stored: "
            "load the dead-letter file with hnmcrawler store replay"
        )
    unknown = _share(report["unknown_layouts"], article_pages)
    if unknown > limits.max_unknown_layout_share:
        failures.append(
            f"unknown-layout share {unknown:.1%} above "
            f"{limits.max_unknown_layout_share:.1%} ({report['unknown_layouts']} pages)"
        )
    failures += _blocked_failures(report.get("blocked", {}), limits)
    dates = report["dates"]
    undated = _share(dates["unparsed"], dates["parsed"] + dates["unparsed"])
    if undated > limits.max_undated_share:
        failures.append(f"missing-date share {undated:.1%} above {limits.max_undated_share:.1%}")
    for layout, fields in report["coverage"].items():
        for name in HEALTH_FIELDS:
            if fields.get(name, 0.0) < limits.min_field_coverage:
                failures.append(
                    f"{layout} {name} coverage {fields[name]:.1%} below "
                    f"{limits.min_field_coverage:.1%}"
                )
    return failures


def _blocked_failures(blocked: dict[str, Any], limits: Thresholds) -> list[str]:
    """Block or challenge pages refused most requests, after their retries: the site refuses
    this client. (Block pages a retry got past are counted in the report, not here.)"""
    refused, answered = blocked.get("gave_up", 0), blocked.get("answered", 0)
    share = _share(refused, answered)
    if share <= limits.max_blocked_share:
        return []
    kinds = ", ".join(f"{k} x{v}" for k, v in sorted(blocked["kinds"].items()))
    return [
        f"block pages refused {share:.1%} of requests ({refused} of {answered}), above "
        f"{limits.max_blocked_share:.1%} ({kinds}): crawl through a proxy in Vietnam "
        "(HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)"
    ]


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
            max_blocked_share=settings.getfloat("HNM_HEALTH_MAX_BLOCKED_SHARE"),
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

    async def spider_closed(self, spider: Spider, reason: str) -> None:
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
            text = json.dumps(report, ensure_ascii=False, indent=2, default=_json_default)
            try:
                await asyncio.to_thread(replace_text, self.report_path, text + "\n")
            except OSError as exc:
                output_failed(self.crawler, f"report {self.report_path}", exc, stop=False)
