"""The middlewares in crawls of the mirror: retries with backoff, robots.txt for every request
(those queued while it loads too), one line for a lasting 403, nothing fetched off the site,
a host's requests through its proxy (``HNM_PROXIES``) and its password in no log or report.

The numbers come from each crawl's report (``robots_forbidden`` is Scrapy's
``robotstxt/forbidden``).
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.paths import resolve_file
from hnmcrawler.mirror.server import MirrorServer, content_type
from tests.helpers import (
    FAST,
    MIRROR,
    crawl_report,
    expected_mirror_items,
    free_port,
    read_jsonl,
    run_hnmcrawler,
    run_scrapy,
)

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
    assert crawl_report(tmp_path / "report.json")["robots_forbidden"] == 1


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
    lines = [line for line in result.stderr.splitlines() if "still answers block pages" in line]
    assert len(lines) == 1
    assert "(403) after 5 retries" in lines[0]
    report = crawl_report(tmp_path / "report.json")
    assert report["blocked"] == {
        "kinds": {"403": 6},
        "total": 6,
        "gave_up": 1,
        "responses": 7,
        "answered": 2,  # robots.txt and the 403 that gave up
    }
    assert report["counters"]["listing/not_fetched/blocked_403"] == 1


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
    assert crawl_report(tmp_path / "report.json")["robots_forbidden"] == 20


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


# --- Per-host proxies -------------------------------------------------------------------------

PASSWORD = "s3cr3t-p4ss"
LOUD = ["-s", "LOG_LEVEL=DEBUG", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5"]


class _ForwardProxy(BaseHTTPRequestHandler):
    """A forward HTTP proxy that answers from the bundled mirror and notes what it was asked
    (absolute URL, Proxy-Authorization) in ``seen``."""

    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Proxy-Authorization", "")))
        parts = urlsplit(self.path)
        path = resolve_file(
            MIRROR, f"/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        )
        data = path.read_bytes() if path else b"not found\n"
        self.send_response(200 if path else 404)
        self.send_header("Content-Type", content_type(path, data[:64]) if path else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_host_is_crawled_through_its_proxy_and_no_other_is(tmp_path: Path) -> None:
    legacy = [e["url"] for e in expected_mirror_items() if e["site"] == "hanoimoi.com.vn"][:2]
    current = "https://hanoimoi.vn/ha-noi-thong-xe-cau-1.html"
    _ForwardProxy.seen.clear()
    with ThreadingHTTPServer(("127.0.0.1", 0), _ForwardProxy) as proxy:
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        port = proxy.server_address[1]
        proxies = json.dumps({"hanoimoi.com.vn": f"http://hnm:{PASSWORD}@127.0.0.1:{port}"})
        result = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=" + ",".join([*legacy, current]),
                "-O",
                "out.jsonl",
                *LOUD,
            ],
            cwd=tmp_path,
            env={
                "HNM_STORAGE_URI": "",
                "HNM_REPORT_PATH": str(tmp_path / "report.json"),
                "HNM_PROXIES": proxies,
                "http_proxy": "",
                "https_proxy": "",
            },
        )
        proxy.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(i["url"] for i in read_jsonl(tmp_path / "out.jsonl")) == sorted(legacy)
    asked = {url for url, _ in _ForwardProxy.seen}
    assert asked == {*legacy, "http://hanoimoi.com.vn/robots.txt"}  # never hanoimoi.vn
    auth = "Basic " + base64.b64encode(f"hnm:{PASSWORD}".encode()).decode()
    assert {header for _, header in _ForwardProxy.seen} == {auth}
    report = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert crawl_report(tmp_path / "report.json")["counters"]["proxy/requests"] == 3
    for text in (result.stderr, result.stdout, report):
        assert PASSWORD not in text
        assert auth.split()[1] not in text


def test_the_mirror_is_never_fetched_through_a_proxy(mirror: MirrorServer, tmp_path: Path) -> None:
    dead = f"http://hnm:{PASSWORD}@127.0.0.1:{free_port()}"
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=Xa-hoi",
            "-a",
            "max_pages=1",
            "-O",
            "out.jsonl",
            *FAST,
        ],
        cwd=tmp_path,
        env={
            **crawl_env(mirror.url, tmp_path),
            "HNM_PROXIES": json.dumps({"hanoimoi.com.vn": dead}),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 11
    assert PASSWORD not in result.stderr


def test_a_malformed_proxy_setting_is_exit_2_in_one_masked_line(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    bad = json.dumps({"hanoimoi.com.vn": f"socks5://hnm:{PASSWORD}@proxy.example.vn:1080"})
    result = run_hnmcrawler(
        ["crawl", "--sections", "Xa-hoi", "--mirror", mirror.url, "--db", ""],
        cwd=tmp_path,
        env={"HNM_PROXIES": bad},
    )
    assert result.returncode == 2, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert "HNM_PROXIES: the proxy of hanoimoi.com.vn must be http://" in last
    assert "socks5://hnm:***@proxy.example.vn:1080" in last
    assert PASSWORD not in result.stderr
    assert sum(mirror.requests.values()) == 0
