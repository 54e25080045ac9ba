"""Web archives built from the bundled mirror, for ``test_wayback.py`` and
``test_commoncrawl.py``: WARCs of a section's captures (several per article at different
dates, URL case and ``www.`` variants, and newer captures to pass over: a soft 404, a
redirect, a block page; a video item under ``/Media/``; two pages of the section's listing,
one naming an article captured nowhere), pywb serving them as Common Crawl's index does, a
server of byte ranges over the WARC files, and index servers that page as Common Crawl's and
the Internet Archive's do."""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import re
import threading
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hnmcrawler.mirror.paths import resolve_file
from tests.helpers import MIRROR, expected_mirror_items, pywb_server

SECTION = "/Tin-tuc/Phap-luat/"
GOOD = datetime(2023, 6, 1, tzinfo=UTC)  # each article's newest good capture: GOOD + i min
OLD = datetime(2022, 1, 10, tzinfo=UTC)  # an older capture, another title
SOFT_404 = b"""<html><head><title>Hanoimoi</title></head><body><div id="menufst"></div>
<p>Trang b\xe1\xba\xa1n t\xc3\xacm kh\xc3\xb4ng t\xe1\xbb\x93n t\xe1\xba\xa1i.</p></body></html>"""
LISTING = "http://hanoimoi.com.vn/Danh-muc-tin/175/Phap-luat"  # era_2019: dated entries
UNCAPTURED = "1099991"  # the id page 2 of the listing names instead of 1032340's: no capture
LISTED_ELSEWHERE = 2  # the listing's articles filed under a subsection's path (Phap-dinh...)
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


def media_source() -> dict[str, Any]:
    """The mirror article whose page the archive holds as a video item of the section."""
    return [item for item in expected_mirror_items() if "/Tin-tuc/Kinh-te/" in item["url"]][1]


def media_url() -> str:
    """``/Media/Phap-luat/{id}/{slug}``: where the archive captured ``media_source``."""
    return media_source()["url"].replace("/Tin-tuc/Kinh-te/", "/Media/Phap-luat/")


def stamp(when: datetime) -> str:
    return when.strftime("%Y%m%d%H%M%S")


def build_warc(path: Path, later: Path | None = None) -> dict[str, tuple[str, datetime]]:
    """The WARC (the captures newer than the good ones in ``later`` when given: another
    crawl); article URL -> (captured URL, time) of the capture that must win."""
    warc, best = Captures(path), {}
    newer = Captures(later) if later is not None else warc
    for i, item in enumerate(section_items()):
        url, body = item["url"], page(item["url"])
        good = GOOD + timedelta(minutes=i)
        best[url] = (variant(url, i), good)
        warc.add(variant(url, i), good, body)
        old_title = item["title"].encode()
        warc.add(
            variant(url, i + 1), OLD + timedelta(minutes=i), body.replace(old_title, b"Tin cu")
        )
        later_time = good + timedelta(days=30)
        if i % 3 == 0:
            newer.add(url, later_time, SOFT_404)
        if i % 3 == 1:
            newer.add(url, later_time, b"", "302 Found", location="https://hanoimoi.vn/")
        if i % 3 == 2:
            newer.add(variant(url, i + 2), later_time, CHALLENGE)
            newer.add(url, later_time + timedelta(days=1), b"", "301 Moved", location=url + "/x")
    other = next(
        item["url"] for item in expected_mirror_items() if "/Tin-tuc/Kinh-te/" in item["url"]
    )
    warc.add(other, GOOD, page(other))  # another section: not asked for
    warc.add(media_url(), GOOD, page(media_source()["url"]))
    listing = page(LISTING)
    warc.add(LISTING, GOOD, listing)
    warc.add(LISTING.replace("://", "://www.").lower(), OLD, SOFT_404)  # older: not read
    warc.add(f"{LISTING}?page=2", GOOD, listing.replace(b"1032340", UNCAPTURED.encode()))
    warc.add("http://hanoimoi.com.vn/Tin-tuc/Phap-luat/", GOOD, SOFT_404)  # not an article
    warc.add(
        "http://hanoimoi.com.vn/Tin-tuc/Phap-luat/1/a.jpg",
        GOOD,
        b"\xff\xd8",
        content_type="image/jpeg",
    )
    warc.close()
    if newer is not warc:
        newer.close()
    return best


# --- Common Crawl's shape: an index of crawls, a data host answering byte ranges -------------


@contextlib.contextmanager
def pywb_crawls(root: Path, crawls: Mapping[str, Sequence[Path]]) -> Iterator[str]:
    """pywb (its own venv) serving each crawl's WARCs as a collection whose CDX API is at
    ``/{crawl}-index``, as Common Crawl's index server's is; the server's root URL."""
    with pywb_server(root, crawls, "cdx_api_endpoint: -index\n") as url:
        yield url


@dataclass
class Seen:
    """One request a test server answered."""

    path: str
    query: dict[str, str]
    range: str | None
    status: int
    sent: int  # body bytes
    body: bytes = field(default=b"", repr=False)


@dataclass
class ArchiveServer:
    """A threaded HTTP server in this process; ``seen`` lists what it answered."""

    answer: Callable[[ArchiveServer, BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]
    seen: list[Seen] = field(default_factory=list)
    url: str = ""

    @contextlib.contextmanager
    def running(self) -> Iterator[ArchiveServer]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


def _handler(owner: ArchiveServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = owner.answer(owner, self)
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query))
            seen = Seen(parts.path, query, self.headers.get("Range"), status, len(body), body)
            owner.seen.append(seen)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


def range_server(
    root: Path, failing: Callable[[str, str | None], bool] | None = None
) -> ArchiveServer:
    """Files under ``root`` by byte range (206 and ``Content-Range``; 200 whole without
    ``Range``), as Common Crawl's data host; 500 for what ``failing(path, range)`` says."""

    def answer(
        _: ArchiveServer, request: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], bytes]:
        path, asked = urlsplit(request.path).path, request.headers.get("Range")
        if failing is not None and failing(path, asked):
            return 500, {}, b"Internal Server Error"
        file = root / path.lstrip("/")
        if ".." in path or not file.is_file():
            return 404, {}, b"not found"
        data = file.read_bytes()
        found = _RANGE.match(asked or "")
        if found is None:
            return 200, {"Content-Type": "application/octet-stream"}, data
        start = int(found[1])
        end = min(int(found[2]) if found[2] else len(data) - 1, len(data) - 1)
        headers = {"Content-Range": f"bytes {start}-{end}/{len(data)}"}
        return 206, {"Content-Type": "application/octet-stream", **headers}, data[start : end + 1]

    return ArchiveServer(answer)


def paging_index(pywb: str, collinfo: list[dict[str, str]], page_size: int = 4) -> ArchiveServer:
    """An index server that pages as Common Crawl's does: ``showNumPages=true`` answers
    ``{"pages": N, "pageSize": ..., "blocks": ...}``, ``page=k`` the k-th ``page_size``
    lines of pywb's answer; no line is a 404 "No Captures found"; ``/collinfo.json``."""

    def answer(
        _: ArchiveServer, request: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(request.path)
        if parts.path == "/collinfo.json":
            return 200, {"Content-Type": "application/json"}, json.dumps(collinfo).encode()
        if not parts.path.endswith("-index"):
            return 404, {}, b"not found"
        pairs = parse_qsl(parts.query)
        plain = [(k, v) for k, v in pairs if k not in ("showNumPages", "page")]
        with urllib.request.urlopen(f"{pywb}{parts.path}?{urlencode(plain)}", timeout=10) as got:
            lines = got.read().decode().splitlines(keepends=True)
        if not lines:
            return 404, {}, b'{"error": "No Captures found for: the query"}\n'
        query = dict(pairs)
        if query.get("showNumPages") == "true":
            info = {"pages": math.ceil(len(lines) / page_size), "pageSize": page_size,
                    "blocks": len(lines)}  # fmt: skip
            return 200, {"Content-Type": "text/x-ndjson"}, json.dumps(info).encode()
        number = int(query.get("page", "0"))
        chunk = lines[number * page_size : (number + 1) * page_size]
        return 200, {"Content-Type": "text/x-ndjson"}, "".join(chunk).encode()

    return ArchiveServer(answer)


# --- the Internet Archive's shape: JSON array rows, resume keys ------------------------------

_IA_HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
_PAGING = ("limit", "showResumeKey", "resumeKey")


def ia_cdx(
    pywb: str, page_size: int, *, failing_page: int | None = None, redirects_listed: bool = False
) -> ArchiveServer:
    """A CDX server answering as the Internet Archive's does (``/cdx``: a header row, rows,
    then ``[]`` and ``[resume key]`` while more are left; at most ``page_size`` rows a page)
    from pywb's lines; 500 for page ``failing_page``; ``redirects_listed``: 3xx captures
    listed with status 200 (as a revisit of a redirect can be). Anything else (``/web/...``
    replays) is passed to pywb as it answers, redirects not followed."""

    def answer(
        _: ArchiveServer, request: BaseHTTPRequestHandler
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(request.path)
        if parts.path != "/cdx":
            return _forward(f"{pywb}/{request.path.removeprefix('/web/').lstrip('/')}")
        pairs = parse_qsl(parts.query)
        plain = [(k, v) for k, v in pairs if k not in _PAGING]
        if redirects_listed:
            plain = [(k, v) for k, v in plain if (k, v) != ("filter", "statuscode:200")]
        with urllib.request.urlopen(f"{pywb}/cdx?{urlencode(plain)}", timeout=10) as got:
            rows = [_ia_row(json.loads(line), redirects_listed) for line in got.read().splitlines()]
        query = dict(pairs)
        keys = [f"{row[0]}+{row[1]}" for row in rows]
        start = keys.index(query["resumeKey"]) if query.get("resumeKey") in keys else 0
        if failing_page is not None and start // page_size + 1 == failing_page:
            return 500, {}, b"Internal Server Error"
        end = start + min(page_size, int(query.get("limit", page_size)))
        body: list[Any] = [_IA_HEADER, *rows[start:end]]
        if end < len(rows) and query.get("showResumeKey") == "true":
            body += [[], [keys[end]]]
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    return ArchiveServer(answer)


def _ia_row(line: dict[str, str], redirects_listed: bool) -> list[str]:
    status = line.get("status", "")
    if redirects_listed and status.startswith("3"):
        status = "200"
    return [line["urlkey"], line["timestamp"], line["url"], line.get("mime", ""), status,
            line.get("digest", ""), line.get("length", "")]  # fmt: skip


def _forward(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        got = connection.getresponse()
        kept = ("Content-Type", "Location", "Memento-Datetime")
        headers = {name: got.headers[name] for name in kept if got.headers[name]}
        return got.status, headers, got.read()
    finally:
        connection.close()


def assert_read_from(
    item: Mapping[str, Any], article: Mapping[str, Any], copy: tuple[str, str, datetime]
) -> None:
    """``item`` is ``article`` (title and body), read from ``copy``: its source, capture URL
    and capture time."""
    assert item["title"] == article["title"]
    assert item["body"] == article["body"]
    source, capture_url, when = copy
    assert (item["source"], item["capture_url"]) == (source, capture_url)
    assert datetime.fromisoformat(item["captured_at"]) == when
