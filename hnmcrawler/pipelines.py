"""Item pipelines, one responsibility each, in ``ITEM_PIPELINES`` order:

clean text (100) -> validate (300) -> drop in-run duplicates (400) -> store (800).

An item's dates are resolved once, as its page is read (``extract.read_article``), since the
spiders need them to know where a walk stops. Pipelines call the pure functions of
``text.py``, count what they do under ``hnm/...`` stats keys, and drop with
``DropItem("reason: url")``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.keysets import ArticleSet
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.deadletter import DeadLetterFile
from hnmcrawler.storage.writer import BatchResult, StoreWriter
from hnmcrawler.text import clean_body, clean_text

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from hnmcrawler.storage.base import ArticleStore

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("url", "site", "layout", "section", "subsection", "title", "sapo", "published_text")


class _Counting:
    """Base for pipelines that only need the crawl stats."""

    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(stats=crawler.stats)

    def inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


class CleanTextPipeline(_Counting):
    """NFC, white space and invisible characters in every text field; empty list entries out."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in TEXT_FIELDS:
            value = adapter.get(name)
            if isinstance(value, str):
                adapter[name] = clean_text(value) or (None if name == "subsection" else "")
        if isinstance(adapter.get("body"), str):
            adapter["body"] = clean_body(adapter["body"])
        for name in ("authors", "tags"):
            adapter[name] = [v for v in map(clean_text, adapter.get(name) or []) if v]
        adapter["images"] = [
            {"url": clean_text(image["url"]), "caption": clean_text(image.get("caption") or "")}
            for image in adapter.get("images") or []
            if image.get("url")
        ]
        return item


REQUIRED_FIELDS = ("url", "article_id", "title", "body")


class ValidateArticlePipeline(_Counting):
    """Drop an item without url, article_id, title or a non-empty body; count per reason."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED_FIELDS:
            if adapter.get(name) in (None, "", 0):
                self.inc(f"hnm/dropped/missing_{name}")
                raise DropItem(f"missing {name}: {adapter.get('url') or '<no url>'}")
        return item


class DuplicateArticlePipeline(_Counting):
    """Drop the second sighting of an article key (site + article_id) within one run.

    Across runs the store decides (unchanged, new revision); this only keeps one run's
    output, feeds included, free of repeats.
    """

    def __init__(self, stats: StatsCollector | None = None) -> None:
        super().__init__(stats)
        self.seen = ArticleSet()  # one bit an article: flat however long the run

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        site, article_id = str(adapter["site"]), int(adapter["article_id"])
        if self.seen.has_key(site, article_id):
            self.inc("hnm/articles/duplicate")
            raise DropItem(f"duplicate: {adapter['url']}", log_level="INFO")
        self.seen.add_key(site, article_id)
        return item


class StoreArticlePipeline(_Counting):
    """Write items to the article store (``HNM_STORAGE_URI``) in batches, off the reactor.

    Batches of ``HNM_STORAGE_BATCH_SIZE`` go to ``storage.writer.StoreWriter``: one worker
    thread writes them in order, at most ``HNM_STORAGE_QUEUE_BATCHES`` waiting. The store
    decides new / updated / unchanged (counted as ``hnm/store/<outcome>``). A store that is
    down at start stops the crawl; a batch that fails mid-run goes whole to the dead-letter
    file (``HNM_DEAD_LETTER_PATH``) for ``hnmcrawler store replay``: no item is lost. An
    outage is logged once, when it starts (ERROR), and once when the store is back.
    """

    def __init__(
        self,
        store: ArticleStore,
        *,
        batch_size: int = 200,
        max_queued: int = 2,
        dead_letter: DeadLetterFile | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        super().__init__(stats)
        self.writer = StoreWriter(store, dead_letter, max_queued=max_queued)
        self.batch_size = batch_size
        self.dead_letter = dead_letter
        self.pending: list[dict[str, Any]] = []
        self.failing = False  # the last batch failed: an outage was logged and is going on

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        uri = settings.get("HNM_STORAGE_URI")
        if not uri:
            raise NotConfigured("HNM_STORAGE_URI is empty: articles are not stored")
        dead_letter = settings.get("HNM_DEAD_LETTER_PATH")
        return cls(
            store_from_uri(uri),
            batch_size=settings.getint("HNM_STORAGE_BATCH_SIZE"),
            max_queued=settings.getint("HNM_STORAGE_QUEUE_BATCHES"),
            dead_letter=DeadLetterFile(Path(dead_letter)) if dead_letter else None,
            stats=crawler.stats,
        )

    async def open_spider(self) -> None:
        try:
            await self.writer.open()
        except StoreUnavailable as exc:
            # One clear line; the exception then stops the crawl with a non-zero exit.
            logger.error("Article store unavailable, crawl stopped: %(error)s", {"error": exc})
            raise

    async def process_item(self, item: Any) -> Any:
        # A shallow copy: the item is not changed after this stage, and asdict()'s deep one
        # cost more than the store's write.
        self.pending.append(dict(ItemAdapter(item).items()))
        if len(self.pending) >= self.batch_size:
            rows, self.pending = self.pending, []
            self._count(await self.writer.submit(rows))
        return item

    async def close_spider(self) -> None:
        try:
            if self.pending:
                rows, self.pending = self.pending, []
                self._count(await self.writer.submit(rows))
            self._count(await self.writer.drain())
        finally:
            await self.writer.close()

    def _count(self, results: list[BatchResult]) -> None:
        for result in results:
            if result.error is not None:
                self._dead_lettered(result)
                continue
            if self.failing:
                self.failing = False
                logger.warning("Article store is back; batches are stored again")
            for outcome in result.outcomes:
                self.inc(f"hnm/store/{outcome.value}")

    def _dead_lettered(self, result: BatchResult) -> None:
        self.inc("hnm/store/failed_batches")
        if self.stats is not None:
            self.stats.inc_value("hnm/store/dead_lettered", result.size)
        where = self.dead_letter.path if self.dead_letter else "nowhere (they are lost)"
        if self.failing:  # the outage is logged already; the stats count every batch
            logger.debug(
                "Store still failing, %(n)d more articles to %(where)s",
                {"n": result.size, "where": where},
            )
            return
        self.failing = True
        error = result.error
        logger.error(
            "Store failed, articles go to %(where)s until it is back: %(error)s",
            {"where": where, "error": error},
            exc_info=None if isinstance(error, StoreUnavailable) else error,
        )
