"""The ``hnmcrawler`` command as people and cron run it, in a child process: ``crawl`` of the
mirror (exit codes, the report it writes and ``report`` reads), ``demo`` and ``extract``."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.commands.report import format_report
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    FIXTURES,
    MIRROR,
    crawl_report,
    expected_mirror_items,
    read_jsonl,
    run_hnmcrawler,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def redesigned(tmp_path: Path) -> Iterator[MirrorServer]:
    """The mirror after a redesign: article pages in a markup no layout knows."""
    root = tmp_path / "site"
    shutil.copytree(MIRROR, root)
    for page in (root / "hanoimoi.com.vn" / "Tin-tuc").rglob("*"):
        if page.is_file():
            html = page.read_text(encoding="utf-8")
            page.write_text(html.replace('class="refer"', 'class="meta-line"'), encoding="utf-8")
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


def test_crawl_exits_0_when_healthy_and_the_report_reads(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    result = run_hnmcrawler(
        [
            "crawl",
            "--mirror",
            mirror.url,
            "--sections",
            "Xa-hoi",
            "--max-pages",
            "1",
            "--db",
            f"sqlite:///{tmp_path / 'a.sqlite'}",
            "--out",
            "out.jsonl",
            "--report",
            "report.json",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
            "-s",
            "HNM_PROGRESS_LOG_INTERVAL=0.2",
            "--log-level",
            "INFO",
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[hnmcrawler] progress: pages" in result.stderr  # not a terminal: plain lines
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 11
    report = crawl_report(tmp_path / "report.json")
    assert report["health"] == {"ok": True, "failures": []}
    assert report["articles"]["new"] == 11
    shown = run_hnmcrawler(["report", "report.json"], cwd=tmp_path)
    assert shown.returncode == 0
    assert "health" in shown.stdout
    assert "ok" in format_report(report).splitlines()[-1]


def test_a_site_in_an_unknown_layout_fails_the_crawl_with_the_reason(
    redesigned: MirrorServer, tmp_path: Path
) -> None:
    result = run_hnmcrawler(
        [
            "crawl",
            "--mirror",
            redesigned.url,
            "--sections",
            "Kinh-te",
            "--max-pages",
            "1",
            "--db",
            "",
            "--report",
            "report.json",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "Crawl health check failed" in line]
    assert len(errors) == 1
    assert "no articles although" in errors[0]
    assert "unknown-layout share 100.0% above 5.0%" in errors[0]
    report = crawl_report(tmp_path / "report.json")
    assert report["unknown_layouts"] == 10
    assert (
        len(report["completeness"]["http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te"]["missing"])
        == 10
    )


def test_demo_writes_jsonl_and_sqlite_with_every_article_once(tmp_path: Path) -> None:
    everything = expected_mirror_items()
    first = run_hnmcrawler(["demo", "--out", "out"], cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"{len(everything)} articles" in first.stdout
    assert "Chính trị" in first.stdout
    assert "dropped: none" in first.stdout
    rows = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len({(r["site"], r["article_id"]) for r in rows}) == len(rows) == len(everything)
    assert {r["url"] for r in rows} == {e["url"] for e in everything}
    second = run_hnmcrawler(["demo", "--out", "out"], cwd=tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"store/unchanged {len(everything)}" in second.stdout
    with sqlite3.connect(tmp_path / "out" / "articles.sqlite") as db:
        bumped = db.execute("select count(*) from articles where last_seen_at > first_seen_at")
        assert bumped.fetchone() == (len(everything),)
        assert db.execute(
            "select count(*), count(distinct article_id) from articles"
        ).fetchone() == (len(everything), len(everything))


def test_extract_prints_the_seed_item(tmp_path: Path) -> None:
    page = FIXTURES / "era_2017" / "seed-chinh-tri-859634.html"
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    result = run_hnmcrawler(["extract", str(page), "--url", expected["url"]], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)
    item.pop("fetched_at")
    assert item == expected


def test_extract_of_an_unknown_page_exits_2_with_one_line(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text("<html><body><h1>?</h1></body></html>")
    result = run_hnmcrawler(
        ["extract", str(page), "--url", "http://hanoimoi.com.vn/Tin-tuc/A/1/x"], cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no known article layout" in result.stderr
