"""Pipelines built through Scrapy's test crawler: what they keep, drop and count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from hnmcrawler import dates
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import ArticleItem
from hnmcrawler.pipelines import (
    ArticleDatesPipeline,
    CleanTextPipeline,
    DuplicateArticlePipeline,
    ValidateArticlePipeline,
)
from hnmcrawler.spiders.base import HnmSpider

FETCHED = datetime(2017, 1, 2, 8, 0, tzinfo=VIETNAM_TZ)


def raw_item(**fields: Any) -> ArticleItem:
    base: dict[str, Any] = {
        "url": "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/a",
        "site": "hanoimoi.com.vn",
        "article_id": 1,
        "layout": "era_2017",
        "section": "Chính trị",
        "subsection": None,
        "title": "Tiêu đề",
        "sapo": "Sapo",
        "body": "Một.\n\nHai.",
        "authors": [],
        "tags": [],
        "images": [],
        "published_text": "07:12 Chủ Nhật ngày 01/01/2017",
        "published_at": None,
        "updated_at": None,
        "fetched_at": FETCHED,
    }
    return ArticleItem({**base, **fields})


def build(cls: type, **settings: Any) -> Any:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return cls.from_crawler(crawler)


def stat(pipeline: Any, key: str) -> Any:
    return pipeline.stats.get_value(key)


def test_clean_text_normalises_every_text_field_and_list() -> None:
    item = raw_item(
        title=" Ha\u0300  Nội\u00a0",
        authors=["", " Tuấn  Việt "],
        images=[{"url": " http://x/a.jpg ", "caption": None}, {"url": ""}],
        subsection="  ",
        body="Một.\n\n\n\u200b\n\nHai.",
    )
    out = build(CleanTextPipeline).process_item(item)
    assert out["title"] == "Hà Nội"
    assert out["authors"] == ["Tuấn Việt"]
    assert out["images"] == [{"url": "http://x/a.jpg", "caption": ""}]
    assert out["subsection"] is None
    assert out["body"] == "Một.\n\nHai."


def test_dates_pipeline_fills_published_at_and_counts() -> None:
    pipeline = build(ArticleDatesPipeline)
    out = pipeline.process_item(raw_item())
    assert out["published_at"] == datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
    assert out["published_at"].utcoffset().total_seconds() == 7 * 3600
    assert stat(pipeline, "hnm/dates/parsed") == 1


def test_the_pipeline_reuses_the_date_the_spider_read(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = dates._parse

    def counting(text: str, now: datetime | None) -> datetime | None:
        parsed.append(text)
        return real(text, now)

    monkeypatch.setattr(dates, "_parse", counting)
    item = raw_item(published_at="2017-01-01T07:12:00+07:00")
    assert HnmSpider.item_date(item) == datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
    build(ArticleDatesPipeline).process_item(item)
    assert parsed == ["07:12 Chủ Nhật ngày 01/01/2017", "2017-01-01T07:12:00+07:00"]


def test_an_unparseable_date_keeps_the_item_with_a_null_date_and_counts_it() -> None:
    pipeline = build(ArticleDatesPipeline)
    out = pipeline.process_item(raw_item(published_text="không rõ ngày"))
    assert out["published_at"] is None
    assert stat(pipeline, "hnm/dates/unparsed") == 1


def test_metadata_fills_a_gap_and_disagreement_is_counted() -> None:
    pipeline = build(ArticleDatesPipeline)
    filled = pipeline.process_item(
        raw_item(published_text="", published_at="2017-01-01T07:12:00+07:00")
    )
    assert filled["published_at"] == datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
    kept = pipeline.process_item(raw_item(published_at="2017-01-01T09:00:00+07:00"))
    assert kept["published_at"] == datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
    assert stat(pipeline, "hnm/dates/metadata_disagrees") == 1


def test_a_weekday_that_contradicts_the_date_is_counted_not_obeyed() -> None:
    pipeline = build(ArticleDatesPipeline)
    out = pipeline.process_item(raw_item(published_text="07:12 Thứ Hai ngày 01/01/2017"))
    assert out["published_at"] == datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
    assert stat(pipeline, "hnm/dates/weekday_mismatch") == 1


@pytest.mark.parametrize("field", ["url", "article_id", "title", "body"])
def test_validation_drops_an_item_without_a_required_field(field: str) -> None:
    pipeline = build(ValidateArticlePipeline)
    with pytest.raises(DropItem, match=f"missing {field}"):
        pipeline.process_item(raw_item(**{field: "" if field != "article_id" else None}))
    assert stat(pipeline, f"hnm/dropped/missing_{field}") == 1


def test_validation_passes_everything_else() -> None:
    item = raw_item(sapo="", authors=[], published_text="")
    assert build(ValidateArticlePipeline).process_item(item) is item


def test_the_second_sighting_of_a_key_in_a_run_is_dropped_and_counted() -> None:
    pipeline = build(DuplicateArticlePipeline)
    pipeline.process_item(raw_item())
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(raw_item(url="http://hanoimoi.com.vn/Tin-tuc/Kinh-te/1/b"))
    pipeline.process_item(raw_item(article_id=2))
    assert stat(pipeline, "hnm/articles/duplicate") == 1


@pytest.mark.parametrize(
    ("printed", "meta", "published", "disagrees"),
    [
        pytest.param(
            "2 giờ trước",
            "2017-01-01T07:12:00+07:00",
            "2017-01-01T07:12:00+07:00",
            0,
            id="a relative printed date gives way to the metadata",
        ),
        pytest.param(
            "Chủ Nhật, 01/01/2017",
            "2017-01-01T07:12:00+07:00",
            "2017-01-01T07:12:00+07:00",
            0,
            id="a printed day without time takes the metadata's time",
        ),
        pytest.param(
            "Chủ Nhật, 01/01/2017",
            "2017-01-03T07:12:00+07:00",
            "2017-01-01T00:00:00+07:00",
            1,
            id="a printed day that the metadata contradicts wins and is counted",
        ),
        pytest.param(
            "07:12 01/01/2017",
            "2017-01-01T09:00:00+07:00",
            "2017-01-01T07:12:00+07:00",
            1,
            id="a printed time wins over the metadata and is counted",
        ),
    ],
)
def test_the_printed_date_wins_unless_it_is_vaguer(
    printed: str, meta: str, published: str, disagrees: int
) -> None:
    pipeline = build(ArticleDatesPipeline)
    out = pipeline.process_item(raw_item(published_text=printed, published_at=meta))
    assert out["published_at"].isoformat() == published
    assert (stat(pipeline, "hnm/dates/metadata_disagrees") or 0) == disagrees
