"""The store seen through crawls: exactly once across runs, a changed page becomes a revision, a
store down at the start stops the crawl in one line, and export writes what the store holds."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import FAST, MIRROR, crawl_report, read_jsonl, run_hnmcrawler, run_scrapy

pytestmark = pytest.mark.e2e


def crawl_into(db: Path, mirror_url: str, cwd: Path, *args: str) -> dict[str, Any]:
    """An ``archive`` crawl into the SQLite store ``db``; its report."""
    report = cwd / "report.json"
    result = run_scrapy(
        ["crawl", "archive", *FAST, *args],
        cwd=cwd,
        env={
            "HNM_MIRROR": mirror_url,
            "HNM_STORAGE_URI": f"sqlite:///{db}",
            "HNM_REPORT_PATH": str(report),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return crawl_report(report)


def rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture
def own_mirror(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A private copy of the mirror that a test may edit between crawls."""
    root = tmp_path / "site"
    shutil.copytree(MIRROR, root)
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield root, server.url
        server.shutdown()


def test_two_crawls_store_each_article_once_and_a_changed_page_becomes_revision_2(
    own_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    root, url = own_mirror
    db = tmp_path / "a.sqlite"
    args = ("-a", "sections=Kinh-te")
    first = crawl_into(db, url, tmp_path, *args)
    assert first["counters"]["store/new"] == 30

    page = next((root / "hanoimoi.com.vn" / "Tin-tuc" / "Kinh-te").glob("*/*"))
    article_id = int(page.parent.name)
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<p>", "<p>Cập nhật: ", 1), encoding="utf-8")

    second = crawl_into(db, url, tmp_path, *args)
    assert second["counters"]["store/unchanged"] == 29
    assert second["counters"]["store/updated"] == 1
    assert rows(db, "select count(*), count(distinct article_id) from articles") == [(30, 30)]
    assert rows(db, f"select revision from articles where article_id = {article_id}") == [(2,)]
    history = rows(
        db, f"select revision, body from article_revisions where article_id = {article_id}"
    )
    assert len(history) == 1
    assert history[0][0] == 1
    assert "Cập nhật" not in history[0][1]
    assert rows(db, "select count(*) from articles where last_seen_at > first_seen_at") == [(30,)]


def test_a_store_that_is_down_at_start_stops_the_crawl_with_one_clear_line(
    own_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    _, url = own_mirror
    result = run_scrapy(
        ["crawl", "archive", "-a", "sections=Kinh-te", *FAST],
        cwd=tmp_path,
        env={"HNM_MIRROR": url, "HNM_STORAGE_URI": "postgresql://postgres:s3cret@127.0.0.1:1/test"},
    )
    assert result.returncode != 0
    assert "Article store unavailable, crawl stopped: cannot open article store" in result.stderr
    assert "s3cret" not in result.stderr


def test_export_writes_what_the_store_holds(own_mirror: tuple[Path, str], tmp_path: Path) -> None:
    _, url = own_mirror
    db = tmp_path / "a.sqlite"
    crawl_into(db, url, tmp_path, "-a", "sections=Xa-hoi", "-a", "max_pages=1")
    for fmt in ("jsonl", "csv"):
        result = run_hnmcrawler(
            [
                "export",
                "--db",
                f"sqlite:///{db}",
                "--format",
                fmt,
                "--out",
                str(tmp_path / f"out.{fmt}"),
                "--section",
                "Xã hội",
            ],
            cwd=tmp_path,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 10  # the cross-listed Kinh tế story is not
    header = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("url,site,article_id,layout,section,subsection,title,sapo,body")
