"""The store seen through crawls: exactly once across runs, revisions, dead letters, export."""

from __future__ import annotations

import asyncio
import logging
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.pipelines import StoreArticlePipeline
from hnmcrawler.storage import SQLArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile, replay
from tests.conftest import MIRROR, read_jsonl, run_scrapy
from tests.test_pipelines import raw_item

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0.05"]


def crawl_into(db: Path, mirror_url: str, cwd: Path, *args: str) -> str:
    result = run_scrapy(
        ["crawl", "archive", *FAST, *args],
        cwd=cwd,
        env={"HNM_MIRROR": mirror_url, "HNM_STORAGE_URI": f"sqlite:///{db}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


@pytest.fixture
def own_mirror(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A private copy of the mirror that a test may edit between crawls."""
    from hnmcrawler.mirror.server import MirrorServer

    root = tmp_path / "site"
    shutil.copytree(MIRROR, root)
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield root, server.url
        server.shutdown()


@pytest.mark.e2e
def test_two_crawls_store_each_article_once_and_a_changed_page_becomes_revision_2(
    own_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    root, url = own_mirror
    db = tmp_path / "a.sqlite"
    args = ("-a", "sections=Kinh-te")
    first = crawl_into(db, url, tmp_path, *args)
    assert "'hnm/store/new': 30" in first

    page = next((root / "hanoimoi.com.vn" / "Tin-tuc" / "Kinh-te").glob("*/*"))
    article_id = int(page.parent.name)
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<p>", "<p>Cập nhật: ", 1), encoding="utf-8")

    second = crawl_into(db, url, tmp_path, *args)
    assert "'hnm/store/unchanged': 29" in second
    assert "'hnm/store/updated': 1" in second
    assert rows(db, "select count(*), count(distinct article_id) from articles") == [(30, 30)]
    assert rows(db, f"select revision from articles where article_id = {article_id}") == [(2,)]
    history = rows(
        db, f"select revision, body from article_revisions where article_id = {article_id}"
    )
    assert len(history) == 1
    assert history[0][0] == 1
    assert "Cập nhật" not in history[0][1]
    assert rows(db, "select count(*) from articles where last_seen_at > first_seen_at") == [(30,)]


@pytest.mark.e2e
def test_a_store_that_is_down_at_start_stops_the_crawl_with_one_clear_line(
    own_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    _, url = own_mirror
    result = run_scrapy(
        ["crawl", "archive", "-a", "sections=Kinh-te", *FAST],
        cwd=tmp_path,
        env={"HNM_MIRROR": url, "HNM_STORAGE_URI": "postgresql://postgres:s3cret@127.0.0.1:1/test"},
    )
    assert result.returncode != 0
    assert "Article store unavailable, crawl stopped: cannot open article store" in result.stderr
    assert "s3cret" not in result.stderr


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
    assert replay(dead.path, store, seen_at=datetime.now().astimezone()) == 5
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


@pytest.mark.e2e
def test_export_writes_what_the_store_holds(own_mirror: tuple[Path, str], tmp_path: Path) -> None:
    _, url = own_mirror
    db = tmp_path / "a.sqlite"
    crawl_into(db, url, tmp_path, "-a", "sections=Xa-hoi", "-a", "max_pages=1")
    for fmt in ("jsonl", "csv"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "hnmcrawler",
                "export",
                "--db",
                f"sqlite:///{db}",
                "--format",
                fmt,
                "--out",
                str(tmp_path / f"out.{fmt}"),
                "--section",
                "Xã hội",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 10  # the cross-listed Kinh tế story is not
    header = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("url,site,article_id,layout,section,subsection,title,sapo,body")
