"""End to end: the real Scrapy engine crawls the mirror over HTTP on 127.0.0.1.

Each crawl runs in a child process (Twisted's reactor runs once per process), against the
mirror served by this test process, so the server's request log shows what was fetched.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import FIXTURES, expected_mirror_items, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e
FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0.05", "-s", "LOG_LEVEL=INFO"]


def crawl(mirror: MirrorServer, tmp_path: Path, *args: str) -> tuple[list[dict], str]:
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        ["crawl", "archive", "-O", str(out), *FAST, *args],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out), result.stderr


def article_paths(mirror: MirrorServer) -> dict[str, int]:
    return {p: n for p, n in mirror.requests.items() if "/Tin-tuc/" in p}


def test_archive_crawl_emits_every_mirror_article_once_with_its_fields(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, log = crawl(mirror, tmp_path, "-a", "sections=Chinh-tri,Kinh-te,Xa-hoi")
    expected = {e["url"]: e for e in expected_mirror_items() if e["layout"] == "era_2017"}
    urls = [i["url"] for i in items]
    assert sorted(urls) == sorted(expected)  # every article, exactly once
    for item in items:
        fetched_at = item.pop("fetched_at")
        assert fetched_at.endswith("+07:00")
        assert item == expected[item["url"]]
    assert set(article_paths(mirror).values()) == {1}  # each page fetched once
    assert mirror.requests["/hanoimoi.com.vn/robots.txt"] == 1
    assert "127.0.0.1" not in json.dumps(items)  # the mirror stays invisible
    assert f"'hnm/dates/parsed': {len(expected)}" in log


def test_since_and_until_bound_the_items_and_stop_pagination(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, log = crawl(
        mirror,
        tmp_path,
        "-a",
        "sections=kinh-te",
        "-a",
        "since=2017-03-01",
        "-a",
        "until=2017-03-20",
    )
    wanted = {
        e["url"]
        for e in expected_mirror_items()
        if e["section"] == "Kinh tế" and "2017-03-01" <= e["published_at"][:10] <= "2017-03-20"
    }
    assert wanted
    assert {i["url"] for i in items} == wanted
    # Page 1 reaches back to 4 March, page 2 is all February: it is read, page 3 never is.
    assert "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2" in mirror.requests
    assert "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=3" not in mirror.requests
    assert "'hnm/listing/stopped_at_since': 1" in log


def test_max_pages_bounds_each_section(mirror: MirrorServer, tmp_path: Path) -> None:
    items, _ = crawl(mirror, tmp_path, "-a", "sections=Xa-hoi", "-a", "max_pages=2")
    assert len(items) == 21  # 2 pages of 10, and page 1 cross-lists a Kinh tế story
    assert "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi?page=3" not in mirror.requests


def test_a_full_section_url_works_like_its_slug(mirror: MirrorServer, tmp_path: Path) -> None:
    items, _ = crawl(
        mirror,
        tmp_path,
        "-a",
        "sections=http://hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi",
        "-a",
        "max_pages=1",
    )
    assert len(items) == 11  # 10, and a story cross-listed from Kinh tế


def test_an_unknown_section_is_a_clear_error(mirror: MirrorServer, tmp_path: Path) -> None:
    result = run_scrapy(
        ["crawl", "archive", "-a", "sections=Kinh-te,Nope"],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode != 0
    assert "unknown section 'Nope'" in result.stderr
    assert not mirror.requests


def hnmcrawler(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hnmcrawler", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_demo_writes_jsonl_and_sqlite_with_every_article_once(tmp_path: Path) -> None:
    everything = expected_mirror_items()
    first = hnmcrawler("demo", "--out", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"{len(everything)} articles" in first.stdout
    assert "Chính trị" in first.stdout
    assert "dropped: none" in first.stdout
    rows = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert len({(r["site"], r["article_id"]) for r in rows}) == len(rows) == len(everything)
    assert {r["url"] for r in rows} == {e["url"] for e in everything}
    second = hnmcrawler("demo", "--out", "out", cwd=tmp_path)
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
    result = hnmcrawler("extract", str(page), "--url", expected["url"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)
    item.pop("fetched_at")
    assert item == expected


def test_extract_of_an_unknown_page_exits_2_with_one_line(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text("<html><body><h1>?</h1></body></html>")
    result = hnmcrawler(
        "extract", str(page), "--url", "http://hanoimoi.com.vn/Tin-tuc/A/1/x", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no known article layout" in result.stderr
