"""Common Crawl (``archives.commoncrawl``, spider ``commoncrawl``): the index answers as
Common Crawl's server and pywb 2.10 give them, records read from range answers, and the
spider's paging and capture checks on answers built here."""

from __future__ import annotations

import argparse
import gzip
import json
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hnmcrawler.archives.captures import Capture
from hnmcrawler.archives.cdx import RecordPlace, parse_answer
from hnmcrawler.archives.commoncrawl import (
    CollInfoError,
    RecordError,
    crawl_query,
    crawls_since,
    no_captures,
    page_count,
    read_record,
)
from hnmcrawler.commands.crawl import add_parser, spider_args
from hnmcrawler.exceptions import UsageError
from hnmcrawler.spiders.commoncrawl import CommonCrawlSpider
from hnmcrawler.warc.extraction import page_of
from hnmcrawler.warc.reader import response_record
from tests.helpers import FIXTURES

ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Phap-luat/1027267/so-giao-thong-van-tai-ha-noi-doi-thoai-voi-nguoi-dan"
# Common Crawl's index: one object a line, with where the record is.
CC_LINE = (
    '{"urlkey": "vn,com,hanoimoi)/tin-tuc/phap-luat/1027267", "timestamp": "20240225101010", '
    f'"url": "{ARTICLE}", "mime": "text/html", "mime-detected": "text/html", "status": "200", '
    '"digest": "AB", "length": "9120", "offset": "48211", "filename": "crawl-data/CC-MAIN-2024'
    '-10/segments/1707947473598.4/warc/CC-MAIN-20240221-00001.warc.gz", "languages": "vie"}'
)
# index.commoncrawl.org/collinfo.json, two of its entries.
COLLINFO = json.dumps([
    {"id": "CC-MAIN-2024-10", "name": "February/March 2024 Index",
     "timegate": "https://index.commoncrawl.org/CC-MAIN-2024-10/",
     "cdx-api": "https://index.commoncrawl.org/CC-MAIN-2024-10-index",
     "from": "2024-02-20T00:00:00", "to": "2024-03-05T00:00:00"},
    {"id": "CC-MAIN-2023-50", "name": "November/December 2023 Index",
     "timegate": "https://index.commoncrawl.org/CC-MAIN-2023-50/",
     "cdx-api": "https://index.commoncrawl.org/CC-MAIN-2023-50-index",
     "from": "2023-11-28T00:00:00", "to": "2023-12-12T00:00:00"},
]).encode()  # fmt: skip
PAGE = FIXTURES / "site" / ARTICLE.removeprefix("http://")


def record(
    url: str,
    body: bytes,
    status: str = "200 OK",
    rec_type: str = "response",
    content_type: str = "text/html; charset=utf-8",
) -> bytes:
    """One gzipped WARC record, as a range answer holds it."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    head = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
    made = writer.create_warc_record(
        url,
        rec_type,
        payload=BytesIO(body),
        length=len(body),
        http_headers=head if rec_type == "response" else None,
        warc_headers_dict={"WARC-Date": "2024-02-25T10:10:10Z"},
    )
    writer.write_record(made)
    return out.getvalue()


def test_a_common_crawl_index_line_names_its_record() -> None:
    line = parse_answer(CC_LINE.encode()).lines[0]
    assert line.record == RecordPlace(
        "crawl-data/CC-MAIN-2024-10/segments/1707947473598.4/warc/CC-MAIN-20240221-00001.warc.gz",
        48211,
        9120,
    )
    assert (line.url, line.timestamp, line.is_html_200) == (ARTICLE, "20240225101010", True)


@pytest.mark.parametrize(
    "values",
    [{"filename": "a.warc.gz", "offset": "1"}, {"filename": "", "offset": "1", "length": "2"},
     {"filename": "a.warc.gz", "offset": "-1", "length": "2"}],
    ids=["no length", "no file", "a negative offset"],
)  # fmt: skip
def test_a_line_without_a_whole_place_names_no_record(values: dict[str, str]) -> None:
    assert RecordPlace.of(values) is None


@pytest.mark.parametrize(
    ("body", "pages"),
    [
        (b'{"pages": 3, "pageSize": 5, "blocks": 14}', 3),
        (b'{"pages": 0, "pageSize": 5, "blocks": 0}', 0),
        (CC_LINE.encode(), None),  # pywb 2.10 answers showNumPages with the lines themselves
        ((CC_LINE + "\n" + CC_LINE).encode(), None),
        (b"", None),
        (b'{"pages": "3"}', None),
        (b'{"pages": true}', None),
    ],
    ids=["Common Crawl's page count", "no page", "pywb's one line", "pywb's lines", "empty",
         "a count that is text", "a count that is a boolean"],
)  # fmt: skip
def test_only_common_crawl_s_page_count_object_pages(body: bytes, pages: int | None) -> None:
    assert page_count(body) == pages


def test_common_crawl_s_no_captures_answer_is_known_from_another_404() -> None:
    assert no_captures(404, b'{"error": "No Captures found for: hanoimoi.com.vn/x/"}')
    assert not no_captures(404, b"<html>Not Found</html>")
    assert not no_captures(200, b'{"error": "No Captures found for: x"}')


def test_the_crawl_query_asks_its_own_index_for_200_html_from_since() -> None:
    since = datetime(2017, 1, 1, tzinfo=UTC)
    prefix = "hanoimoi.com.vn/Tin-tuc/Kinh-te/"
    url = crawl_query("https://index.commoncrawl.org/", "CC-MAIN-2024-10", prefix, since)
    assert url.startswith("https://index.commoncrawl.org/CC-MAIN-2024-10-index?")
    assert parse_qsl(urlsplit(url).query) == [
        ("url", "hanoimoi.com.vn/Tin-tuc/Kinh-te/"), ("matchType", "prefix"), ("output", "json"),
        ("filter", "statuscode:200"), ("filter", "mimetype:text/html"), ("from", "20170101000000"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("since", "crawls"),
    [
        (None, ["CC-MAIN-2024-10", "CC-MAIN-2023-50"]),
        (datetime(2017, 1, 1, tzinfo=UTC), ["CC-MAIN-2024-10", "CC-MAIN-2023-50"]),
        (datetime(2024, 1, 1, tzinfo=UTC), ["CC-MAIN-2024-10"]),
        (datetime(2024, 3, 5, tzinfo=UTC), ["CC-MAIN-2024-10"]),
        (datetime(2024, 3, 6, tzinfo=UTC), []),
    ],
    ids=["no since: every crawl", "an old since: every later crawl", "a crawl ended before",
         "a crawl ending on since", "every crawl ended before"],
)  # fmt: skip
def test_the_crawls_asked_are_those_that_ended_after_since(
    since: datetime | None, crawls: list[str]
) -> None:
    assert crawls_since(COLLINFO, since) == crawls


@pytest.mark.parametrize(
    "body",
    [b'{"fixed": [], "dynamic": ["hnm"]}', b"<html>502</html>", b'[{"id": "x"}]'],
    ids=["pywb's collinfo.json", "an error page", "a crawl without dates"],
)
def test_what_is_no_list_of_crawls_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(CollInfoError):
        crawls_since(body, None)


def test_a_record_is_read_from_its_range_answer() -> None:
    data = record(ARTICLE, b"<html>\xc4\x91</html>")
    got = read_record(data, RecordPlace("x.warc.gz", 0, len(data)))
    assert got is not None
    assert (got.url, got.status, got.body) == (ARTICLE, 200, b"<html>\xc4\x91</html>")
    assert got.date == datetime(2024, 2, 25, 10, 10, 10, tzinfo=UTC)
    assert ("Content-Type", "text/html; charset=utf-8") in got.headers


def test_a_torn_or_unreadable_record_is_an_error_with_its_reason() -> None:
    data = record(ARTICLE, b"<html>x</html>" * 50)
    with pytest.raises(RecordError) as torn:
        read_record(data[:-20], RecordPlace("x.warc.gz", 0, len(data)))
    assert torn.value.reason == "torn"
    junk = gzip.compress(b"HTTP/1.1 200 OK\r\n\r\nno WARC record")
    with pytest.raises(RecordError) as unreadable:
        read_record(junk, RecordPlace("x.warc.gz", 0, len(junk)))
    assert unreadable.value.reason == "unreadable"


def test_a_record_of_another_type_is_no_response() -> None:
    data = record(ARTICLE, b"GET / HTTP/1.1\r\n\r\n", rec_type="request")
    assert read_record(data, RecordPlace("x.warc.gz", 0, len(data))) is None


# --- the spider ------------------------------------------------------------------------------

SETTINGS = {
    "HNM_COMMONCRAWL_INDEX_URL": "http://index.example:8080",
    "HNM_COMMONCRAWL_DATA_URL": "http://data.example/",
    "HNM_COMMONCRAWL_CRAWLS": "CC-MAIN-2024-10,CC-MAIN-2023-50",
    "HNM_COMMONCRAWL_FAILED_PATH": "",
    "HNM_EXTRA_HOSTS": ["cdn.example"],
}


def spider(**kwargs: Any) -> CommonCrawlSpider:
    crawler = get_crawler(CommonCrawlSpider, settings_dict=SETTINGS)
    return CommonCrawlSpider.from_crawler(crawler, sections="Phap-luat", **kwargs)


def test_the_spider_reaches_the_index_and_data_hosts_one_request_at_a_time() -> None:
    made = spider()
    settings = made.crawler.settings
    assert settings.getlist("HNM_EXTRA_HOSTS") == ["cdn.example", "data.example", "index.example"]
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert made.crawls == ["CC-MAIN-2024-10", "CC-MAIN-2023-50"]  # the setting's
    assert spider(crawls="CC-MAIN-2019-04").crawls == ["CC-MAIN-2019-04"]  # -a crawls wins


def answer(request: scrapy.Request, body: bytes, status: int = 200) -> Response:
    return TextResponse(request.url, status=status, body=body, request=request, encoding="utf-8")


def test_captures_are_fetched_once_every_crawl_s_pages_are_in() -> None:
    made = spider()
    queries = list(made._queries(made.crawls))
    asked = [(urlsplit(q.url).path, dict(parse_qsl(urlsplit(q.url).query))["url"]) for q in queries]
    prefixes = [f"hanoimoi.com.vn/{path}/" for path in ("Tin-tuc/Phap-luat", "Media/Phap-luat",
                                                          "Danh-muc-tin/175")]  # fmt: skip
    crawls = ["/CC-MAIN-2024-10-index", "/CC-MAIN-2023-50-index"]
    assert asked == [(crawl, prefix) for crawl in crawls for prefix in prefixes]
    assert all("showNumPages=true" in q.url for q in queries)
    newer, *others = queries
    pages = list(made.parse_index(answer(newer, b'{"pages": 2, "pageSize": 5}'), **newer.cb_kwargs))
    assert [p.cb_kwargs["page"] for p in pages] == [0, 1]
    assert list(made.parse_index(answer(pages[0], CC_LINE.encode()), **pages[0].cb_kwargs)) == []
    none = b'{"error": "No Captures found for: x"}'
    for other in others:
        assert list(made.parse_index(answer(other, none, 404), **other.cb_kwargs)) == []
    fetched = list(made.parse_index(answer(pages[1], b""), **pages[1].cb_kwargs))  # the last
    assert [r.headers.get("Range") for r in fetched] == [b"bytes=48211-57330"]
    assert fetched[0].url.startswith("http://data.example/crawl-data/CC-MAIN-2024-10/")


def capture_answer(made: CommonCrawlSpider, data: bytes, status: int = 206) -> Any:
    place = RecordPlace("crawl-data/x.warc.gz", 100, len(data))
    capture = Capture(ARTICLE.lower(), "20240225101010", datetime(2024, 2, 25, tzinfo=UTC), place)
    request = made.capture_request(capture)
    response = Response(request.url, status=status, body=data, request=request)
    return made.capture_page(response, capture)


def test_a_record_becomes_the_article_s_page_with_its_provenance() -> None:
    body = PAGE.read_bytes()
    page, provenance = capture_answer(spider(), record(ARTICLE.lower(), body))
    assert (page.url, page.status, page.body) == (ARTICLE.lower(), 200, body)
    assert b"Content-Length" not in page.headers  # the payload is decoded: no length to trust
    assert provenance.source == "commoncrawl"
    assert provenance.capture_url == "http://data.example/crawl-data/x.warc.gz#100"
    assert provenance.captured_at == datetime(2024, 2, 25, 10, 10, 10, tzinfo=UTC)


CHALLENGE = b"""<html><head><title>Just a moment...</title></head><body>
<noscript>Please enable JavaScript and cookies to continue</noscript></body></html>"""


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (record(ARTICLE, b"", "302 Found"), 206, "redirect"),
        (record(ARTICLE, b"<html></html>", "404 Not Found"), 206, "missing"),
        (record(ARTICLE, b"<html></html>", "500 Error"), 206, "not_200"),
        (record(ARTICLE, CHALLENGE), 206, "blocked"),
        (record(ARTICLE, b'{"a": 1}'), 206, "not_html"),
        (record(ARTICLE, b"GET / HTTP/1.1\r\n\r\n", rec_type="request"), 206, "not_response"),
        (record(ARTICLE, b"<html></html>")[:-9], 206, "torn"),
        (record(ARTICLE, PAGE.read_bytes()[:6000]), 206, "incomplete"),
    ],
    ids=["a redirect", "a 404", "a 500", "a challenge page", "JSON", "a request record", "torn",
         "a page cut off before </html>"],
)  # fmt: skip
def test_a_record_that_is_no_article_page_is_passed_over_with_its_reason(
    data: bytes, status: int, reason: str
) -> None:
    made = spider()
    place_length = len(data) + (9 if reason == "torn" else 0)
    capture = Capture(ARTICLE, "20240225101010", datetime(2024, 2, 25, tzinfo=UTC),
                      RecordPlace("x.warc.gz", 0, place_length))  # fmt: skip
    request = made.capture_request(capture)
    response = Response(request.url, status=status, body=data, request=request)
    assert made.capture_page(response, capture) == reason


def test_a_page_s_charset_is_the_one_the_crawl_picks_not_the_mislabelled_header() -> None:
    html = '<html><head><meta charset="windows-1258"></head><body><p>Hà Đông</p></body></html>'
    data = record(ARTICLE, html.encode("cp1258"), content_type="text/html; charset=utf-8")
    page, _ = capture_answer(spider(), data)
    read = response_record(data)
    assert read is not None
    crawled = page_of(read)
    assert isinstance(crawled, TextResponse)
    assert (page.encoding, page.text) == (crawled.encoding, crawled.text)
    assert page.encoding in ("cp1258", "windows-1258")  # the page's own, not the header's
    assert "<p>Hà Đông</p>" in page.text


def test_a_server_that_ignores_range_sends_the_whole_file_which_is_not_read() -> None:
    data = record(ARTICLE, b"<html></html>")
    made = spider()
    capture = Capture(ARTICLE, "20240225101010", datetime(2024, 2, 25, tzinfo=UTC),
                      RecordPlace("x.warc.gz", 0, len(data)))  # fmt: skip
    request = made.capture_request(capture)
    whole = Response(request.url, status=200, body=data + data, request=request)
    assert made.capture_page(whole, capture) == "range_ignored"


def parsed(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["crawl", *argv])


def test_source_commoncrawl_runs_its_spider_with_the_crawls_asked() -> None:
    args = parsed(
        ["--source", "commoncrawl", "--sections", "Kinh-te", "--crawls", "CC-MAIN-2024-10"]
    )
    assert spider_args(args) == {"site": "hanoimoi.com.vn", "sections": "Kinh-te",
                                 "crawls": "CC-MAIN-2024-10"}  # fmt: skip
    assert args.spider == "commoncrawl"


@pytest.mark.parametrize(
    "argv",
    [["--source", "commoncrawl", "--since", "auto"],
     ["--source", "commoncrawl", "--workers", "2", "--redis", "redis://127.0.0.1:6379/0"],
     ["--source", "commoncrawl", "--spider", "feeds"],
     ["--source", "wayback", "--crawls", "CC-MAIN-2024-10"],
     ["--crawls", "CC-MAIN-2024-10"]],
    ids=["since auto", "workers", "feeds", "crawls for wayback", "crawls for the live site"],
)  # fmt: skip
def test_source_commoncrawl_refuses_what_it_cannot_do(argv: list[str]) -> None:
    with pytest.raises(UsageError):
        spider_args(parsed(argv))
