"""``dates.resolve_dates``: an article's dates chosen once, from the printed text and the
page's metadata, and what the spiders count about it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from hnmcrawler.dates import VIETNAM_TZ, resolve, resolve_dates
from hnmcrawler.pipelines import CleanTextPipeline, ValidateArticlePipeline
from hnmcrawler.spiders.url_list import UrlListSpider

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FETCHED = datetime(2017, 1, 2, 8, 0, tzinfo=VIETNAM_TZ)
PRINTED = "07:12 Chủ Nhật ngày 01/01/2017"
AT_0712 = datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)


def test_the_printed_date_becomes_an_aware_datetime_in_vietnam_time() -> None:
    found = resolve_dates(PRINTED, None, None, FETCHED)
    assert found.published_at == AT_0712
    assert found.published_at.utcoffset().total_seconds() == 7 * 3600
    assert found.updated_at is None


def test_an_unparseable_date_is_none() -> None:
    assert resolve_dates("không rõ ngày", None, None, FETCHED).published_at is None


def test_metadata_fills_a_gap() -> None:
    found = resolve_dates("", "2017-01-01T07:12:00+07:00", None, FETCHED)
    assert (found.published_at, found.metadata_disagrees) == (AT_0712, False)


def test_an_aware_metadata_datetime_is_taken_in_vietnam_time_and_a_naive_one_is_not() -> None:
    utc = datetime(2017, 1, 1, 0, 12, tzinfo=VIETNAM_TZ).astimezone(tz=None)
    assert resolve_dates("", utc, None, FETCHED).published_at == datetime(
        2017, 1, 1, 0, 12, tzinfo=VIETNAM_TZ
    )
    assert resolve_dates("", datetime(2017, 1, 1), None, FETCHED).published_at is None


def test_updated_at_is_read_from_its_metadata() -> None:
    found = resolve_dates(PRINTED, None, "2017-01-01T09:30:00+07:00", FETCHED)
    assert found.updated_at == datetime(2017, 1, 1, 9, 30, tzinfo=VIETNAM_TZ)


def test_a_weekday_that_contradicts_the_date_is_reported_not_obeyed() -> None:
    found = resolve_dates("07:12 Thứ Hai ngày 01/01/2017", None, None, FETCHED)
    assert (found.published_at, found.weekday_mismatch) == (AT_0712, True)


@pytest.mark.parametrize(
    ("printed", "meta", "published", "disagrees"),
    [
        pytest.param(
            "2 giờ trước",
            "2017-01-01T07:12:00+07:00",
            "2017-01-01T07:12:00+07:00",
            False,
            id="a relative printed date gives way to the metadata",
        ),
        pytest.param(
            "Chủ Nhật, 01/01/2017",
            "2017-01-01T07:12:00+07:00",
            "2017-01-01T07:12:00+07:00",
            False,
            id="a printed day without time takes the metadata's time",
        ),
        pytest.param(
            "Chủ Nhật, 01/01/2017",
            "2017-01-03T07:12:00+07:00",
            "2017-01-01T00:00:00+07:00",
            True,
            id="a printed day that the metadata contradicts wins and is reported",
        ),
        pytest.param(
            "07:12 01/01/2017",
            "2017-01-01T09:00:00+07:00",
            "2017-01-01T07:12:00+07:00",
            True,
            id="a printed time wins over the metadata and is reported",
        ),
    ],
)
def test_the_printed_date_wins_unless_it_is_vaguer(
    printed: str, meta: str, published: str, disagrees: bool
) -> None:
    found = resolve_dates(printed, meta, None, FETCHED)
    assert found.published_at is not None
    assert (found.published_at.isoformat(), found.metadata_disagrees) == (published, disagrees)


def test_a_crawl_reads_each_date_text_once_and_counts_what_it_decided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The spider resolves the dates as it reads the page; no later stage parses them again."""
    page = FIXTURES / "era_2017" / "chinh-tri-879904.html"
    url = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/879904/x"
    parsed: list[str] = []
    real = resolve.parse_vietnamese_datetime

    def counting(text: str, *, now: datetime | None = None) -> datetime | None:
        parsed.append(text)
        return real(text, now=now)

    monkeypatch.setattr(resolve, "parse_vietnamese_datetime", counting)
    crawler = get_crawler(UrlListSpider, settings_dict={})
    crawler.stats.open_spider()
    spider = UrlListSpider.from_crawler(crawler, urls=url)
    response = HtmlResponse(url, body=page.read_bytes(), request=Request(url))
    item = spider.read_article(response)
    assert item is not None
    assert isinstance(item["published_at"], datetime)
    assert parsed == [item["published_text"]]  # this era's pages carry no metadata date
    for pipeline in (CleanTextPipeline, ValidateArticlePipeline):
        item = pipeline.from_crawler(crawler).process_item(item)
    assert parsed == [item["published_text"]]
    assert crawler.stats.get_value("hnm/dates/parsed") == 1
