"""Scheduled and interrupted jobs: incremental runs, and resuming after Ctrl-C or a kill."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    SCRAPY_PROJECT,
    crawl_report,
    expected_mirror_items,
    run_scrapy,
    start_python,
)

pytestmark = pytest.mark.e2e
SECTIONS = "sections=Chinh-tri,Kinh-te,Xa-hoi"
LEGACY_ARTICLES = [
    e
    for e in expected_mirror_items()
    if e["site"] == "hanoimoi.com.vn" and e["section"] in ("Chính trị", "Kinh tế", "Xã hội")
]


def crawl_args(*args: str) -> list[str]:
    return [
        "crawl",
        "archive",
        "-a",
        SECTIONS,
        "-s",
        "AUTOTHROTTLE_START_DELAY=0.05",
        "-s",
        "LOG_LEVEL=INFO",
        *args,
    ]


def env(mirror: MirrorServer, db: Path) -> dict[str, str]:
    """The mirror, a SQLite store, and the report beside the store."""
    return {
        "HNM_MIRROR": mirror.url,
        "HNM_STORAGE_URI": f"sqlite:///{db}",
        "HNM_REPORT_PATH": str(db.with_name("report.json")),
    }


def run(mirror: MirrorServer, db: Path, cwd: Path, *args: str) -> dict[str, Any]:
    """A crawl to its end; its report."""
    result = run_scrapy(crawl_args(*args), cwd=cwd, env=env(mirror, db), timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return crawl_report(db.with_name("report.json"))


def stored(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("select count(*), count(distinct article_id) from articles").fetchone()
    return int(row[0]), int(row[1])


def test_an_incremental_run_on_an_unchanged_site_reads_one_listing_page_per_section(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    db = tmp_path / "a.sqlite"
    run(mirror, db, tmp_path)
    assert stored(db) == (len(LEGACY_ARTICLES), len(LEGACY_ARTICLES))
    mirror.requests.clear()
    second = run(mirror, db, tmp_path, "-a", "since=auto")
    assert sorted(mirror.requests) == sorted(
        [
            "/hanoimoi.com.vn/robots.txt",
            "/hanoimoi.com.vn/Danh-muc-tin/101/Chinh-tri",
            "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",
            "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi",
        ]
    )
    assert second["counters"]["listing/stopped_at_stored"] == 3
    assert "store/new" not in second["counters"]
    assert stored(db) == (len(LEGACY_ARTICLES), len(LEGACY_ARTICLES))


def test_an_incremental_run_fetches_only_what_is_new(mirror: MirrorServer, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run(mirror, db, tmp_path, "-a", "until=2017-03-15")  # as if the crawl ran on 15 March
    before = stored(db)[0]
    newer = [e for e in LEGACY_ARTICLES if e["published_at"][:10] > "2017-03-15"]
    assert newer
    mirror.requests.clear()
    second = run(mirror, db, tmp_path, "-a", "since=auto")
    fetched = [p for p in mirror.requests if "/Tin-tuc/" in p]
    assert len(fetched) == len(newer)
    assert second["counters"]["store/new"] == len(newer)
    assert stored(db)[0] == before + len(newer)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_a_stopped_crawl_resumes_to_every_article_stored_once(
    mirror: MirrorServer, tmp_path: Path, stop: signal.Signals
) -> None:
    db, jobdir = tmp_path / "a.sqlite", tmp_path / "job"
    mirror.delay = 0.05
    args = ("-s", f"JOBDIR={jobdir}", "-s", "HNM_STORAGE_BATCH_SIZE=5")
    process = start_python(
        ["-m", "scrapy", *crawl_args(*args)],
        tmp_path,
        {**SCRAPY_PROJECT, **env(mirror, db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while sum(n for p, n in mirror.requests.items() if "/Tin-tuc/" in p) < 25:
        assert time.monotonic() < deadline, "the crawl did not get going"
        time.sleep(0.05)
    process.send_signal(stop)
    process.wait(timeout=60)
    interrupted = stored(db)[0] if db.exists() else 0
    assert interrupted < len(LEGACY_ARTICLES)

    mirror.delay = 0.0
    resumed = run(mirror, db, tmp_path, *args)
    assert resumed["counters"]["run/resumed"] == 1
    # On a failure, say how far the first run got and how the second one ended.
    assert stored(db) == (len(LEGACY_ARTICLES), len(LEGACY_ARTICLES)), (interrupted, resumed)
    assert not (jobdir / "hnm-archive.running").exists()
