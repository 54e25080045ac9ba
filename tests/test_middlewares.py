"""Retries wait before trying again: exponential backoff, or what Retry-After asks."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hnmcrawler.middlewares import backoff_delay, retry_after_seconds
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import read_jsonl, run_scrapy


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        pytest.param(b"120", 120.0, id="delta seconds"),
        pytest.param(b" 0 ", 0.0, id="zero with spaces"),
        pytest.param(b"Sat, 28 Nov 2026 12:01:00 GMT", 60.0, id="an HTTP date a minute ahead"),
        pytest.param(b"Sat, 28 Nov 2026 11:00:00 GMT", 0.0, id="an HTTP date in the past"),
        pytest.param(b"soon", None, id="garbage is ignored"),
        pytest.param(None, None, id="no header"),
    ],
)
def test_retry_after_seconds(header: bytes | None, seconds: float | None) -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds


def test_backoff_doubles_within_its_jitter_and_is_capped() -> None:
    rng = random.Random(1)
    for attempt, nominal in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0)]:
        delay = backoff_delay(attempt, base=1.0, cap=60.0, rng=rng)
        assert nominal * 0.5 <= delay <= nominal * 1.5
    assert backoff_delay(20, base=1.0, cap=60.0, rng=rng) == 60.0


def test_retry_after_wins_but_is_capped() -> None:
    assert backoff_delay(1, base=1.0, cap=60.0, retry_after=7.0) == 7.0
    assert backoff_delay(1, base=1.0, cap=60.0, retry_after=3600.0) == 60.0


@pytest.mark.e2e
def test_transient_errors_are_retried_and_the_page_still_crawled(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    listing = "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi"
    mirror.scripted[listing] = [503, 403]
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=Xa-hoi",
            "-a",
            "max_pages=1",
            "-O",
            str(out),
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
            "-s",
            "HNM_RETRY_BACKOFF_BASE=0.2",
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert mirror.requests[listing] == 3
    assert len(read_jsonl(out)) == 11
    assert "'retry/count': 2" in result.stderr
    assert "'hnm/retry/backoff_ms'" in result.stderr


@pytest.mark.e2e
def test_robots_txt_rules_hold_for_every_request(mirror: MirrorServer, tmp_path: Path) -> None:
    """The mirror's robots.txt disallows /Search; a section URL under it is never fetched,
    even though it is the first request of the crawl (queued while robots.txt loads)."""
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=http://hanoimoi.com.vn/Search/Kinh-te,Xa-hoi",
            "-a",
            "max_pages=1",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in mirror.requests if p.startswith("/hanoimoi.com.vn/Search")]
    assert "robotstxt/forbidden" in result.stderr


@pytest.mark.e2e
def test_a_lasting_403_is_reported_once_in_one_clear_line(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    listing = "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi"
    mirror.scripted[listing] = [403] * 6  # the first try and RETRY_TIMES (5) retries
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=Xa-hoi",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
            "-s",
            "HNM_RETRY_BACKOFF_BASE=0.05",
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert mirror.requests[listing] == 6
    lines = [line for line in result.stderr.splitlines() if "still answers 403 Forbidden" in line]
    assert len(lines) == 1
    assert "'hnm/http/forbidden': 1" in result.stderr


@pytest.mark.e2e
def test_requests_queued_while_robots_txt_loads_are_still_checked(tmp_path: Path) -> None:
    """Twenty disallowed article URLs start the crawl at once, before robots.txt has arrived
    (the server holds every answer back a little): none of them may be fetched."""
    from hnmcrawler.mirror.generate.files import write_file

    root = tmp_path / "site"
    write_file(
        root, "http://hanoimoi.com.vn/robots.txt", "User-agent: *\nDisallow: /Tin-tuc/Kinh-te/\n"
    )
    allowed = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/5/duoc-phep"
    blocked = [f"http://hanoimoi.com.vn/Tin-tuc/Kinh-te/{n}/bi-chan" for n in range(1, 21)]
    for url in [allowed, *blocked]:
        write_file(root, url, "<html><body>bài</body></html>")
    with MirrorServer(root) as server:
        server.delay = 0.2
        server.start_in_thread()
        result = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=" + ",".join([*blocked, allowed]),
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "CONCURRENT_REQUESTS=32",
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in server.requests if "/Kinh-te/" in p]
    assert server.requests["/hanoimoi.com.vn/Tin-tuc/Xa-hoi/5/duoc-phep"] == 1
    assert "'robotstxt/forbidden': 20" in result.stderr


@pytest.mark.e2e
def test_the_crawl_never_leaves_the_site(tmp_path: Path) -> None:
    """A listing whose next link and entries point to other hosts: nothing off-site is fetched."""
    from hnmcrawler.mirror.generate.files import write_file

    root = tmp_path / "site"
    listing = "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te"
    write_file(
        root,
        listing,
        '<html><body><div class="timeline"><a href="http://evil.example/Tin-tuc/A/1/x">x</a>'
        '</div><li class="bdrtp"><a href="/Tin-tuc/Kinh-te/7/bai">bài</a></li>'
        '<div class="paging"><ul><li class="next"><a href="http://evil.example/page2">»</a>'
        "</li></ul></div></body></html>",
    )
    write_file(root, "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/7/bai", "<html><body>?</body></html>")
    with MirrorServer(root) as server:
        server.start_in_thread()
        result = run_scrapy(
            ["crawl", "archive", "-a", "sections=Kinh-te"],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in server.requests if "evil" in p]
    assert "'hnm/offsite/dropped': 1" in result.stderr
