"""``retry.py``: retries wait before trying again (exponential backoff, or what Retry-After
asks); an incomplete answer is retried; a block page is retried, counted and never passed on.
Crawls through the middlewares are in ``e2e/test_middlewares.py``."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from hnmcrawler import retry
from hnmcrawler.exceptions import ArchivedBlockPage, BlockedResponse
from hnmcrawler.retry import (
    ARCHIVED_COPY,
    EMPTY_ANSWER_OK,
    BackoffRetryMiddleware,
    backoff_delay,
    is_incomplete,
    retry_after_seconds,
)
from tests.helpers import article_response


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
    assert is_incomplete(request, article_response(body, status)) is incomplete


def test_an_empty_robots_txt_is_not_incomplete() -> None:
    request = Request("http://hanoimoi.com.vn/robots.txt", meta={"dont_obey_robotstxt": True})
    assert not is_incomplete(request, article_response(b""))


def test_an_empty_answer_to_an_index_query_is_not_incomplete() -> None:
    url = "http://127.0.0.1:8080/coll/cdx?url=hanoimoi.com.vn/Media/Kinh-te/&output=json"
    assert is_incomplete(Request(url), article_response(b""))
    assert not is_incomplete(Request(url, meta={EMPTY_ANSWER_OK: True}), article_response(b""))


# --- Block and challenge pages ---------------------------------------------------------------

CHALLENGE = (
    b'<!DOCTYPE html><html lang="vi"><head><title>H\xc3\xa0 N\xe1\xbb\x99i M\xe1\xbb\x9bi</title>'
    b"</head><body><p>Vui l\xc3\xb2ng b\xe1\xba\xadt JavaScript</p></body></html>"
)
RSS_URL = "https://hanoimoi.vn/rss/kinh-te"


def backoff_middleware(**settings: Any) -> BackoffRetryMiddleware:
    defaults = {"RETRY_TIMES": 2, "HNM_RETRY_BACKOFF_BASE": 0.0, "HNM_RETRY_BACKOFF_MAX": 60.0}
    crawler = get_crawler(Spider, {**defaults, **settings})
    crawler.spider = crawler._create_spider("test")
    return BackoffRetryMiddleware.from_crawler(crawler)


def answer(
    mw: BackoffRetryMiddleware, request: Request, body: bytes, status: int = 200, **headers: str
) -> Request | Response:
    response = HtmlResponse(
        request.url, status=status, body=body, headers=headers or None, request=request
    )
    return asyncio.run(mw.process_response(request, response))


def stats_of(mw: BackoffRetryMiddleware) -> dict[str, Any]:
    assert mw.crawler.stats is not None
    return mw.crawler.stats.get_stats()


def test_an_archive_s_copy_of_a_challenge_is_passed_over_never_retried() -> None:
    """A capture replayed 200 whose page is a challenge: the archive captured the firewall.
    Retrying the archive cannot help; the spider tries the next capture."""
    mw = backoff_middleware()
    capture = Request("http://archive.example/web/2017id_/http://hanoimoi.com.vn/a")
    with pytest.raises(ArchivedBlockPage):
        answer(mw, capture.replace(meta={ARCHIVED_COPY: 1}), CHALLENGE)
    assert "retry/count" not in stats_of(mw)
    assert isinstance(answer(mw, capture, CHALLENGE), Request)  # the live site's: retried
    busy = answer(mw, capture.replace(meta={ARCHIVED_COPY: 1}), b"", 429)
    assert isinstance(busy, Request)  # the archive itself says wait: retried with backoff


def test_a_challenge_is_retried_counted_and_never_passed_on() -> None:
    mw = backoff_middleware()
    retry = answer(mw, Request(RSS_URL), CHALLENGE)
    assert isinstance(retry, Request)
    assert (retry.url, retry.meta["retry_times"]) == (RSS_URL, 1)
    assert stats_of(mw)["hnm/blocked/challenge"] == 1
    assert stats_of(mw)["retry/reason_count/blocked_challenge"] == 1


def test_a_block_that_outlives_its_retries_goes_to_the_errback_as_blocked() -> None:
    mw = backoff_middleware()
    request: Request | Response = Request(RSS_URL)
    for _ in range(2):  # RETRY_TIMES
        assert isinstance(request, Request)
        request = answer(mw, request, b"Forbidden", status=403)
    assert isinstance(request, Request)
    with pytest.raises(BlockedResponse) as raised:
        answer(mw, request, b"Forbidden", status=403)
    assert (raised.value.kind, raised.value.url) == ("403", RSS_URL)
    assert stats_of(mw)["hnm/blocked/403"] == 3
    assert stats_of(mw)["hnm/blocked/gave_up"] == 1


def test_a_real_page_passes_untouched() -> None:
    mw = backoff_middleware()
    page = b'<html><body><h1 class="sc-longform-header-title">Captcha</h1></body></html>'
    assert isinstance(answer(mw, Request(RSS_URL), page), Response)
    assert not [k for k in stats_of(mw) if k.startswith("hnm/blocked")]


def test_blocking_is_logged_once_per_host_when_it_starts(caplog: pytest.LogCaptureFixture) -> None:
    mw = backoff_middleware(RETRY_TIMES=5)
    for n in range(4):
        answer(mw, Request(f"https://hanoimoi.vn/a-{n}.html"), CHALLENGE)
    answer(mw, Request("http://hanoimoi.com.vn/Tin-tuc/A/1/x"), b"", status=429)
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage().split(" ")[0] for r in warnings] == ["hanoimoi.vn", "hanoimoi.com.vn"]
    assert "HNM_PROXIES" in warnings[0].getMessage()


def test_the_wait_honours_retry_after_without_blocking(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(retry.asyncio, "sleep", sleep)
    mw = backoff_middleware(HNM_RETRY_BACKOFF_BASE=1.0)
    answer(mw, Request(RSS_URL), b"slow down", status=429, **{"Retry-After": "7"})
    answer(mw, Request(RSS_URL), CHALLENGE)
    assert waits[0] == 7.0
    assert 0.5 <= waits[1] <= 1.5
