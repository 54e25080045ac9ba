"""The crawl report and its health checks: pure functions over plain values, no Scrapy.

``CrawlLedger`` remembers what listings named and what came out; ``build_report`` turns it and
the crawl stats into the JSON report; ``check_health`` compares the report with thresholds
and says, for each one crossed, which and by how much.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

REQUIRED_FIELDS = ("title", "body", "published_at")
COVERAGE_FIELDS = (
    "title",
    "sapo",
    "body",
    "section",
    "subsection",
    "authors",
    "tags",
    "images",
    "published_at",
)


@dataclass
class CrawlLedger:
    """What listings named (per section and day) and what the crawl emitted, by layout."""

    listed: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    stored: dict[str, str] = field(default_factory=dict)  # url -> day ("" when undated)
    layouts: Counter[str] = field(default_factory=Counter)
    filled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def note_listed(self, section: str, url: str, listed_at: datetime | None) -> None:
        day = listed_at.date().isoformat() if listed_at else ""
        self.listed[section].setdefault(url, day)

    def forget(self, url: str) -> None:
        for urls in self.listed.values():
            urls.pop(url, None)

    def note_item(self, item: dict[str, Any]) -> None:
        layout = str(item.get("layout") or "?")
        self.layouts[layout] += 1
        for name in COVERAGE_FIELDS:
            if item.get(name) not in (None, "", [], 0):
                self.filled[layout][name] += 1
        published = item.get("published_at")
        day = published.date().isoformat() if isinstance(published, datetime) else ""
        self.stored[str(item.get("url"))] = day

    def coverage(self) -> dict[str, dict[str, float]]:
        return {
            layout: {name: round(self.filled[layout][name] / total, 4) for name in COVERAGE_FIELDS}
            for layout, total in self.layouts.items()
        }

    def completeness(self) -> dict[str, Any]:
        """Per section and day: articles listed vs stored, and the listed ones missing."""
        report: dict[str, Any] = {}
        for section, urls in sorted(self.listed.items()):
            days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for url, day in urls.items():
                key = self.stored.get(url, day) or day or "undated"
                days[key][0] += 1
                days[key][1] += url in self.stored
            missing = sorted(url for url in urls if url not in self.stored)
            report[section] = {
                "listed": len(urls),
                "stored": len(urls) - len(missing),
                "missing": missing,
                "days": {d: {"listed": n, "stored": s} for d, (n, s) in sorted(days.items())},
            }
        return report


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def build_report(stats: dict[str, Any], ledger: CrawlLedger) -> dict[str, Any]:
    """The crawl report as JSON-ready values."""
    start, finish = stats.get("start_time"), stats.get("finish_time")
    duration = (finish - start).total_seconds() if start and finish else None
    articles = sum(ledger.layouts.values())
    return {
        "finish_reason": stats.get("finish_reason"),
        "duration_seconds": duration,
        "pages": stats.get("response_received_count", 0),
        "articles": {
            "emitted": articles,
            "parsed": stats.get("hnm/articles/parsed", 0),
            "new": stats.get("hnm/store/new", 0),
            "updated": stats.get("hnm/store/updated", 0),
            "unchanged": stats.get("hnm/store/unchanged", 0),
            "dead_lettered": stats.get("hnm/store/dead_lettered", 0),
        },
        "drops": _prefixed(stats, "item_dropped_reasons_count/"),
        "unknown_layouts": stats.get("hnm/layout/unknown", 0),
        "dates": {
            "parsed": stats.get("hnm/dates/parsed", 0),
            "unparsed": stats.get("hnm/dates/unparsed", 0),
        },
        "http": _prefixed(stats, "downloader/response_status_count/"),
        "retries": {
            "count": stats.get("retry/count", 0),
            "gave_up": stats.get("retry/max_reached", 0),
        },
        "layouts": dict(ledger.layouts),
        "coverage": ledger.coverage(),
        "completeness": ledger.completeness(),
        "counters": _prefixed(stats, "hnm/"),
    }


@dataclass(frozen=True)
class Thresholds:
    max_unknown_layout_share: float = 0.05
    max_undated_share: float = 0.02
    min_field_coverage: float = 0.95


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def check_health(report: dict[str, Any], limits: Thresholds) -> list[str]:
    """One sentence per threshold the crawl crossed; empty when it is healthy."""
    failures: list[str] = []
    emitted, pages = report["articles"]["emitted"], report["pages"]
    if pages and not emitted:
        failures.append(f"no articles although {pages} pages were fetched")
    if report["articles"]["dead_lettered"]:
        failures.append(
            f"{report['articles']['dead_lettered']} articles could not be stored: "
            "load the dead-letter file with hnmcrawler store replay"
        )
    article_pages = report["articles"]["parsed"] + report["unknown_layouts"]
    unknown = _share(report["unknown_layouts"], article_pages)
    if unknown > limits.max_unknown_layout_share:
        failures.append(
            f"unknown-layout share {unknown:.1%} above "
            f"{limits.max_unknown_layout_share:.1%} ({report['unknown_layouts']} pages)"
        )
    dates = report["dates"]
    undated = _share(dates["unparsed"], dates["parsed"] + dates["unparsed"])
    if undated > limits.max_undated_share:
        failures.append(f"missing-date share {undated:.1%} above {limits.max_undated_share:.1%}")
    for layout, fields in report["coverage"].items():
        for name in REQUIRED_FIELDS:
            if fields.get(name, 0.0) < limits.min_field_coverage:
                failures.append(
                    f"{layout} {name} coverage {fields[name]:.1%} below "
                    f"{limits.min_field_coverage:.1%}"
                )
    return failures
