"""``extensions/report.py``: the crawl ledger, what listings named against what was stored, per
section and day. (The health checks over the report are in ``test_health.py``.)"""

from __future__ import annotations

from datetime import datetime

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.extensions.report import CrawlLedger, build_report


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM_TZ)


def test_completeness_counts_listed_and_stored_per_section_and_day() -> None:
    ledger = CrawlLedger()
    a, b, c = (f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/{n}/bai" for n in (11, 12, 13))
    ledger.note_listed("Xã hội", a, day("2017-01-02T08:00"))
    ledger.note_listed("Xã hội", b, None)
    ledger.note_listed("Xã hội", c, day("2017-01-03T08:00"))
    ledger.note_listed("Xã hội", a, day("2017-01-02T08:00"))  # a listing names it twice
    ledger.forget(c)  # out of the run's range: not counted
    ledger.note_item({"url": a, "layout": "era_2017", "published_at": day("2017-01-01T23:00")})
    ledger.note_listed("Kinh tế", a, day("2017-01-02T08:00"))  # cross-listed after storing
    assert ledger.completeness() == {
        "Kinh tế": {
            "listed": 1,
            "stored": 1,
            "missing": [],
            "days": {"2017-01-02": {"listed": 1, "stored": 1}},
        },
        "Xã hội": {
            "listed": 2,
            "stored": 1,
            "missing": [b],
            "days": {
                "2017-01-01": {"listed": 1, "stored": 1},  # the article's own date wins
                "undated": {"listed": 1, "stored": 0},
            },
        },
    }


def test_a_stored_article_leaves_only_a_count_behind() -> None:
    ledger = CrawlLedger()
    for n in range(1, 2001):
        url = f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/{n}/bai"
        ledger.note_listed("Xã hội", url, day("2017-01-02T08:00"))
        ledger.note_item({"url": url, "layout": "era_2017", "published_at": None})
    assert ledger.pending["Xã hội"] == {}
    assert ledger.completeness()["Xã hội"]["days"] == {
        "2017-01-02": {"listed": 2000, "stored": 2000}
    }


def test_the_report_lists_block_pages_by_kind() -> None:
    stats = {
        "downloader/response_count": 30,
        "hnm/blocked/challenge": 6,
        "hnm/blocked/meta_refresh": 1,
        "hnm/blocked/403": 2,
        "hnm/blocked/gave_up": 1,
    }
    assert build_report(stats, CrawlLedger())["blocked"] == {
        "kinds": {"403": 2, "challenge": 6, "meta_refresh": 1},
        "total": 9,
        "gave_up": 1,
        "responses": 30,
        "answered": 22,  # 30 responses less the 8 block pages that were retried
    }


def test_the_report_lists_repaired_fields_and_dropped_placeholder_images() -> None:
    stats = {"hnm/repaired/title": 2, "hnm/repaired/sapo": 1, "hnm/images/placeholder_dropped": 3}
    report = build_report(stats, CrawlLedger())
    assert report["repaired"] == {"sapo": 1, "title": 2}
    assert report["placeholder_images_dropped"] == 3
