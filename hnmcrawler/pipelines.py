"""Item pipelines, one responsibility each, in ``ITEM_PIPELINES`` order:

clean text (100) -> validate (300) -> drop in-run duplicates (400) -> store (800).

An item's dates are resolved once, as its page is read (``extract.read_article``), since the
spiders need them to know where a walk stops. Pipelines call the pure functions of
``text.py``, count what they do under ``hnm/...`` stats keys, and drop with
``DropItem("reason: url")``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.keysets import ArticleSet
from hnmcrawler.markup import unmarkup
from hnmcrawler.outputs import output_failed
from hnmcrawler.sites import is_placeholder_image
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.deadletter import DeadLetterFile
from hnmcrawler.storage.limits import LIMITS, cut_to_fit, violations
from hnmcrawler.storage.quarantine import QuarantineFile
from hnmcrawler.storage.writer import BatchResult, StoreWriter
from hnmcrawler.text import clean_body, clean_text

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from hnmcrawler.storage.base import ArticleStore

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("url", "site", "layout", "section", "subsection", "title", "sapo", "published_text")
# Fields (besides body, authors, tags and captions) that may hold markup from metadata.
MARKUP_FIELDS = frozenset({"section", "subsection", "title", "sapo", "published_text"})


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
    """NFC, white space and invisible characters in every text field; empty list entries out.

    Markup left in a text field (entities and tags: metadata escaped once or twice) is
    repaired with ``markup.unmarkup`` before, counted per field as ``hnm/repaired/<field>``
    (``images`` for captions) and logged once per field; the item is kept. Most fields come
    from the visible page, which lxml has decoded already: prose that shows a tag or a
    comparison (``a<b và c>d``, ``Nhắn <DT> ‹HọTên>``, ``thẻ <br>``) is text, left as it is
    and not counted; tags go only from a value that is HTML (a matched pair such as
    ``<p>…</p>``, a comment, a script) or a block tag glued to its text (``Một.<br>Hai``).
    An image that is a
    site logo or a placeholder (``sites.is_placeholder_image``) is dropped, counted as
    ``hnm/images/placeholder_dropped``.
    """

    def __init__(self, stats: StatsCollector | None = None) -> None:
        super().__init__(stats)
        self.logged: set[str] = set()  # fields whose repair has been logged

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = str(adapter.get("url") or "")
        for name in TEXT_FIELDS:
            value = adapter.get(name)
            if isinstance(value, str):
                value = self._repaired(name, [value], url)[0] if name in MARKUP_FIELDS else value
                adapter[name] = clean_text(value) or (None if name == "subsection" else "")
        if isinstance(adapter.get("body"), str):
            adapter["body"] = clean_body(self._repaired("body", [adapter["body"]], url)[0])
        for name in ("authors", "tags"):
            values = self._repaired(name, list(adapter.get(name) or []), url)
            adapter[name] = [v for v in map(clean_text, values) if v]
        adapter["images"] = self._images(adapter.get("images") or [], url)
        return item

    def _images(self, images: list[dict[str, Any]], url: str) -> list[dict[str, str]]:
        addresses = [clean_text(image.get("url") or "") for image in images]
        captions = self._repaired("images", [i.get("caption") or "" for i in images], url)
        kept = []
        for address, caption in zip(addresses, captions, strict=True):
            if address and is_placeholder_image(address):
                self.inc("hnm/images/placeholder_dropped")
            elif address:
                kept.append({"url": address, "caption": clean_text(caption)})
        return kept

    def _repaired(self, name: str, values: list[str], url: str) -> list[str]:
        """``values`` without markup; a change is counted once per item and logged once."""
        repaired = [unmarkup(value) for value in values]
        if repaired != values:
            self.inc(f"hnm/repaired/{name}")
            if name not in self.logged:
                self.logged.add(name)
                logger.warning(
                    "Markup (entities or tags) repaired in %(field)s, first at %(url)s; "
                    "counted as hnm/repaired/%(field)s",
                    {"field": name, "url": url},
                )
        return repaired


REQUIRED_FIELDS = ("url", "article_id", "title", "body")


class ValidateArticlePipeline(_Counting):
    """Drop an item without url, article_id, title or a non-empty body, or one the article
    store would refuse (``storage/limits.py``, the same limits on every backend); count per
    reason as ``hnm/dropped/<reason>`` (``missing_title``, ``too_long_title``,
    ``out_of_range_article_id``...).

    Only ``published_text`` (the date as printed; ``published_at`` holds the date) is cut to
    fit instead, counted as ``hnm/cut/published_text``. Any other field over its limit is a
    page read wrongly (a 1,025-character title, a 129-character section, a 64 KB sapo), and a
    cut value would be stored as if it were right.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter.get("url") or "<no url>"
        for name in REQUIRED_FIELDS:
            if adapter.get(name) in (None, "", 0):
                self.inc(f"hnm/dropped/missing_{name}")
                raise DropItem(f"missing {name}: {url}")
        for violation in violations(adapter):
            limit = LIMITS[violation.name]
            if limit.cut and violation.code == f"too_long_{limit.name}":
                adapter[limit.name] = cut_to_fit(limit, adapter[limit.name])
                self.inc(f"hnm/cut/{limit.name}")
                continue
            self.inc(f"hnm/dropped/{violation.code}")
            raise DropItem(f"{violation.code} ({violation.detail}): {url}")
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
    down at start stops the crawl; a batch that fails mid-run goes to the dead-letter file
    (``HNM_DEAD_LETTER_PATH``) for ``hnmcrawler store replay``: no item is lost. An outage is
    logged once, when it starts (ERROR), and once when the store is back. A row the store
    refuses for what it holds is no outage: the rest of its batch is stored, the row goes to
    the quarantine file (``HNM_QUARANTINE_PATH``), counted as ``hnm/store/quarantined`` and
    ``hnm/store/quarantined/<reason>``, one WARNING per batch.
    """

    def __init__(
        self,
        store: ArticleStore,
        *,
        batch_size: int = 200,
        max_queued: int = 2,
        dead_letter: DeadLetterFile | None = None,
        quarantine: QuarantineFile | None = None,
        stats: StatsCollector | None = None,
        on_output_failed: Callable[[str, OSError], None] | None = None,
    ) -> None:
        super().__init__(stats)
        self.writer = StoreWriter(store, dead_letter, quarantine=quarantine, max_queued=max_queued)
        self.on_output_failed = on_output_failed  # for a dead-letter or quarantine file
        self.batch_size = batch_size
        self.dead_letter = dead_letter
        self.quarantine = quarantine
        self.pending: list[dict[str, Any]] = []
        self.failing = False  # the last batch failed: an outage was logged and is going on

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        uri = settings.get("HNM_STORAGE_URI")
        if not uri:
            raise NotConfigured("HNM_STORAGE_URI is empty: articles are not stored")
        dead_letter = settings.get("HNM_DEAD_LETTER_PATH")
        quarantine = settings.get("HNM_QUARANTINE_PATH")
        return cls(
            store_from_uri(uri),
            batch_size=settings.getint("HNM_STORAGE_BATCH_SIZE"),
            max_queued=settings.getint("HNM_STORAGE_QUEUE_BATCHES"),
            dead_letter=DeadLetterFile(Path(dead_letter)) if dead_letter else None,
            quarantine=QuarantineFile(Path(quarantine)) if quarantine else None,
            stats=crawler.stats,
            on_output_failed=partial(output_failed, crawler),
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
            if result.rejected:
                self._quarantined(result)
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
        if self.stats is not None:  # counted dead-lettered only once they are on disk
            kept = "dead_lettered" if result.dead_lettered else "lost"
            self.stats.inc_value(f"hnm/store/{kept}", result.unwritten)
        if result.dead_letter_error is not None and self.dead_letter is not None:
            if self.on_output_failed is not None:
                self.on_output_failed(
                    f"dead-letter file {self.dead_letter.path}", result.dead_letter_error
                )
            return
        where = self.dead_letter.path if self.dead_letter else "nowhere (they are lost)"
        if self.failing:  # the outage is logged already; the stats count every batch
            logger.debug(
                "Store still failing, %(n)d more articles to %(where)s",
                {"n": result.unwritten, "where": where},
            )
            return
        self.failing = True
        error = result.error
        logger.error(
            "Store failed, articles go to %(where)s until it is back: %(error)s",
            {"where": where, "error": error},
            exc_info=None if isinstance(error, StoreUnavailable) else error,
        )

    def _quarantined(self, result: BatchResult) -> None:
        """Count the rows the store refused: in the quarantine file, or lost."""
        n, reasons = len(result.rejected), Counter(result.rejected)
        listed = ", ".join(f"{code} x{count}" for code, count in sorted(reasons.items()))
        if result.quarantined and self.quarantine is not None:
            self._add("hnm/store/quarantined", n)
            for code, count in reasons.items():
                self._add(f"hnm/store/quarantined/{code}", count)
            logger.warning(
                "Store refused %(n)d articles for their data (%(reasons)s), kept in %(path)s",
                {"n": n, "reasons": listed, "path": self.quarantine.path},
            )
            return
        self._add("hnm/store/lost", n)
        error = result.quarantine_error
        if error is not None and self.quarantine is not None and self.on_output_failed:
            self.on_output_failed(f"quarantine file {self.quarantine.path}", error)
            return
        logger.error(
            "Store refused %(n)d articles for their data (%(reasons)s), and they are lost: %(why)s",
            {"n": n, "reasons": listed, "why": error or "HNM_QUARANTINE_PATH is empty"},
        )

    def _add(self, key: str, count: int) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
