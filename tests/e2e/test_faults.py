"""A hostile network: a crawl through the fault-injecting mirror (``mirror/faults.py``: one
answer in five an error, a reset, a truncated, empty or slow page, a challenge...) loses and
repeats nothing; challenge pages in place of the feed and the articles are retried and the
pages read; a site that answers only challenges is exit 3 with the way out."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.mirror.faults import FaultPlan
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    MIRROR,
    crawl_report,
    expected_mirror_items,
    read_jsonl,
    run_hnmcrawler,
    run_scrapy,
)

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


@pytest.fixture
def challenging() -> Iterator[MirrorServer]:
    """The mirror behind a firewall that answers every path's first two requests with a
    challenge page (in turn: Vietnamese, Cloudflare, Sucuri, a meta refresh, a 503)."""
    with MirrorServer(MIRROR, faults=FaultPlan(challenges=2)) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


def rss_articles(section: str) -> list[str]:
    feed = (MIRROR / "hanoimoi.vn" / "rss" / section).read_text(encoding="utf-8")
    return sorted(u for u in re.findall(r"<link>([^<]+\.html)</link>", feed))


def test_challenge_pages_on_the_rss_feed_and_articles_are_retried_and_the_pages_read(
    challenging: MirrorServer, tmp_path: Path
) -> None:
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    fast = ["-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
    result = run_scrapy(
        ["crawl", "feeds", "-a", "sections=kinh-te", "-a", "sources=rss", "-O", str(out), *fast],
        cwd=tmp_path,
        env={"HNM_MIRROR": challenging.url, "HNM_STORAGE_URI": "", "HNM_REPORT_PATH": str(report)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["url"] for i in read_jsonl(out)) == rss_articles("kinh-te")
    assert challenging.requests["/hanoimoi.vn/rss/kinh-te"] == 3  # two challenges, the feed
    written = crawl_report(report)
    assert "layout/unknown" not in written["counters"]
    assert written["blocked"]["gave_up"] == 0
    assert written["blocked"]["total"] == 2 * (len(rss_articles("kinh-te")) + 1)
    assert set(written["blocked"]["kinds"]) == {"challenge", "meta_refresh"}
    # two block pages for every page read, every page read in the end: a healthy run
    assert written["health"]["failures"] == []


def test_a_site_that_answers_only_challenges_is_exit_3_in_one_line(tmp_path: Path) -> None:
    with MirrorServer(MIRROR, faults=FaultPlan.parse("challenges=all")) as server:
        server.start_in_thread()
        once = ["--db", "", "-s", "RETRY_TIMES=1", "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
        feeds = ["--spider", "feeds", "--sections", "kinh-te,do-thi"]
        result = run_hnmcrawler(
            ["crawl", *feeds, "--mirror", server.url, *once],
            cwd=tmp_path,
        )
        server.shutdown()
    assert result.returncode == 3, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert "site unreachable or refused: it answered" in last
    assert "with block pages only" in last
    assert "(HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)" in last
    assert "exit 3" in last
    report = crawl_report(tmp_path / "out" / "report.json")
    assert report["blocked"]["gave_up"] == 3  # two feeds and the sitemap index
    assert report["blocked"]["total"] == 6  # each asked twice
    assert report["counters"]["listing/not_fetched"] == 3
    assert not [k for k in report["counters"] if k.startswith("layout/unknown")]
    warnings = [line for line in result.stderr.splitlines() if "WARNING: hanoimoi.vn" in line]
    assert len(warnings) == 1  # once for the host, not once a response
