"""``pipelines.py``, built through Scrapy's test crawler or its constructor: what each pipeline
keeps, drops and counts; the store pipeline's batches on a store that fails (the dead-letter
file, one log line when an outage starts and one when it ends). Crawls into a real store are
in ``e2e/test_store.py``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.items import ArticleItem
from hnmcrawler.pipelines import (
    CleanTextPipeline,
    DuplicateArticlePipeline,
    StoreArticlePipeline,
    ValidateArticlePipeline,
)
from hnmcrawler.storage import SQLArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile, replay_file
from tests.helpers import read_jsonl

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


ESCAPED = {  # what a page no layout knows gives from once- or double-escaped metadata
    "section": "X&amp;#227; h&amp;#7897;i",
    "subsection": "<span>Giao th&#244;ng</span>",
    "title": "Xu&#226;n B&#236;nh khai tr&#432;&#417;ng ch&#7907;",
    "sapo": "&lt;p&gt;Ng&#224;y 23-8, gi&#225; &amp;lt; 5 tri&#7879;u.&lt;/p&gt;",
    "body": "<p>M&#7897;t.</p><p>&gt;&gt; B&#224;i kh&#225;c</p><p>Hai &amp; ba.</p>",
    "authors": ["Ho&#224;ng L&#226;n", "Minh Phương"],
    "tags": ["ch&#7907;", "<b>Hà Nội</b>"],
    "images": [{"url": "https://hnm.1cdn.vn/2025/08/23/a.jpg", "caption": "&#7842;nh: PV"}],
}
REPAIRED = {
    "section": "Xã hội",
    "subsection": "Giao thông",
    "title": "Xuân Bình khai trương chợ",
    "sapo": "Ngày 23-8, giá < 5 triệu.",
    "body": "Một.\n\nHai & ba.",
    "authors": ["Hoàng Lân", "Minh Phương"],
    "tags": ["chợ", "Hà Nội"],
    "images": [{"url": "https://hnm.1cdn.vn/2025/08/23/a.jpg", "caption": "Ảnh: PV"}],
}


def test_markup_left_in_any_text_field_is_repaired_counted_and_logged_once_per_field(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pipeline = build(CleanTextPipeline)
    with caplog.at_level(logging.WARNING, logger="hnmcrawler.pipelines"):
        first = pipeline.process_item(raw_item(**ESCAPED))
        pipeline.process_item(raw_item(**ESCAPED, article_id=2))
        pipeline.process_item(raw_item(article_id=3))  # clean: nothing counted
    assert {name: first[name] for name in REPAIRED} == REPAIRED
    assert {name: stat(pipeline, f"hnm/repaired/{name}") for name in ESCAPED} == dict.fromkeys(
        ESCAPED, 2
    )
    assert len(caplog.records) == len(ESCAPED)  # one line per field, not per item
    assert build(ValidateArticlePipeline).process_item(first) is first


def test_clean_text_without_markup_counts_no_repair() -> None:
    pipeline = build(CleanTextPipeline)
    pipeline.process_item(raw_item(title="Sở Tài chính & Kế hoạch", sapo="AT&T; giá < 5 triệu"))
    assert not [k for k in pipeline.stats.get_stats() if k.startswith("hnm/repaired/")]


PAGE_PROSE = {  # visible page text (lxml decoded it already) that only looks like markup
    "title": "Nhắn <DT> ‹HọTên> gửi 8085 để nhận kết quả",
    "sapo": "Bất đẳng thức đúng với điều kiện a<b và c>d.",
    "body": "Thẻ <br> dùng để xuống dòng.\n\nGõ <p> rồi Enter.\n\n-> Bước 1: Truy cập cổng"
    " dịch vụ công quốc gia\n\n→ 25 triệu đồng\n\nA+",
    "authors": ["Tuấn Việt"],
    "tags": ["HTML <br>"],
    "images": [{"url": "https://hnm.1cdn.vn/2025/08/23/a.jpg", "caption": "Điểm a<b và c>d"}],
}


def test_page_prose_that_looks_like_markup_is_kept_and_counts_no_repair() -> None:
    pipeline = build(CleanTextPipeline)
    out = pipeline.process_item(raw_item(**PAGE_PROSE))
    assert {name: out[name] for name in PAGE_PROSE} == PAGE_PROSE
    assert not [k for k in pipeline.stats.get_stats() if k.startswith("hnm/repaired/")]


def test_logos_and_placeholders_are_no_article_images() -> None:
    images = [
        {"url": "https://hnm.1cdn.vn/assets/images/logo-hnm-share.png", "caption": ""},
        {"url": "https://hnm.1cdn.vn/2026/02/20/hnm-1266648-1.jpg", "caption": "Ảnh: PV"},
        {"url": "data:image/gif;base64,R0lGODlhAQABAAAAACw=", "caption": ""},
        {"url": "https://hanoimoi.vn/images/no-image.jpg", "caption": ""},
    ]
    pipeline = build(CleanTextPipeline)
    out = pipeline.process_item(raw_item(images=images))
    assert out["images"] == [images[1]]
    assert stat(pipeline, "hnm/images/placeholder_dropped") == 3


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


# --- The store pipeline on a store that fails ------------------------------------------------


def feed(pipeline: StoreArticlePipeline, items: list[Any]) -> None:
    """Open the pipeline, pass it the items, close it: as a crawl would, in an event loop."""

    async def run() -> None:
        await pipeline.open_spider()
        for item in items:
            await pipeline.process_item(item)
        await pipeline.close_spider()

    asyncio.run(run())


class FailingStore:
    """A store whose writes fail, as a database that went away mid-run."""

    def open(self) -> None:
        pass

    def write_batch(self, rows: Sequence[Any], *, seen_at: datetime) -> list[WriteOutcome]:
        raise StoreUnavailable("connection lost")

    def close(self) -> None:
        pass


def test_a_batch_the_store_refuses_goes_to_the_dead_letter_file_and_replays(
    tmp_path: Path,
) -> None:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    dead = DeadLetterFile(tmp_path / "dead.jsonl")
    pipeline = StoreArticlePipeline(
        FailingStore(),
        batch_size=2,
        dead_letter=dead,  # type: ignore[arg-type]
        stats=crawler.stats,
    )
    feed(pipeline, [raw_item(article_id=n, published_at=None) for n in range(1, 6)])
    assert crawler.stats.get_value("hnm/store/dead_lettered") == 5
    assert len(read_jsonl(dead.path)) == 5

    store = SQLArticleStore(url=f"sqlite:///{tmp_path / 'a.sqlite'}")
    store.open()
    assert replay_file(dead.path, store, seen_at=datetime.now().astimezone()).written == 5
    assert store.count() == 5
    store.close()


class FlakyStore(FailingStore):
    """A store that is down for some batches (by number, from 1) and takes the others."""

    def __init__(self, down: set[int]) -> None:
        self.down = down
        self.batches = 0

    def write_batch(self, rows: Sequence[Any], *, seen_at: datetime) -> list[WriteOutcome]:
        self.batches += 1
        if self.batches in self.down:
            raise StoreUnavailable("cannot write 2 articles to article store: connection lost")
        return [WriteOutcome.NEW] * len(rows)


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    dead = DeadLetterFile(tmp_path / "dead.jsonl")
    pipeline = StoreArticlePipeline(
        FlakyStore(down={2, 3, 4, 6}),
        batch_size=2,
        dead_letter=dead,  # type: ignore[arg-type]
        stats=crawler.stats,
    )
    with caplog.at_level(logging.INFO, logger="hnmcrawler.pipelines"):
        feed(pipeline, [raw_item(article_id=n, published_at=None) for n in range(1, 15)])
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    failed = f"Store failed, articles go to {dead.path} until it is back: cannot write 2"
    back = ("WARNING", "Article store is back; batches are stored again")
    assert [level for level, _ in messages] == ["ERROR", "WARNING", "ERROR", "WARNING"]
    assert messages[0][1].startswith(failed)
    assert messages[1] == back
    assert messages[3] == back
    assert [row["article_id"] for row in read_jsonl(dead.path)] == [3, 4, 5, 6, 7, 8, 11, 12]
    assert crawler.stats.get_value("hnm/store/failed_batches") == 4
    assert crawler.stats.get_value("hnm/store/dead_lettered") == 8
    assert crawler.stats.get_value("hnm/store/new") == 6


def test_a_dead_letter_file_on_a_full_disk_is_an_output_failure_not_a_dead_letter() -> None:
    """An article counts as dead-lettered only once it is on disk."""
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    failures: list[str] = []
    pipeline = StoreArticlePipeline(
        FailingStore(),  # type: ignore[arg-type]
        batch_size=2,
        dead_letter=DeadLetterFile(Path("/dev/full")),  # every write: ENOSPC
        stats=crawler.stats,
        on_output_failed=lambda what, error: failures.append(f"{what}: {error.strerror}"),
    )
    feed(pipeline, [raw_item(article_id=n, published_at=None) for n in range(1, 5)])
    assert crawler.stats.get_value("hnm/store/dead_lettered") is None
    assert crawler.stats.get_value("hnm/store/lost") == 4
    assert failures[0] == "dead-letter file /dev/full: No space left on device"
