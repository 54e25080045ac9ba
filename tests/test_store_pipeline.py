"""The store pipeline counts an article dead-lettered only once it is on disk."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.pipelines import StoreArticlePipeline
from hnmcrawler.storage import WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile


class DownStore:
    """A store whose every write fails, as a database that went away."""

    def open(self) -> None:
        pass

    def write_batch(self, rows: Sequence[Any], *, seen_at: datetime) -> list[WriteOutcome]:
        raise StoreUnavailable("connection lost")

    def close(self) -> None:
        pass


def row(article_id: int) -> dict[str, Any]:
    return {"url": f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/{article_id}/x",
            "site": "hanoimoi.com.vn", "article_id": article_id}  # fmt: skip


def test_a_dead_letter_file_on_a_full_disk_is_an_output_failure_not_a_dead_letter(
    tmp_path: Path,
) -> None:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    failures: list[str] = []
    pipeline = StoreArticlePipeline(
        DownStore(),  # type: ignore[arg-type]
        batch_size=2,
        dead_letter=DeadLetterFile(Path("/dev/full")),  # every write: ENOSPC
        stats=crawler.stats,
        on_output_failed=lambda what, error: failures.append(f"{what}: {error.strerror}"),
    )

    async def feed() -> None:
        await pipeline.open_spider()
        for n in range(1, 5):
            await pipeline.process_item(row(n))
        await pipeline.close_spider()

    asyncio.run(feed())
    assert crawler.stats.get_value("hnm/store/dead_lettered") is None
    assert crawler.stats.get_value("hnm/store/lost") == 4
    assert failures[0] == "dead-letter file /dev/full: No space left on device"
