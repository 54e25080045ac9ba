"""WARC records, files and reading (``hnmcrawler/warc/``): headers true to the payload, secrets
masked, a torn last record, another tool's WARC, a WARC write failure as an output failure."""

from __future__ import annotations

import asyncio
import gzip
from io import BytesIO
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hnmcrawler.exceptions import UsageError
from hnmcrawler.warc.capture import WarcCaptureMiddleware, exchange_of
from hnmcrawler.warc.reader import RecordReader, scan
from hnmcrawler.warc.records import exchange_bytes, fixed_response_headers, mask_secrets
from hnmcrawler.warc.reextract import Extraction
from hnmcrawler.warc.writer import WarcFiles
from tests.helpers import FIXTURES

PAGE = next((FIXTURES / "era_2017").glob("*.html"))
ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/859634/mot-bai"


@pytest.mark.parametrize(
    ("headers", "length", "expected"),
    [
        (
            [("Content-Type", "text/html")],
            5,
            [("Content-Type", "text/html"), ("Content-Length", "5")],
        ),
        ([("Transfer-Encoding", "chunked")], 9, [("Content-Length", "9")]),
        (
            [("Content-Length", "3"), ("Content-Encoding", "gzip")],
            7,
            [("Content-Encoding", "gzip"), ("Content-Length", "7")],
        ),
    ],
    ids=["length added", "chunked coding undone by Twisted", "gzip kept, its length stored"],
)
def test_response_headers_match_the_stored_payload(headers, length, expected) -> None:  # type: ignore[no-untyped-def]
    assert fixed_response_headers(headers, length) == expected


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("http://user:pa55@proxy.vn:3128", "http://user:***@proxy.vn:3128"),
        ("--db postgresql://crawler:s3cret@db/hnm", "--db postgresql://crawler:***@db/hnm"),
        ("https://tok3n@alerts.example/x", "https://***@alerts.example/x"),
        ("https://alerts.example/x?token=abc&a=1", "https://alerts.example/x?token=***&a=1"),
        ("crawl --site hanoimoi.vn", "crawl --site hanoimoi.vn"),
    ],
)
def test_secrets_are_masked(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


def gzip_exchange(url: str = ARTICLE, status: int = 200) -> tuple[bytes, bytes]:
    """A gzip-encoded response as the capture middleware sees it; its WARC bytes."""
    page = PAGE.read_bytes()
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
    }
    request = Request(url, headers={"Proxy-Authorization": "Basic c2VjcmV0", "User-Agent": "UA"})
    response = HtmlResponse(
        url, status=status, headers=headers, body=gzip.compress(page), request=request
    )
    return page, exchange_bytes(exchange_of(request, response))


def test_a_gzip_response_is_stored_encoded_with_its_headers_and_reads_back_decoded(
    tmp_path: Path,
) -> None:
    page, data = gzip_exchange()
    path = tmp_path / "a.warc.gz"
    path.write_bytes(data)
    found = scan(path)
    assert [e.url for e in found.entries] == [ARTICLE]
    assert found.torn is None
    with RecordReader() as reader:
        record = reader.read(found.entries[0].place)
    assert record.body == page
    headers = dict(record.headers)
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(gzip.compress(page))
    assert "Transfer-Encoding" not in headers
    assert b"Proxy-Authorization" not in gzip.decompress(data)
    assert b"Host: hanoimoi.com.vn" in gzip.decompress(data)


def test_a_torn_last_record_ends_the_file_and_the_records_before_it_are_read(
    tmp_path: Path,
) -> None:
    files = WarcFiles(tmp_path, 10**9, {"software": "test"})
    for n in range(3):
        files.write(gzip_exchange(f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/85963{n}/bai")[1])
    files.close()
    assert files.path is not None
    whole = files.path.read_bytes()
    files.path.write_bytes(whole[: len(whole) - 700])  # a crash in the last record's write
    found = scan(files.path)
    assert len(found.entries) == 2
    assert found.torn is not None
    extraction = Extraction([files.path], workers=1)
    assert [e.outcome for e in extraction] == ["article", "article"]
    assert extraction.torn
    assert str(files.path) in extraction.torn[0]


def test_a_file_that_is_no_warc_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x.warc").write_text("hello\n")
    with pytest.raises(UsageError, match="not a WARC file"):
        scan(tmp_path / "x.warc")


def test_a_warc_of_another_tool_is_read(tmp_path: Path) -> None:
    """Uncompressed WARC 1.0, written by warcio directly: an article, a listing, a 404."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url, status, body in [
        (ARTICLE, "200 OK", PAGE.read_bytes()),
        ("http://hanoimoi.com.vn/Danh-muc-tin/181/Bat-dong-san", "200 OK", b"<html></html>"),
        (ARTICLE.replace("859634", "859635"), "404 Not Found", b"gone"),
    ]:
        http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    (tmp_path / "other.warc").write_bytes(out.getvalue())
    extraction = Extraction([tmp_path / "other.warc"], workers=1)
    done = list(extraction)
    assert [e.outcome for e in done] == ["article"]
    assert done[0].row is not None
    assert done[0].row["title"]
    assert extraction.skipped == {"not_article": 1, "not_ok": 1}


def test_a_warc_write_failure_is_an_output_failure(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    crawler = get_crawler(settings_dict={"HNM_WARC_DIR": str(tmp_path / "a-file" / "w")})
    crawler.stats.open_spider()  # type: ignore[union-attr,call-arg]
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    request = Request(ARTICLE)
    response = HtmlResponse(ARTICLE, body=b"<html></html>", request=request)

    async def crawl() -> None:
        await middleware.process_response(request, response)
        await middleware.spider_closed()

    asyncio.run(crawl())
    assert crawler.stats is not None
    failed = crawler.stats.get_value("hnm/output/failed")
    assert failed.startswith("WARC file")
    assert "Not a directory" in failed
    assert not crawler.stats.get_value("hnm/warc/responses")
