"""``middlewares.py``: retries wait before trying again (exponential backoff, or what
Retry-After asks); an incomplete answer is retried; a page's encoding is read from its bytes.
Crawls through the middlewares are in ``e2e/test_middlewares.py``."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from hnmcrawler.middlewares import (
    backoff_delay,
    better_encoding,
    is_incomplete,
    retry_after_seconds,
)


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
