"""Spider navigation in-process: a page a layout cannot read never stalls a section."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from hnmcrawler.spiders import base
from hnmcrawler.spiders.archive import ArchiveSpider
from hnmcrawler.spiders.paging import ListingPage

ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/7/bai"
LISTING = "http://hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi"


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

    monkeypatch.setattr(base, "parse_article", broken)
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
    assert list(archive.parse_listing(response, LISTING, 1)) == []
    assert archive.crawler.stats.get_value("hnm/listing/parse_error") == 1
