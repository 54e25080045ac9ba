"""Spider navigation in-process: a page a layout cannot read never stalls a section; each
era_2019 "more" answer continues its chain or is counted, and one that does not ends it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from hnmcrawler import extract
from hnmcrawler.spiders.archive import ArchiveSpider
from hnmcrawler.spiders.paging import ListingPage, check_more_answer
from hnmcrawler.spiders.url_list import read_url_list
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

    monkeypatch.setattr("hnmcrawler.spiders.archive.read_listing", broken)
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


# --- era_2019 "more" answers, checked one by one ----------------------------------------------

MORE = (
    "http://hanoimoi.com.vn/Home/ArticleCategoryListMore"
    "?categoryId=163&day=&currentPage={page}&lastArticleId={last}"
)


def _items(ids: list[int]) -> str:
    return "".join(
        f'<li><a href="/Tin-tuc/Xa-hoi/{i}/bai-{i}"><h4>Bài {i}</h4></a>'
        f'<div class="period"> 08:00 - 15/03/2021</div></li>'
        for i in ids
    )


def section_page(ids: list[int]) -> HtmlResponse:
    body = (
        '<html><body><input type="hidden" id="hdCategoryId" value="163">'
        f'<div class="lst-category"><input type="hidden" value="{ids[-1]}">'
        f'<ul id="article-cate-more">{_items(ids)}</ul></div></body></html>'
    )
    return HtmlResponse(LISTING, body=body.encode(), request=Request(LISTING), encoding="utf-8")


def more_answer(page: int, last: int, ids: list[int]) -> TextResponse:
    url = MORE.format(page=page, last=last)
    body = json.dumps({"Content": _items(ids)}).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    return TextResponse(url, body=body, headers=headers, request=Request(url), encoding="utf-8")


def walk(archive: ArchiveSpider, response: TextResponse, number: int) -> list[str]:
    """What reading one listing of the section asks for: article ids, then the next URL."""
    urls = [r.url for r in collect(archive.parse_listing(response, LISTING, number))]
    return [u.split("/")[5] if "/Tin-tuc/" in u else u for u in urls]


def more_counters(archive: ArchiveSpider) -> dict[str, int]:
    stats = archive.crawler.stats.get_stats()
    return {k.removeprefix("hnm/listing/"): v for k, v in stats.items() if "more" in k}


def test_more_answers_keep_the_first_last_id_raise_the_page_and_count_nothing() -> None:
    """A server that pages by currentPage: every article once, no gap."""
    archive = spider()
    assert walk(archive, section_page([1050, 1040]), 1) == [
        "1050",
        "1040",
        MORE.format(page=1, last=1040),
    ]
    assert walk(archive, more_answer(1, 1040, [1030, 1020]), 2) == [
        "1030",
        "1020",
        MORE.format(page=2, last=1040),
    ]
    assert walk(archive, more_answer(2, 1040, [1010, 1000]), 3) == [
        "1010",
        "1000",
        MORE.format(page=3, last=1040),
    ]
    assert walk(archive, more_answer(3, 1040, []), 4) == []  # the end of the list
    assert more_counters(archive) == {}


def test_a_server_that_ignores_current_page_ends_the_section_with_its_repeats_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """It answers page 1 again for page 2: nothing new, counted, logged once, no endless loop."""
    archive = spider()
    walk(archive, section_page([1050, 1040]), 1)
    walk(archive, more_answer(1, 1040, [1030, 1020]), 2)
    assert walk(archive, more_answer(2, 1040, [1030, 1020]), 3) == []
    assert more_counters(archive) == {
        "more_gaps": 1,
        "more_repeated": 2,
        "stopped_more_not_continuing": 1,
    }
    gaps = [r.getMessage() for r in caplog.records if 'A "more" answer does not' in r.getMessage()]
    assert len(gaps) == 1
    assert gaps[0].endswith(MORE.format(page=2, last=1040))


def test_each_answer_must_go_below_the_last_article_of_the_answer_before() -> None:
    """Below the fixed lastArticleId is not enough: page 2 going back above page 1's last
    article (1020) is a gap, though its articles are new and below 1040; the walk stops
    once an answer moves nothing on."""
    archive = spider()
    walk(archive, section_page([1050, 1040]), 1)
    walk(archive, more_answer(1, 1040, [1030, 1020]), 2)
    assert walk(archive, more_answer(2, 1040, [1035, 1025]), 3) == ["1035", "1025"]
    assert more_counters(archive) == {
        "more_gaps": 1,
        "more_above_last": 2,
        "stopped_more_not_continuing": 1,
    }


def test_a_wider_window_repeats_are_counted_and_not_fetched_again_and_the_walk_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server whose window is one article wider than ours: each answer repeats the last of
    the one before; the gap is counted on every answer, logged once for the section."""
    archive = spider()
    walk(archive, section_page([1050, 1040]), 1)
    assert walk(archive, more_answer(1, 1040, [1040, 1030, 1020]), 2) == [
        "1030",
        "1020",
        MORE.format(page=2, last=1040),
    ]
    assert walk(archive, more_answer(2, 1040, [1020, 1010]), 3) == [
        "1010",
        MORE.format(page=3, last=1040),
    ]
    assert more_counters(archive) == {"more_gaps": 2, "more_repeated": 2}
    assert sum('A "more" answer does not' in r.getMessage() for r in caplog.records) == 1


def test_a_more_answer_that_goes_back_above_the_last_id_is_fetched_and_ends_the_section() -> None:
    archive = spider()
    walk(archive, section_page([1050, 1040]), 1)
    # New articles, but not older than the section page's last article: not a continuation.
    assert walk(archive, more_answer(1, 1040, [1060, 1055]), 2) == ["1060", "1055"]
    assert more_counters(archive) == {
        "more_gaps": 1,
        "more_above_last": 2,
        "stopped_more_not_continuing": 1,
    }


def test_an_answer_whose_page_before_is_unknown_is_checked_against_its_last_id() -> None:
    """A resumed job's queued request (or another worker's page): no chain in memory here,
    so the request's fixed lastArticleId bounds it."""
    archive = spider()
    assert walk(archive, more_answer(5, 1040, [1045, 990]), 6) == [
        "1045",
        "990",
        MORE.format(page=6, last=1040),
    ]
    assert more_counters(archive) == {"more_gaps": 1, "more_above_last": 1}


def test_an_empty_more_answer_ends_the_section_as_before_and_is_no_gap() -> None:
    archive = spider()
    walk(archive, section_page([1050, 1040]), 1)
    assert walk(archive, more_answer(1, 1040, []), 2) == []
    assert more_counters(archive) == {}


@pytest.mark.parametrize(
    ("ids", "listed", "expected"),
    [
        pytest.param([990, 980], set(), (frozenset(), 0, 2, True), id="all below, all new"),
        pytest.param([1000], set(), (frozenset(), 1, 0, False), id="the asked id itself"),
        pytest.param([990], {990}, (frozenset({990}), 0, 0, False), id="a repeat only"),
        pytest.param(
            [1010, 990, 980], {980}, (frozenset({980}), 1, 1, True), id="one of each, goes on"
        ),
    ],
)
def test_check_more_answer_sorts_an_answers_articles_against_the_chain(
    ids: list[int], listed: set[int], expected: tuple[frozenset[int], int, int, bool]
) -> None:
    url = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/{}/bai".format
    answer = check_more_answer(1000, [url(i) for i in ids], {url(i) for i in listed})
    repeated, above, below, continues = expected
    assert answer.repeated == {url(i) for i in repeated}
    assert (answer.above, answer.below, answer.continues) == (above, below, continues)


@pytest.mark.parametrize(
    ("max_bytes", "urls", "truncated"),
    [
        pytest.param(0, ["http://a/1", "http://a/2", "http://a/3"], False, id="0 is no limit"),
        pytest.param(24, ["http://a/1", "http://a/2"], True, id="whole lines within the cap"),
        pytest.param(1000, ["http://a/1", "http://a/2", "http://a/3"], False, id="under the cap"),
    ],
)
def test_a_url_list_file_is_read_up_to_its_cap(
    tmp_path: Path, max_bytes: int, urls: list[str], truncated: bool
) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("http://a/1\nhttp://a/2\n# a note\nhttp://a/3\n")
    assert read_url_list(None, str(listed), max_bytes) == (urls, truncated)
