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


def test_a_crawl_whose_requests_block_pages_mostly_refused_fails_and_says_what_to_set() -> None:
    # 9 pages refused after 6 tries each (54 block pages), 6 pages read: 9 of 15 refused.
    stats = {
        "hnm/store/new": 6,
        "downloader/response_count": 60,
        "hnm/blocked/challenge": 48,
        "hnm/blocked/429": 6,
        "hnm/blocked/gave_up": 9,
    }
    assert check_health(report_of(**stats), Thresholds()) == [
        "block pages refused 60.0% of requests (9 of 15), above 50.0% (429 x6, challenge x48): "
        "crawl through a proxy in Vietnam (HNM_PROXIES) or set another user agent "
        "(HNM_USER_AGENTS)"
    ]


def test_block_pages_that_retries_got_past_are_healthy_however_many() -> None:
    # Every page read at its third try: two block pages a page, none refused in the end.
    stats = {"hnm/store/new": 20, "downloader/response_count": 60, "hnm/blocked/challenge": 40}
    assert check_health(report_of(**stats), Thresholds()) == []


def test_a_few_refused_pages_among_many_are_healthy() -> None:
    # 1,000 pages, 150 refused after 6 tries: 15% of requests, not the 51% of responses.
    stats = {
        "hnm/store/new": 850,
        "downloader/response_count": 1750,
        "hnm/blocked/403": 900,
        "hnm/blocked/gave_up": 150,
    }
    assert check_health(report_of(**stats), Thresholds()) == []
