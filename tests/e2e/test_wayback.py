"""``hnmcrawler crawl --source wayback`` against a real pywb holding captures of the bundled
mirror: several captures per article (an older one with other text, URL case and ``www.``
variants), and newer captures that must be passed over (a soft 404, a redirect, a block
page). Every article of the section comes out once, from its newest good capture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hnmcrawler.mirror.paths import resolve_file
from tests.helpers import (
    FAST,
    MIRROR,
    crawl_report,
    expected_mirror_items,
    pywb_collection,
    read_jsonl,
    run_hnmcrawler,
)

pytestmark = pytest.mark.e2e

SECTION = "/Tin-tuc/Phap-luat/"
GOOD = datetime(2023, 6, 1, tzinfo=UTC)  # each article's newest good capture: GOOD + i min
OLD = datetime(2022, 1, 10, tzinfo=UTC)  # an older capture, another title
SOFT_404 = b"""<html><head><title>Hanoimoi</title></head><body><div id="menufst"></div>
<p>Trang b\xe1\xba\xa1n t\xc3\xacm kh\xc3\xb4ng t\xe1\xbb\x93n t\xe1\xba\xa1i.</p></body></html>"""
CHALLENGE = b"""<html><head><title>Just a moment...</title></head><body>
<noscript>Please enable JavaScript and cookies to continue</noscript></body></html>"""


def variant(url: str, i: int) -> str:
    """The captured form of an article URL: as linked, lower case, ``www.``, upper case."""
    forms = [
        url,
        url.lower(),
        url.replace("://", "://www."),
        url.replace(
            "://hanoimoi.com.vn/Tin-tuc/Phap-luat", "://WWW.HANOIMOI.COM.VN/TIN-TUC/PHAP-LUAT"
        ),
    ]
    return forms[i % len(forms)]


class Captures:
    """A WARC of response records, written as the test plans them."""

    def __init__(self, path: Path) -> None:
        self.out = path.open("wb")
        self.writer = WARCWriter(self.out, gzip=True)

    def add(
        self, url: str, when: datetime, body: bytes, status: str = "200 OK", **head: str
    ) -> None:
        headers = [("Content-Type", head.pop("content_type", "text/html; charset=utf-8"))]
        headers += [(name.replace("_", "-").title(), value) for name, value in head.items()]
        headers.append(("Content-Length", str(len(body))))
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")},
        )
        self.writer.write_record(record)

    def close(self) -> None:
        self.out.close()


def page(url: str) -> bytes:
    found = resolve_file(MIRROR, "/" + url.split("://", 1)[1])
    assert found is not None, url
    return found.read_bytes()


def section_items() -> list[dict[str, Any]]:
    return [item for item in expected_mirror_items() if SECTION in item["url"]]


def stamp(when: datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S")


def build_warc(path: Path) -> dict[str, tuple[str, datetime]]:
    """The WARC; article URL -> (captured URL, time) of the capture that must win."""
    warc, best = Captures(path), {}
    for i, item in enumerate(section_items()):
        url, body = item["url"], page(item["url"])
        good = GOOD + timedelta(minutes=i)
        best[url] = (variant(url, i), good)
        warc.add(variant(url, i), good, body)
        old_title = item["title"].encode()
        warc.add(
            variant(url, i + 1), OLD + timedelta(minutes=i), body.replace(old_title, b"Tin cu")
        )
        later = good + timedelta(days=30)
        if i % 3 == 0:
            warc.add(url, later, SOFT_404)
        if i % 3 == 1:
            warc.add(url, later, b"", "302 Found", location="https://hanoimoi.vn/")
        if i % 3 == 2:
            warc.add(variant(url, i + 2), later, CHALLENGE)
            warc.add(url, later + timedelta(days=1), b"", "301 Moved", location=url + "/x")
    other = next(
        item["url"] for item in expected_mirror_items() if "/Tin-tuc/Kinh-te/" in item["url"]
    )
    warc.add(other, GOOD, page(other))  # another section: not asked for
    warc.add("http://hanoimoi.com.vn/Tin-tuc/Phap-luat/", GOOD, SOFT_404)  # not an article
    warc.add(
        "http://hanoimoi.com.vn/Tin-tuc/Phap-luat/1/a.jpg",
        GOOD,
        b"\xff\xd8",
        content_type="image/jpeg",
    )
    warc.close()
    return best


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    work = tmp_path_factory.mktemp("wayback")
    best = build_warc(work / "captures.warc.gz")
    with pywb_collection(work / "pywb", [work / "captures.warc.gz"]) as url:
        yield url, {"work": work, "best": best}


def crawl(url: str, work: Path, *more: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    env = {
        "HNM_WAYBACK_CDX_URL": f"{url}/cdx",
        "HNM_WAYBACK_REPLAY_URL": f"{url}/",
        "HNM_WAYBACK_FAILED_PATH": str(work / "failed.jsonl"),
        "HNM_MIRROR": "",
    }
    args = ["crawl", "--source", "wayback", "--sections", "Phap-luat", *more]
    args += ["--db", f"sqlite:///{work / 'store.sqlite'}", "--out", str(work / "out.jsonl")]
    args += ["--report", str(work / "report.json"), *FAST, "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
    result = run_hnmcrawler(args, work, env)
    assert result.returncode == 0, result.stderr[-4000:]
    return read_jsonl(work / "out.jsonl"), crawl_report(work / "report.json")


def test_every_article_comes_once_from_its_newest_good_capture(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    items, report = crawl(url, state["work"])
    expected = {item["url"]: item for item in section_items()}
    assert sorted(item["url"] for item in items) == sorted(expected)
    for item in items:
        captured, when = state["best"][item["url"]]
        assert item["title"] == expected[item["url"]]["title"]
        assert item["body"] == expected[item["url"]]["body"]
        assert item["source"] == "wayback"
        assert item["capture_url"] == f"{url}/{stamp(when)}id_/{captured}"
        assert datetime.fromisoformat(item["captured_at"]) == when
    counters = report["counters"]
    thirds = len(expected) // 3
    assert counters["wayback/capture_unknown_layout"] >= thirds
    assert counters["wayback/capture_blocked"] >= thirds
    # Tried: the good one, and before it the soft 404 or the block page; the redirect
    # captures are not even listed (statuscode:200 filter), so never replayed.
    tried = sum(1 + (i % 3 != 1) for i in range(len(expected)))
    assert counters["wayback/captures_fetched"] == tried
    assert not any(status.startswith("30") and status != "307" for status in report["http"])
    assert "robotstxt/forbidden" not in json.dumps(report)
    assert not (state["work"] / "failed.jsonl").exists()
