"""Rows the store refuses for what they hold (``storage/quarantine.py``): the rest of their batch
is stored and they go to the quarantine file, never to dead letters, on every backend; ``store
replay`` quarantines them and finishes; a database that is down is still an outage; a
quarantine file that cannot be written stops the crawl as an output failure."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.extensions.health import Thresholds, check_health
from hnmcrawler.pipelines import StoreArticlePipeline
from hnmcrawler.storage import DeadLetterFile, QuarantineFile, SQLArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import decode_row, replay_file
from hnmcrawler.storage.limits import Violation
from hnmcrawler.storage.quarantine import RejectedRow, write_rows
from hnmcrawler.storage.schema import metadata
from tests.helpers import SEEN, article, read_jsonl
from tests.test_health import report_of
from tests.test_pipelines import feed, raw_item
from tests.test_storage import by_id, fields

TOO_LONG_TITLE = "Tin " * 300  # 1,200 characters: PostgreSQL and MariaDB refused the batch
HUGE_ID = 2**63  # sqlite3 raised OverflowError for the batch; the servers, out of range


def items_with_two_bad_ones() -> list[Any]:
    """Five items of one batch: the second's title is too long, the fourth's id too large."""
    url = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/{}/a"
    items = [raw_item(article_id=n, url=url.format(n)) for n in range(1, 6)]
    items[1]["title"] = TOO_LONG_TITLE
    items[3]["article_id"] = HUGE_ID
    return items


def store_pipeline(uri: str, tmp_path: Path) -> tuple[StoreArticlePipeline, Any]:
    """The store pipeline in front of the store at ``uri``, batches of 10, its dead-letter and
    quarantine files in ``tmp_path``; and its stats."""
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = StoreArticlePipeline(
        SQLArticleStore(url=uri),
        batch_size=10,
        dead_letter=DeadLetterFile(tmp_path / "dead-letter.jsonl"),
        quarantine=QuarantineFile(tmp_path / "quarantine.jsonl"),
        stats=crawler.stats,
    )
    return pipeline, crawler.stats


def test_a_batch_keeps_its_good_rows_and_quarantines_the_bad_ones(
    store_uri: str, open_store: Callable[[str], SQLArticleStore], tmp_path: Path
) -> None:
    pipeline, stats = store_pipeline(store_uri, tmp_path)
    feed(pipeline, items_with_two_bad_ones())
    assert open_store(store_uri).stored_ids("hanoimoi.com.vn", range(1, 6)) == {1, 3, 5}
    assert stats.get_value("hnm/store/new") == 3
    assert stats.get_value("hnm/store/quarantined") == 2
    assert stats.get_value("hnm/store/quarantined/too_long_title") == 1
    assert stats.get_value("hnm/store/quarantined/out_of_range_article_id") == 1
    assert stats.get_value("hnm/store/dead_lettered") is None
    assert not (tmp_path / "dead-letter.jsonl").exists()
    lines = read_jsonl(tmp_path / "quarantine.jsonl")
    assert [line["article_id"] for line in lines] == [2, HUGE_ID]
    assert lines[0]["reason"] == "too_long_title: title has 1,200 characters, at most 1,024"
    assert lines[1]["reason"].startswith("out_of_range_article_id: article_id 922337203685477")


def test_a_quarantine_line_is_the_row_with_its_reason_and_time(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.jsonl"
    row = article(1, title="Hà Nội " + TOO_LONG_TITLE)
    why = Violation("title", "too_long_title", "title has 1,207 characters, at most 1,024")
    surrogate = article(2, sapo="a\ud800")  # no UTF-8 for it: \u escapes keep the line whole
    at = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
    assert QuarantineFile(path).append([RejectedRow(row, why), RejectedRow(surrogate, why)], at=at)
    first, second = path.read_text(encoding="utf-8").splitlines()
    assert "Hà Nội" in first  # UTF-8, not \u escapes
    decoded = decode_row(first)
    assert decoded.pop("reason") == str(why)
    assert decoded.pop("quarantined_at") == "2024-06-01T08:00:00+00:00"
    assert decoded == row  # datetimes come back as dead-letter rows do: a fixed line replays
    assert json.loads(second)["sapo"] == "a\ud800"


def test_rows_the_database_refuses_unnamed_are_found_row_by_row(
    store: SQLArticleStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hnmcrawler.storage.sql.violations", lambda row: [])  # no limits: the
    rows = [article(1), {**article(2), "article_id": HUGE_ID}, article(3)]  # driver refuses
    written = write_rows(store, rows, seen_at=SEEN)
    assert (written.outcomes, written.error, written.unwritten) == (
        [WriteOutcome.NEW] * 2,
        None,
        [],
    )
    [rejected] = written.rejected
    assert rejected.row["article_id"] == HUGE_ID
    expected = "bad_value" if store.url.get_backend_name() == "sqlite" else "refused_by_database"
    assert rejected.violation.code == expected  # sqlite3's OverflowError; the servers' DataError
    assert sorted(by_id(store)) == [1, 3]


def drop_tables(store: SQLArticleStore) -> None:
    """The database goes away from under an open store (its tables are gone)."""
    engine = create_engine(store.url)
    metadata.drop_all(engine)
    engine.dispose()


def test_a_database_that_is_down_still_dead_letters_the_batch(
    store_uri: str, tmp_path: Path
) -> None:
    pipeline, stats = store_pipeline(store_uri, tmp_path)
    pipeline.writer.store.open()  # opened, then the tables go: the database fails mid-run
    drop_tables(pipeline.writer.store)
    feed(pipeline, items_with_two_bad_ones())
    assert stats.get_value("hnm/store/dead_lettered") == 3  # the good rows, for a replay
    assert stats.get_value("hnm/store/quarantined") == 2  # refused before any SQL ran
    assert [r["article_id"] for r in read_jsonl(tmp_path / "dead-letter.jsonl")] == [1, 3, 5]
    assert [r["article_id"] for r in read_jsonl(tmp_path / "quarantine.jsonl")] == [2, HUGE_ID]


def dead_letters_with_two_bad_rows(path: Path) -> None:
    bad = [article(2, title=TOO_LONG_TITLE), {**article(3), "article_id": HUGE_ID}]
    DeadLetterFile(path).append([article(1), *bad, article(4)])


def test_replay_quarantines_a_row_that_cannot_load_and_finishes(
    store: SQLArticleStore, tmp_path: Path
) -> None:
    path = tmp_path / "out" / "dead-letter.jsonl"
    dead_letters_with_two_bad_rows(path)
    assert replay_file(path, store, seen_at=SEEN).written == 2
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "dead-letter.replayed-20240601T080000Z.jsonl",
        "quarantine.jsonl",  # beside the dead-letter file unless told
    ]
    quarantined = read_jsonl(path.parent / "quarantine.jsonl")
    assert [(r["article_id"], r["reason"].split(":")[0]) for r in quarantined] == [
        (2, "too_long_title"),
        (HUGE_ID, "out_of_range_article_id"),
    ]
    assert fields(by_id(store)[4]) == article(4)
    assert replay_file(path, store, seen_at=SEEN).written == 0  # nothing left to loop on
    assert sorted(by_id(store)) == [1, 4]


def test_replay_with_the_database_down_leaves_the_file_and_quarantines_nothing(
    store_uri: str, open_store: Callable[[str], SQLArticleStore], tmp_path: Path
) -> None:
    path = tmp_path / "dead-letter.jsonl"
    dead_letters_with_two_bad_rows(path)
    before = path.read_bytes()
    quarantine = QuarantineFile(tmp_path / "q" / "quarantine.jsonl")
    down = open_store(store_uri)
    drop_tables(down)
    with pytest.raises(StoreUnavailable):
        replay_file(path, down, seen_at=SEEN, quarantine=quarantine)
    assert path.read_bytes() == before
    assert not quarantine.path.exists()
    back = open_store(store_uri)  # the next replay, once the database is back
    assert replay_file(path, back, seen_at=SEEN, quarantine=quarantine).written == 2
    assert len(read_jsonl(quarantine.path)) == 2
    assert not path.exists()


class RunningEngine:
    """Stands in for the engine of a running crawl: records why it was asked to close."""

    running = True

    def __init__(self) -> None:
        self.closed_with: list[str] = []

    async def close_spider_async(self, *, reason: str) -> None:
        self.closed_with.append(reason)


def test_a_quarantine_file_that_cannot_be_written_stops_the_crawl_as_an_output_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("not a folder")
    path = tmp_path / "file" / "quarantine.jsonl"
    threads: list[str] = []
    append = QuarantineFile.append

    def noting_the_thread(self: QuarantineFile, *args: Any, **kwargs: Any) -> int:
        threads.append(threading.current_thread().name)
        return append(self, *args, **kwargs)

    monkeypatch.setattr(QuarantineFile, "append", noting_the_thread)
    settings = {
        "HNM_STORAGE_URI": "sqlite:///" + str(tmp_path / "a.sqlite"),
        "HNM_STORAGE_BATCH_SIZE": 10,
        "HNM_STORAGE_QUEUE_BATCHES": 2,
        "HNM_DEAD_LETTER_PATH": str(tmp_path / "dead-letter.jsonl"),
        "HNM_QUARANTINE_PATH": str(path),
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    crawler.engine = engine = RunningEngine()  # type: ignore[assignment]
    feed(StoreArticlePipeline.from_crawler(crawler), items_with_two_bad_ones())
    assert crawler.stats.get_value("hnm/output/failed").startswith(f"quarantine file {path}: ")
    assert engine.closed_with == ["output_failed"]
    assert crawler.stats.get_value("hnm/store/lost") == 2
    assert crawler.stats.get_value("hnm/store/new") == 3
    assert crawler.stats.get_value("hnm/store/quarantined") is None
    assert [name.startswith("hnm-store") for name in threads] == [True]  # the writer thread


def test_the_report_counts_quarantined_rows_by_reason_and_they_do_not_fail_health() -> None:
    report = report_of(
        **{
            "hnm/store/new": 8,
            "hnm/store/quarantined": 2,
            "hnm/store/quarantined/too_long_title": 1,
            "hnm/store/quarantined/out_of_range_article_id": 1,
        }
    )
    assert report["articles"]["quarantined"] == 2
    assert report["quarantine"] == {"out_of_range_article_id": 1, "too_long_title": 1}
    assert check_health(report, Thresholds()) == []
