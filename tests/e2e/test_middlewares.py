"""The middlewares in crawls of the mirror: retries with backoff, robots.txt for every request
(those queued while it loads too), one line for a lasting 403, nothing fetched off the site.

The numbers come from each crawl's report, except Scrapy's ``robotstxt/forbidden``, which the
report does not carry: that one is read in the stats Scrapy dumps to the log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import crawl_report, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e


def crawl_env(mirror_url: str, tmp_path: Path) -> dict[str, str]:
    """A crawl of the mirror at ``mirror_url``, no store, its report in ``tmp_path``."""
    return {
        "HNM_MIRROR": mirror_url,
        "HNM_STORAGE_URI": "",
        "HNM_REPORT_PATH": str(tmp_path / "report.json"),
    }


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
        env=crawl_env(mirror.url, tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert mirror.requests[listing] == 3
    assert len(read_jsonl(out)) == 11
    report = crawl_report(tmp_path / "report.json")
    assert report["retries"]["count"] == 2
    assert report["counters"]["retry/backoff_ms"] > 0


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
        env=crawl_env(mirror.url, tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in mirror.requests if p.startswith("/hanoimoi.com.vn/Search")]
    assert "robotstxt/forbidden" in result.stderr  # Scrapy's stat: the report has none


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
        env=crawl_env(mirror.url, tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert mirror.requests[listing] == 6
    lines = [line for line in result.stderr.splitlines() if "still answers 403 Forbidden" in line]
    assert len(lines) == 1
    assert crawl_report(tmp_path / "report.json")["counters"]["http/forbidden"] == 1


def test_requests_queued_while_robots_txt_loads_are_still_checked(tmp_path: Path) -> None:
    """Twenty disallowed article URLs start the crawl at once, before robots.txt has arrived
    (the server holds every answer back a little): none of them may be fetched."""
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
            env=crawl_env(server.url, tmp_path),
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in server.requests if "/Kinh-te/" in p]
    assert server.requests["/hanoimoi.com.vn/Tin-tuc/Xa-hoi/5/duoc-phep"] == 1
    assert "'robotstxt/forbidden': 20" in result.stderr  # Scrapy's stat: the report has none


def test_the_crawl_never_leaves_the_site(tmp_path: Path) -> None:
    """A listing whose next link and entries point to other hosts: nothing off-site is fetched."""
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
            env=crawl_env(server.url, tmp_path),
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert not [p for p in server.requests if "evil" in p]
    assert crawl_report(tmp_path / "report.json")["counters"]["offsite/dropped"] == 1
