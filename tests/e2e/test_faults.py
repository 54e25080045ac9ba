"""A hostile network: a crawl through the fault-injecting mirror (``mirror/faults.py``: one
answer in five an error, a reset, a truncated, empty or slow page...) loses and repeats
nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.mirror.faults import FaultPlan
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import MIRROR, crawl_report, expected_mirror_items, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e


@pytest.fixture
def faulty() -> Iterator[MirrorServer]:
    with MirrorServer(MIRROR, faults=FaultPlan(rate=0.2, seed=7, slow=1.5)) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


def test_a_crawl_through_20_percent_faults_stores_every_article_once_unchanged(
    faulty: MirrorServer, tmp_path: Path
) -> None:
    db, out, report = tmp_path / "a.sqlite", tmp_path / "out.jsonl", tmp_path / "report.json"
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=" + ",".join(mirror_listings()),
            "-O",
            str(out),
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
            "-s",
            "DOWNLOAD_TIMEOUT=1",
            "-s",
            "HNM_RETRY_BACKOFF_BASE=0.05",
            "-s",
            "HNM_RETRY_BACKOFF_MAX=1",
        ],
        cwd=tmp_path,
        env={
            "HNM_MIRROR": faulty.url,
            "HNM_STORAGE_URI": f"sqlite:///{db}",
            "HNM_REPORT_PATH": str(report),
        },
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {e["url"]: e for e in expected_mirror_items()}
    items = read_jsonl(out)
    assert sorted(i["url"] for i in items) == sorted(expected)
    for item in items:
        item.pop("fetched_at")
        assert item == expected[item["url"]]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select count(*), count(distinct site || article_id) from articles")
        assert rows.fetchone() == (len(expected), len(expected))
    written = crawl_report(report)
    assert written["retries"]["count"] > 0
    assert written["counters"]["http/incomplete"] > 0
