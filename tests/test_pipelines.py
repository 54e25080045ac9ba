"""Pipelines built through Scrapy's test crawler: what they keep, drop and count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import ArticleItem
from hnmcrawler.pipelines import (
    CleanTextPipeline,
    DuplicateArticlePipeline,
    ValidateArticlePipeline,
)

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
