"""Item pipelines, one responsibility each, in ``ITEM_PIPELINES`` order:

clean text (100) -> dates (200) -> validate (300) -> drop in-run duplicates (400) -> store (800).

Pipelines call the pure functions of ``text.py`` and ``dates.py``, count what they do under
``hnm/...`` stats keys, and drop with ``DropItem("reason: url")``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from hnmcrawler import dates
from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.keysets import ArticleSet
from hnmcrawler.text import clean_body, clean_text

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from hnmcrawler.storage.base import ArticleStore
    from hnmcrawler.storage.deadletter import DeadLetterFile

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


class ArticleDatesPipeline(_Counting):
    """``published_at`` / ``updated_at`` from the printed date and the page's metadata.

    Layouts leave dates as text: ``published_text`` as printed, and in ``published_at`` /
    ``updated_at`` whatever machine-readable value the page carries (meta tags). The printed
    date wins; a metadata date fills a gap; disagreements and contradicting weekdays are
    counted, never hidden. Relative dates ("2 giờ trước") resolve against ``fetched_at``.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        now = adapter.get("fetched_at")
        now = now if isinstance(now, datetime) else None
        text = adapter.get("published_text") or ""
        printed = self._parse(text, now)
        meta = self._parse(adapter.get("published_at"), now)
        published, disagree = dates.choose_published(text, printed, meta)
        if disagree:
            self.inc("hnm/dates/metadata_disagrees")
        if published is None:
            self.inc("hnm/dates/unparsed")
            logger.warning(
                "Unparsed date %(text)r: %(url)s",
                {"text": adapter.get("published_text"), "url": adapter.get("url")},
            )
        else:
            self.inc("hnm/dates/parsed")
            if printed and dates.weekday_mismatch(text, printed):
                self.inc("hnm/dates/weekday_mismatch")
        adapter["published_at"] = published
        adapter["updated_at"] = self._parse(adapter.get("updated_at"), now)
        return item

    @staticmethod
    def parse(value: Any, now: datetime | None) -> datetime | None:
        """A date field as the layout left it (text, datetime or None) -> aware or None."""
        return ArticleDatesPipeline._parse(value, now)

    @staticmethod
    def _parse(value: Any, now: datetime | None) -> datetime | None:
        if isinstance(value, datetime):
            return value.astimezone(dates.VIETNAM_TZ) if value.tzinfo else None
        if isinstance(value, str) and value.strip():
            return dates.parse_vietnamese_datetime(value, now=now)
        return None


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
    """Write items to the article store (``HNM_STORAGE_URI``) in batched transactions.

    The store decides new / updated / unchanged (counted as ``hnm/store/<outcome>``). A store
    that is down at start stops the crawl; a batch that fails mid-run goes whole to the
    dead-letter file (``HNM_DEAD_LETTER_PATH``) for ``hnmcrawler store replay``: no item is lost.
    An outage is logged once, when it starts (ERROR), and once when the store is back.
    """

    def __init__(
        self,
        store: ArticleStore,
        *,
        batch_size: int = 200,
        dead_letter: DeadLetterFile | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        super().__init__(stats)
        self.store = store
        self.batch_size = batch_size
        self.dead_letter = dead_letter
        self.pending: list[dict[str, Any]] = []
        self.failing = False  # the last batch failed: an outage was logged and is going on

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from pathlib import Path

        from scrapy.exceptions import NotConfigured

        from hnmcrawler.storage import store_from_uri
        from hnmcrawler.storage.deadletter import DeadLetterFile

        settings = crawler.settings
        uri = settings.get("HNM_STORAGE_URI")
        if not uri:
            raise NotConfigured("HNM_STORAGE_URI is empty: articles are not stored")
        dead_letter = settings.get("HNM_DEAD_LETTER_PATH")
        return cls(
            store_from_uri(uri),
            batch_size=settings.getint("HNM_STORAGE_BATCH_SIZE"),
            dead_letter=DeadLetterFile(Path(dead_letter)) if dead_letter else None,
            stats=crawler.stats,
        )

    def open_spider(self) -> None:
        try:
            self.store.open()
        except StoreUnavailable as exc:
            # One clear line; the exception then stops the crawl with a non-zero exit.
            logger.error("Article store unavailable, crawl stopped: %(error)s", {"error": exc})
            raise

    def process_item(self, item: Any) -> Any:
        # A shallow copy: the item is not changed after this stage, and asdict()'s deep one
        # cost more than the store's write.
        self.pending.append(dict(ItemAdapter(item).items()))
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        try:
            self.flush()
        finally:
            self.store.close()

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        try:
            outcomes = self.store.write_batch(rows, seen_at=datetime.now(dates.VIETNAM_TZ))
        except StoreUnavailable as exc:
            self._dead_letter(rows, exc)
            return
        if self.failing:
            self.failing = False
            logger.warning("Article store is back; batches are stored again")
        for outcome in outcomes:
            self.inc(f"hnm/store/{outcome.value}")

    def _dead_letter(self, rows: list[dict[str, Any]], exc: Exception) -> None:
        self.inc("hnm/store/failed_batches")
        if self.stats is not None:
            self.stats.inc_value("hnm/store/dead_lettered", len(rows))
        if self.dead_letter is not None:
            self.dead_letter.append(rows)
        where = self.dead_letter.path if self.dead_letter else "nowhere (they are lost)"
        if self.failing:  # the outage is logged already; the stats count every batch
            logger.debug(
                "Store still failing, %(n)d more articles to %(where)s",
                {"n": len(rows), "where": where},
            )
            return
        self.failing = True
        logger.error(
            "Store failed, articles go to %(where)s until it is back: %(error)s",
            {"where": where, "error": exc},
        )
