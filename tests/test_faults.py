"""A hostile network: the fault-injecting mirror, and a crawl that loses and repeats nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from hnmcrawler.middlewares import better_encoding, is_incomplete
from hnmcrawler.mirror.faults import KINDS, FaultPlan
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import MIRROR, expected_mirror_items, read_jsonl, run_scrapy


def test_a_fault_spec_reads_rate_seed_kinds_and_slow() -> None:
    plan = FaultPlan.parse("rate=0.2,seed=7,kinds=503+reset,slow=2.5")
    assert plan == FaultPlan(0.2, 7, ("503", "reset"), 2.5)
    assert FaultPlan.parse("rate=0.1").kinds == KINDS


@pytest.mark.parametrize("spec", ["rate=2", "kinds=504", "speed=3", "rate"])
def test_a_bad_fault_spec_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="fault"):
        FaultPlan.parse(spec)


def test_faults_are_seeded_and_about_as_frequent_as_asked() -> None:
    plan = FaultPlan(rate=0.2, seed=7)
    picks = [plan.pick(f"/h/p{n}", 1) for n in range(2000)]
    assert picks == [FaultPlan(rate=0.2, seed=7).pick(f"/h/p{n}", 1) for n in range(2000)]
    assert 0.17 < sum(p is not None for p in picks) / 2000 < 0.23
    assert plan.pick("/hanoimoi.vn/robots.txt", 1) is None


def test_a_403_comes_in_a_burst_of_two() -> None:
    plan = FaultPlan(rate=0.5, seed=3, kinds=("403",))
    path = next(f"/p{n}" for n in range(100) if plan.pick(f"/p{n}", 1) == "403")
    assert plan.pick(path, 2) == "403"


def response(body: bytes, status: int = 200, content_type: bytes = b"text/html") -> Response:
    return HtmlResponse(
        "http://hanoimoi.com.vn/Tin-tuc/A/1/x",
        status=status,
        body=body,
        headers={"Content-Type": content_type},
    )


@pytest.mark.parametrize(
    ("body", "status", "incomplete"),
    [
        pytest.param(b"", 200, True, id="an empty 200 is incomplete"),
        pytest.param(b"  \n", 200, True, id="white space only is incomplete"),
        pytest.param(b"<!DOCTYPE html><html><body><p>Bai", 200, True, id="a page cut off"),
        pytest.param(
            b"<!DOCTYPE html><html><body>x</body></html>\n", 200, False, id="a whole page"
        ),
        pytest.param(b"<HTML><BODY>x</BODY></HTML >", 200, False, id="upper case tags"),
        pytest.param(b'{"Content": ""}', 200, False, id="a JSON answer"),
        pytest.param(b"", 404, False, id="an empty 404 is a 404"),
    ],
)
def test_is_incomplete(body: bytes, status: int, incomplete: bool) -> None:
    request = Request("http://hanoimoi.com.vn/Tin-tuc/A/1/x")
    assert is_incomplete(request, response(body, status)) is incomplete


def test_an_empty_robots_txt_is_not_incomplete() -> None:
    request = Request("http://hanoimoi.com.vn/robots.txt", meta={"dont_obey_robotstxt": True})
    assert not is_incomplete(request, response(b""))


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        pytest.param(
            "<p>Hà Nội</p>".encode(),
            b"text/html; charset=iso-8859-1",
            "utf-8",
            id="UTF-8 bytes declared latin-1 are read as UTF-8",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode("cp1258"),
            b"text/html; charset=iso-8859-1",
            "cp1258",
            id="windows-1258 bytes declared latin-1 follow the page's meta",
        ),
        pytest.param(
            "<p>Hà Nội</p>".encode(),
            b"text/html; charset=utf-8",
            None,
            id="a right declaration is believed",
        ),
        pytest.param(
            b"<p>Ha Noi</p>", b"text/html; charset=iso-8859-1", None, id="ASCII needs nothing"
        ),
        pytest.param(
            '<meta charset="iso-8859-1"><p>Hà Nội</p>'.encode(),
            b"text/html",
            "utf-8",
            id="UTF-8 bytes whose only declaration is a latin-1 meta are read as UTF-8",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode("cp1258"),
            b"text/html; charset=utf-8",
            "cp1258",
            id="windows-1258 bytes served as UTF-8 follow the page's meta",
        ),
        pytest.param(
            '<meta charset="windows-1258"><p>Hà Đông</p>'.encode(),
            b"text/html; charset=utf-8",
            None,
            id="UTF-8 bytes served as UTF-8 beside a stale meta are read as UTF-8",
        ),
    ],
)
def test_better_encoding(body: bytes, content_type: bytes, encoding: str | None) -> None:
    assert better_encoding(response(body, content_type=content_type)) == encoding


@pytest.fixture
def faulty() -> Iterator[MirrorServer]:
    with MirrorServer(MIRROR, faults=FaultPlan(rate=0.2, seed=7, slow=1.5)) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


@pytest.mark.e2e
def test_a_crawl_through_20_percent_faults_stores_every_article_once_unchanged(
    faulty: MirrorServer, tmp_path: Path
) -> None:
    db, out = tmp_path / "a.sqlite", tmp_path / "out.jsonl"
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
        env={"HNM_MIRROR": faulty.url, "HNM_STORAGE_URI": f"sqlite:///{db}"},
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
    assert "'retry/count'" in result.stderr
    assert "'hnm/http/incomplete'" in result.stderr
