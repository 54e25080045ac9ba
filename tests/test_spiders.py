"""Spider navigation in-process: a page a layout cannot read never stalls a section."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import pytest
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from hnmcrawler import extract
from hnmcrawler.spiders.archive import ArchiveSpider
from hnmcrawler.spiders.paging import ListingPage
from hnmcrawler.storage.lookup import StoreLookup

ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/7/bai"
LISTING = "http://hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi"
T = TypeVar("T")


def collect(results: AsyncIterator[T]) -> list[T]:
    """Everything an async callback yields (no store lookup here: nothing really waits)."""

    async def gather() -> list[T]:
        return [result async for result in results]

    return asyncio.run(gather())


def spider() -> ArchiveSpider:
    crawler = get_crawler(ArchiveSpider, settings_dict={})
    crawler.stats.open_spider()
    made = ArchiveSpider.from_crawler(crawler, sections="Xa-hoi")
    assert isinstance(made, ArchiveSpider)
    return made


def test_an_article_that_breaks_its_layout_is_counted_and_its_page_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(response: Any) -> Any:
        raise ValueError("Invalid IPv6 URL")

    monkeypatch.setattr(extract, "parse_article", broken)
    archive = spider()
    page = ListingPage("s", 1, LISTING + "?page=2", url=LISTING, pending=1, entries=1)
    archive.pages[LISTING] = page
    response = HtmlResponse(ARTICLE, body=b"<html><body>x</body></html>", request=Request(ARTICLE))
    out = list(archive.parse_article(response, LISTING))
    assert [r.url for r in out] == [LISTING + "?page=2"]
    assert archive.crawler.stats.get_value("hnm/articles/parse_error") == 1


def test_a_listing_that_breaks_its_layout_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(response: Any) -> Any:
        raise ValueError("Cannot use css on a Selector of type 'json'")

    monkeypatch.setattr("hnmcrawler.spiders.archive.parse_listing", broken)
    archive = spider()
    response = HtmlResponse(LISTING, body=b"<html></html>", request=Request(LISTING))
    assert collect(archive.parse_listing(response, LISTING, 1)) == []
    assert archive.crawler.stats.get_value("hnm/listing/parse_error") == 1


def failed(error: Exception) -> Failure:
    failure = Failure(error)
    failure.request = Request(ARTICLE)  # type: ignore[attr-defined]
    return failure


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        pytest.param(
            HttpError(HtmlResponse(ARTICLE, status=404)), "http_404", id="a 404 is counted"
        ),
        pytest.param(
            DownloadCancelledError("larger than download max size"),
            "DownloadCancelledError",
            id="a page over DOWNLOAD_MAXSIZE is counted",
        ),
    ],
)
def test_an_article_not_fetched_is_counted_and_logged_once_and_its_page_goes_on(
    error: Exception, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    archive = spider()
    page = ListingPage("s", 1, LISTING + "?page=2", url=LISTING, pending=1, entries=1)
    archive.pages[LISTING] = page
    failure = failed(error)
    failure.request.cb_kwargs["page"] = LISTING  # type: ignore[attr-defined]
    out = list(archive.article_failed(failure))
    assert [r.url for r in out] == [LISTING + "?page=2"]
    stats = archive.crawler.stats
    assert stats.get_value("hnm/articles/not_fetched") == 1
    assert stats.get_value(f"hnm/articles/not_fetched/{reason}") == 1
    lines = [r.getMessage() for r in caplog.records if "not fetched" in r.getMessage()]
    assert lines == [f"Article not fetched ({reason}): {ARTICLE}"]


def test_a_request_a_middleware_refused_is_not_counted_again() -> None:
    archive = spider()
    archive.fetch_failed(failed(IgnoreRequest("Forbidden by robots.txt")))
    assert archive.crawler.stats.get_value("hnm/articles/not_fetched") is None


@pytest.mark.parametrize("href", ["javascript:loadPage(2)", "mailto:toasoan@hanoimoi.com.vn"])
def test_a_next_link_that_is_not_http_ends_the_section_counted_as_off_site(href: str) -> None:
    archive = spider()
    body = (
        '<html><body><li class="bdrtp"><a href="/Tin-tuc/Xa-hoi/7/bai">bài</a></li>'
        f'<div class="paging"><ul><li class="next"><a href="{href}">»</a></li></ul></div>'
        "</body></html>"
    )
    response = HtmlResponse(LISTING, body=body.encode(), request=Request(LISTING))
    requests = collect(archive.parse_listing(response, LISTING, 1))
    assert [r.url for r in requests] == [ARTICLE]
    article = HtmlResponse(ARTICLE, body=b"<html><body>x</body></html>", request=requests[0])
    assert list(archive.parse_article(article, LISTING)) == []
    assert archive.crawler.stats.get_value("hnm/offsite/dropped") == 1


class _DownStore:
    def stored_ids(self, site: str, ids: Any) -> set[int]:
        from hnmcrawler.exceptions import StoreUnavailable

        raise StoreUnavailable("cannot read article store postgresql://u:***@db/hnm: refused")


def test_a_store_that_cannot_answer_loses_no_listing_its_articles_are_fetched(
    caplog: pytest.LogCaptureFixture,
) -> None:
    archive = spider()
    archive.lookup = StoreLookup(_DownStore())  # type: ignore[arg-type]
    body = (
        b'<html><body><li class="bdrtp"><a href="/Tin-tuc/Xa-hoi/7/bai">b</a></li>'
        b'<li class="bdrtp"><a href="/Tin-tuc/Xa-hoi/8/bai">b</a></li></body></html>'
    )
    for number in (1, 2):
        response = HtmlResponse(LISTING, body=body, request=Request(LISTING))
        archive.seen_listings.clear()
        archive.requested = type(archive.requested)()
        archive.walked.clear()
        requests = collect(archive.parse_listing(response, LISTING, number))
        assert [r.url for r in requests] == [ARTICLE, ARTICLE.replace("/7/", "/8/")]
    assert archive.crawler.stats.get_value("hnm/store/read_failed") == 2
    unreadable = [r for r in caplog.records if "store unreadable" in r.getMessage()]
    assert len(unreadable) == 1
