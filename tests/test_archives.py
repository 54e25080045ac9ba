"""The CDX client and the grouping of captures (``hnmcrawler.archives``), on answers as the
Internet Archive and pywb 2.10 give them; the ``wayback`` spider's settings."""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from hnmcrawler.archives.captures import Capture, group_captures, merge
from hnmcrawler.archives.cdx import CdxError, CdxLine, CdxPage, next_step, parse_answer, query_url
from hnmcrawler.archives.listings import first_pages, keep_newest, listing_prefixes, split_listings
from hnmcrawler.commands.crawl import add_parser, spider_args
from hnmcrawler.exceptions import UsageError
from hnmcrawler.sites import CURRENT, LEGACY
from hnmcrawler.spiders.wayback import WaybackSpider, section_prefixes
from hnmcrawler.urls import ArticleKey

ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/1027267/so-giao-thong"
# The Internet Archive: a header row, rows of strings, then [] and the resume key.
IA_ANSWER = b"""[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
["vn,com,hanoimoi)/tin-tuc/kinh-te/1027267/so-giao-thong","20170501093000",
 "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/1027267/so-giao-thong","text/html","200","AB","9"],
["vn,com,hanoimoi)/tin-tuc/kinh-te/1027267/so-giao-thong","20190102030405",
 "http://www.hanoimoi.com.vn/tin-tuc/kinh-te/1027267/so-giao-thong","text/html","200","CD","9"],
[],
["vn,com,hanoimoi)/tin-tuc/kinh-te/1027268+20200101000000"]]"""
# pywb 2.10: one object a line, string values, its own field names.
PYWB_ANSWER = b"""{"urlkey": "vn,com,hanoimoi)/tin-tuc/kinh-te/1027267/so-giao-thong", \
"timestamp": "20170501093000", "url": "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/1027267/\
so-giao-thong", "mime": "text/html", "status": "200", "digest": "AB", "length": "351"}
{"urlkey": "vn,com,hanoimoi)/tin-tuc/kinh-te/1027267/so-giao-thong", "timestamp": \
"20190102030405", "url": "http://www.hanoimoi.com.vn/tin-tuc/kinh-te/1027267/so-giao-thong", \
"mime": "text/html", "status": "200", "digest": "CD", "length": "356"}
"""
BOTH_LINES = [
    CdxLine(ARTICLE, "20170501093000", "200", "text/html"),
    CdxLine(ARTICLE.replace("://", "://www.").lower(), "20190102030405", "200", "text/html"),
]


def test_the_internet_archive_s_rows_and_resume_key_are_read() -> None:
    assert parse_answer(IA_ANSWER) == CdxPage(
        BOTH_LINES, "vn,com,hanoimoi)/tin-tuc/kinh-te/1027268+20200101000000"
    )


def test_pywb_s_json_lines_are_read_with_their_own_field_names() -> None:
    assert parse_answer(PYWB_ANSWER) == CdxPage(BOTH_LINES, None)


@pytest.mark.parametrize("body", [b"", b"  \n", b"[]"], ids=["empty", "blank", "no rows"])
def test_an_answer_with_no_captures_is_an_empty_page(body: bytes) -> None:
    assert parse_answer(body) == CdxPage()


@pytest.mark.parametrize(
    "body",
    [b"<html>Service unavailable</html>", b'{"url": "http://x/"}', b'[["url"], ["a", "b"]]'],
    ids=["an error page", "a line without timestamp", "a row longer than the header"],
)
def test_what_is_no_cdx_answer_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(CdxError):
        parse_answer(body)


def test_a_capture_time_is_aware_utc() -> None:
    assert BOTH_LINES[0].captured_at == datetime(2017, 5, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("page", "limit", "asked", "step"),
    [
        (CdxPage([], "k2"), 2, "k1", "resume"),
        (CdxPage([], "k1"), 2, "k1", "repeat"),
        (CdxPage(BOTH_LINES), 5, None, "done"),
        (CdxPage(BOTH_LINES), 2, None, "unlimited"),  # pywb: honours limit, no resume key
        (CdxPage(BOTH_LINES), None, None, "done"),
    ],
    ids=["a new key resumes", "the same key again ends", "a short page ends",
         "a full page without key asks for all", "an unlimited answer ends"],
)  # fmt: skip
def test_paging_copes_with_servers_that_do_not_page(
    page: CdxPage, limit: int | None, asked: str | None, step: str
) -> None:
    assert next_step(page, limit, asked) == step


def test_the_query_asks_for_200_html_captures_from_since_page_by_page() -> None:
    since = datetime(2017, 1, 1, tzinfo=UTC)
    url = query_url("https://cdx.example/cdx", "hanoimoi.com.vn/Tin-tuc/Kinh-te/", since=since,
                    limit=100, resume_key="k")  # fmt: skip
    assert url.startswith("https://cdx.example/cdx?")
    assert parse_qsl(urlsplit(url).query) == [
        ("url", "hanoimoi.com.vn/Tin-tuc/Kinh-te/"),
        ("matchType", "prefix"),
        ("output", "json"),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("from", "20170101000000"),
        ("limit", "100"),
        ("showResumeKey", "true"),
        ("resumeKey", "k"),
    ]
    assert "limit" not in query_url("https://cdx.example/cdx", "x/", limit=None)


def test_captures_of_one_article_in_any_url_form_are_grouped_newest_first() -> None:
    upper = CdxLine(ARTICLE.upper().replace("HTTP://", "http://"), "20180101000000", "200",
                    "text/html; charset=utf-8")  # fmt: skip
    other = CdxLine(ARTICLE.replace("1027267", "99"), "20170101000000", "200", "text/html")
    grouped = group_captures([*BOTH_LINES, upper, BOTH_LINES[0], other], LEGACY.host)
    captures = grouped.articles[ArticleKey(LEGACY.host, 1027267)]
    assert [c.timestamp for c in captures] == ["20190102030405", "20180101000000", "20170501093000"]
    assert [c.url for c in captures] == [BOTH_LINES[1].url, upper.url, ARTICLE]
    assert list(grouped.articles) == [ArticleKey(LEGACY.host, 1027267), ArticleKey(LEGACY.host, 99)]


def test_what_is_no_200_html_article_capture_is_counted_not_kept() -> None:
    lines = [
        CdxLine(ARTICLE, "20170101000000", "302", "text/html"),
        CdxLine(ARTICLE, "20170101000000", "200", "image/jpeg"),
        CdxLine("http://hanoimoi.com.vn/Tin-tuc/Kinh-te/", "20170101000000", "200", "text/html"),
        CdxLine("https://hanoimoi.vn/a-1.html", "20170101000000", "200", "text/html"),
    ]
    grouped = group_captures(lines, LEGACY.host)
    assert (grouped.articles, grouped.not_html_200, grouped.not_articles) == ({}, 2, 2)


def test_the_replay_url_is_the_exact_capture_in_id_form() -> None:
    capture = Capture.of(BOTH_LINES[1])
    assert capture.replay_url("http://127.0.0.1:8080/hnm") == (
        "http://127.0.0.1:8080/hnm/20190102030405id_/"
        "http://www.hanoimoi.com.vn/tin-tuc/kinh-te/1027267/so-giao-thong"
    )


def test_two_pages_of_one_article_merge_newest_first_once() -> None:
    first, second = (Capture.of(line) for line in BOTH_LINES)
    assert merge([first], [second, first]) == [second, first]


def test_legacy_sections_are_asked_by_news_and_media_prefix_the_current_site_as_a_whole() -> None:
    legacy = {s.listing_url: s.name for s in (LEGACY.sections["kinh-te"],)}
    assert section_prefixes(LEGACY, legacy) == [
        "hanoimoi.com.vn/Tin-tuc/Kinh-te/",
        "hanoimoi.com.vn/Media/Kinh-te/",
    ]
    current = {CURRENT.sections["kinh-te"].listing_url: "Kinh tế"}
    assert section_prefixes(CURRENT, current) == ["hanoimoi.vn/"]


def test_the_spider_may_reach_the_archive_hosts_one_request_at_a_time() -> None:
    settings = {
        "HNM_WAYBACK_CDX_URL": "http://cdx.example:8080/hnm/cdx",
        "HNM_WAYBACK_REPLAY_URL": "http://replay.example/hnm/",
        "HNM_EXTRA_HOSTS": ["cdn.example"],
        "DOWNLOADER_MIDDLEWARES": {"hnmcrawler.middlewares.SiteOnlyMiddleware": 55},
    }
    crawler = get_crawler(WaybackSpider, settings_dict=settings)
    assert crawler.settings.getlist("HNM_EXTRA_HOSTS") == [
        "cdn.example", "cdx.example", "replay.example"
    ]  # fmt: skip
    middlewares = crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["hnmcrawler.middlewares.SiteOnlyMiddleware"] == 55
    assert crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert crawler.settings.getbool("AUTOTHROTTLE_ENABLED")


@pytest.mark.parametrize(
    "argv",
    [
        ["--spider", "feeds"],
        ["--since", "auto"],
        ["--workers", "2", "--redis", "redis://127.0.0.1:6379/0"],
        ["--sections", "No-such-section"],
    ],
    ids=["feeds", "since auto", "workers", "an unknown section"],
)
def test_source_wayback_refuses_what_it_cannot_do(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["crawl", "--source", "wayback", *argv])
    with pytest.raises(UsageError):
        spider_args(args)


def test_source_wayback_runs_the_wayback_spider_with_archive_s_arguments() -> None:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["crawl", "--source", "wayback", "--sections", "Kinh-te"])
    assert spider_args(args) == {"site": "hanoimoi.com.vn", "sections": "Kinh-te"}
    assert args.spider == "wayback"


# --- the listing pages (archives.listings, spiders.listings) --------------------------------

LISTING = "http://hanoimoi.com.vn/Danh-muc-tin/175/Phap-luat"


def test_listing_captures_are_kept_newest_per_page_and_read_first_pages_first() -> None:
    lines = [
        CdxLine(f"{LISTING}?page=10", "20230101000000", "200", "text/html"),
        CdxLine(LISTING, "20220101000000", "200", "text/html"),
        CdxLine(LISTING.replace("://", "://www.").lower(), "20230101000000", "200", "text/html"),
        CdxLine(f"{LISTING}?page=2", "20230101000000", "200", "text/html"),
        CdxLine(f"{LISTING}?page=3", "20230101000000", "302", "text/html"),  # not kept
        BOTH_LINES[0],
    ]
    listings, others = split_listings(lines)
    assert {prefix for prefix, _ in listings} == {"hanoimoi.com.vn/Danh-muc-tin/175/"}
    assert others == [lines[4], BOTH_LINES[0]]
    pages: dict[str, Capture] = {}
    for _, capture in listings:
        keep_newest(pages, capture)
    assert [c.url for c in first_pages(pages, 0)] == [lines[2].url, lines[3].url, lines[0].url]
    assert [c.url for c in first_pages(pages, 2)] == [lines[2].url, lines[3].url]


def test_a_legacy_section_s_listings_are_asked_by_category_the_current_site_s_not() -> None:
    legacy = {LEGACY.sections["phap-luat"].listing_url: "Pháp luật"}
    assert listing_prefixes(LEGACY, legacy) == ["hanoimoi.com.vn/Danh-muc-tin/175/"]
    assert listing_prefixes(CURRENT, {CURRENT.sections["kinh-te"].listing_url: None}) == []


LISTING_PAGE = "\n".join(
    f'<li><a href="/Tin-tuc/{path}"><h4>A</h4></a><div class="period"> 07:12 - {day}</div></li>'
    for path, day in [
        ("Phap-luat/1027267/a", "01/01/2017"),
        ("Phap-luat/1027300/b", "01/03/2016"),
        ("Phap-luat/1027400/c", "02/01/2017"),
        ("Phap-dinh/1027500/d", "02/01/2017"),
    ]
)
LISTING_PAGE = f'<html><body><ul id="article-cate-more">{LISTING_PAGE}</ul></body></html>'


def listing_spider(**kwargs: Any) -> WaybackSpider:
    settings = {
        "HNM_WAYBACK_CDX_URL": "http://cdx.example/cdx",
        "HNM_WAYBACK_REPLAY_URL": "http://cdx.example/web/",
        "HNM_WAYBACK_FAILED_PATH": "",
    }
    crawler = get_crawler(WaybackSpider, settings_dict=settings)
    crawler.stats = StatsCollector(crawler)
    return WaybackSpider.from_crawler(crawler, sections="Phap-luat", **kwargs)


def test_articles_wait_for_the_listings_which_skip_and_tell_what_the_archive_lacks() -> None:
    made = listing_spider(since="2017-01-01", until="2017-12-31")
    assert made.prefixes == [
        "hanoimoi.com.vn/Tin-tuc/Phap-luat/",
        "hanoimoi.com.vn/Media/Phap-luat/",
        "hanoimoi.com.vn/Danh-muc-tin/175/",
    ]
    article = ARTICLE.replace("Kinh-te", "Phap-luat")
    listed_old = CdxLine(
        article.replace("1027267", "1027300"), "20170101000000", "200", "text/html"
    )
    made.add_lines([CdxLine(article, "20170501093000", "200", "text/html"), listed_old])
    assert list(made.index_done(made.prefixes[0])) == []  # the listings are not in yet
    made.add_lines([CdxLine(LISTING, "20170601000000", "200", "text/html")])
    listing_requests = list(made.index_done(made.prefixes[2]))
    assert [r.url for r in listing_requests] == [
        f"http://cdx.example/web/20170601000000id_/{LISTING}"
    ]
    assert list(made.index_done(made.prefixes[1])) == []  # a listing page still out
    request = listing_requests[0]
    response = HtmlResponse(request.url, body=LISTING_PAGE.encode(), encoding="utf-8",
                            request=request)  # fmt: skip
    fetched = list(made.parse_listing_capture(response, **request.cb_kwargs))
    # 1027300 is listed on 01/03/2016: not fetched; 1027267 is.
    assert [r.cb_kwargs["article"][1] for r in fetched] == [1027267]
    stats = made.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["hnm/wayback/listed_out_of_range"] == 1
    assert stats["hnm/wayback/listed_without_capture"] == 1  # 1027400
    assert stats["hnm/wayback/listed_not_asked"] == 1  # 1027500, under Phap-dinh


def test_an_unreadable_index_page_closes_its_prefix_and_the_articles_still_come() -> None:
    """A 200 error page where a CDX answer should be: recorded lost, and its prefix is done
    (left open, the listing gate would hold every article back for good)."""
    made = listing_spider()
    article = ARTICLE.replace("Kinh-te", "Phap-luat")
    made.add_lines([CdxLine(article, "20170501093000", "200", "text/html")])
    for prefix in made.prefixes[:2]:
        assert list(made.index_done(prefix)) == []
    listing = made.prefixes[2]
    request = made._cdx_request(listing, 1000, None, 1)
    error_page = HtmlResponse(request.url, body=b"<html>502</html>", request=request)
    fetched = list(made.parse_cdx(error_page, **request.cb_kwargs))
    assert listing not in made.open_prefixes
    assert [r.cb_kwargs["article"][1] for r in fetched] == [1027267]


def test_what_kept_failing_is_written_at_the_close_in_a_worker_thread(tmp_path: Path) -> None:
    """``add`` runs in spider callbacks, on the reactor's thread: it writes nothing. The
    spider's close appends every line in one write, off that thread."""
    path = tmp_path / "out" / "wayback-failed.jsonl"
    crawler = get_crawler(WaybackSpider, {"HNM_WAYBACK_FAILED_PATH": str(path)})
    crawler.stats.open_spider()
    spider = WaybackSpider.from_crawler(crawler, site="hanoimoi.com.vn", sections="Kinh-te")
    spider.failed.add("capture", "http://archive/1", "http_500")
    spider.failed.add("article", "hanoimoi.com.vn/7", "no good capture")
    assert not path.exists()
    writers: list[str] = []
    flush = spider.failed.flush

    def watched() -> None:
        writers.append(threading.current_thread().name)
        flush()

    spider.failed.flush = watched  # type: ignore[method-assign]
    asyncio.run(spider.closed("finished"))
    assert len(writers) == 1
    assert writers[0] != threading.main_thread().name
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(line["kind"], line["reason"]) for line in lines] == [
        ("capture", "http_500"),
        ("article", "no good capture"),
    ]


def test_a_failed_file_that_cannot_be_written_is_an_output_failure(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    path = tmp_path / "file" / "failed.jsonl"  # under a file: no folder can be made there
    crawler = get_crawler(WaybackSpider, {"HNM_WAYBACK_FAILED_PATH": str(path)})
    crawler.stats.open_spider()
    spider = WaybackSpider.from_crawler(crawler, site="hanoimoi.com.vn", sections="Kinh-te")
    spider.failed.add("capture", "http://archive/1", "http_500")
    asyncio.run(spider.closed("finished"))
    assert crawler.stats is not None
    assert str(crawler.stats.get_value("hnm/output/failed")).startswith(f"failed file {path}")
