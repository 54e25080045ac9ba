"""``extensions/health.py``: the crawl report's health checks, which crawls fail and the sentence
that says why. (The report and its ledger are in ``test_report.py``.)"""

from __future__ import annotations

from typing import Any

import pytest

from hnmcrawler.extensions.health import Thresholds, check_health
from hnmcrawler.extensions.report import CrawlLedger, build_report


def report_of(**stats: Any) -> dict[str, Any]:
    ledger = CrawlLedger()
    for n in range(1, 11):
        ledger.note_item(
            {"url": f"u{n}", "layout": "era_2017", "title": "t", "body": "b", "published_at": None}
        )
    base = {"response_received_count": 12, "hnm/dates/parsed": 10, "hnm/articles/parsed": 10}
    report = build_report({**base, **stats}, ledger)
    report["coverage"] = {}  # field coverage is not what these tests are about
    return report


def test_a_crawl_that_stored_everything_is_healthy() -> None:
    assert check_health(report_of(**{"hnm/store/new": 10}), Thresholds()) == []


@pytest.mark.parametrize("count", [1, 40])
def test_articles_that_could_not_be_stored_fail_the_crawl(count: int) -> None:
    stats = {"hnm/store/new": 10 - count, "hnm/store/dead_lettered": count}
    assert check_health(report_of(**stats), Thresholds()) == [
        f"{count} articles could not be stored: "
        "load the dead-letter file with hnmcrawler store replay"
    ]


def test_a_crawl_that_got_mostly_block_pages_fails_and_says_what_to_set() -> None:
    stats = {
        "hnm/store/new": 10,
        "downloader/response_count": 40,
        "hnm/blocked/challenge": 25,
        "hnm/blocked/429": 3,
        "hnm/blocked/gave_up": 1,
    }
    assert check_health(report_of(**stats), Thresholds()) == [
        "block pages 70.0% of responses, above 50.0% (429 x3, challenge x25): crawl through a "
        "proxy in Vietnam (HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)"
    ]


def test_a_few_block_pages_that_gave_way_are_healthy() -> None:
    stats = {"hnm/store/new": 10, "downloader/response_count": 40, "hnm/blocked/challenge": 20}
    assert check_health(report_of(**stats), Thresholds()) == []
