"""The crawl report: pure functions over plain values, no Scrapy.

``CrawlLedger`` remembers what listings named and what came out; ``build_report`` turns it and
the crawl stats into the JSON report. ``health.py`` checks the report and writes it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hnmcrawler.keysets import ArticleSet

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
    """What listings named (per section and day) and what the crawl emitted, by layout.

    A listed article waits in ``pending`` until the crawl emits it; then it is only counted
    (per section and day) and remembered as a bit: memory follows what is in flight, not
    the length of the run.
    """

    pending: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    days: dict[str, dict[str, list[int]]] = field(  # section -> day -> [listed, stored]
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
    )
    settled: dict[str, ArticleSet] = field(default_factory=lambda: defaultdict(ArticleSet))
    stored: ArticleSet = field(default_factory=ArticleSet)
    layouts: Counter[str] = field(default_factory=Counter)
    filled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def note_listed(self, section: str, url: str, listed_at: datetime | None) -> None:
        day = listed_at.date().isoformat() if listed_at else ""
        if url in self.settled[section] or url in self.pending[section]:
            return
        if url in self.stored:  # emitted already, listed again here: counted at once
            self._settle(section, url, day)
        else:
            self.pending[section][url] = day

    def forget(self, url: str) -> None:
        for urls in self.pending.values():
            urls.pop(url, None)

    def note_item(self, item: dict[str, Any]) -> None:
        layout = str(item.get("layout") or "?")
        self.layouts[layout] += 1
        for name in COVERAGE_FIELDS:
            if item.get(name) not in (None, "", [], 0):
                self.filled[layout][name] += 1
        published = item.get("published_at")
        day = published.date().isoformat() if isinstance(published, datetime) else ""
        url = str(item.get("url"))
        self.stored.add(url)
        for section, urls in self.pending.items():
            listed_day = urls.pop(url, None)
            if listed_day is not None:
                self._settle(section, url, day or listed_day)

    def _settle(self, section: str, url: str, day: str) -> None:
        counts = self.days[section][day or "undated"]
        counts[0] += 1
        counts[1] += 1
        self.settled[section].add(url)

    def coverage(self) -> dict[str, dict[str, float]]:
        return {
            layout: {name: round(self.filled[layout][name] / total, 4) for name in COVERAGE_FIELDS}
            for layout, total in self.layouts.items()
        }

    def completeness(self) -> dict[str, Any]:
        """Per section and day: articles listed vs stored, and the listed ones missing."""
        report: dict[str, Any] = {}
        for section in sorted({*self.pending, *self.days}):
            days = {day: list(counts) for day, counts in self.days[section].items()}
            missing = self.pending.get(section, {})
            for day in missing.values():
                days.setdefault(day or "undated", [0, 0])[0] += 1
            listed = sum(n for n, _ in days.values())
            report[section] = {
                "listed": listed,
                "stored": listed - len(missing),
                "missing": sorted(missing),
                "days": {d: {"listed": n, "stored": s} for d, (n, s) in sorted(days.items())},
            }
        return report


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def blocked_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """Block and challenge pages the crawl got (``hnm/blocked/<kind>``): by kind, in all
    (retries included), how many requests gave up on them, out of how many responses the
    downloader received and how many requests got a last answer (``answered``: every
    response but the block pages that were retried)."""
    kinds = {k: v for k, v in _prefixed(stats, "hnm/blocked/").items() if k != "gave_up"}
    total, gave_up = sum(kinds.values()), stats.get("hnm/blocked/gave_up", 0)
    responses = stats.get("downloader/response_count", 0)
    return {
        "kinds": kinds,
        "total": total,
        "gave_up": gave_up,
        "responses": responses,
        "answered": max(responses - (total - gave_up), 0),
    }


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
            "older": stats.get("hnm/store/older", 0),  # copies older than the stored one
            "dead_lettered": stats.get("hnm/store/dead_lettered", 0),
            "lost": stats.get("hnm/store/lost", 0),
            "quarantined": stats.get("hnm/store/quarantined", 0),
        },
        "drops": _prefixed(stats, "item_dropped_reasons_count/"),
        "quarantine": _prefixed(stats, "hnm/store/quarantined/"),  # rows refused, by reason
        "repaired": _prefixed(stats, "hnm/repaired/"),  # fields that held markup, by field
        "placeholder_images_dropped": stats.get("hnm/images/placeholder_dropped", 0),
        "unknown_layouts": stats.get("hnm/layout/unknown", 0),
        "dates": {
            "parsed": stats.get("hnm/dates/parsed", 0),
            "unparsed": stats.get("hnm/dates/unparsed", 0),
        },
        "http": _prefixed(stats, "downloader/response_status_count/"),
        "blocked": blocked_summary(stats),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),  # requests robots.txt refused
        "retries": {
            "count": stats.get("retry/count", 0),
            "gave_up": stats.get("retry/max_reached", 0),
        },
        "layouts": dict(ledger.layouts),
        "coverage": ledger.coverage(),
        "completeness": ledger.completeness(),
        "counters": _prefixed(stats, "hnm/"),
    }
