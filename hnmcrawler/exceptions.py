"""Exceptions of hnmcrawler. Each docstring says who raises it and who handles it."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class HnmCrawlerError(Exception):
    """Base class of every error hnmcrawler raises on purpose."""


class UsageError(HnmCrawlerError, ValueError):
    """A mistake in what the user asked for: an argument, a setting, a file name.

    Raised by spider arguments (an unknown site or section, a day that is no date), by
    ``dates.parse_day`` and by the commands; ``hnmcrawler`` prints it as one line and exits 2
    (``commands.run``, the one error boundary). A ``ValueError`` too, for ``scrapy crawl``.
    """


class OutputError(HnmCrawlerError):
    """An output file cannot be written: the feed, the report, an export, a dead-letter file.

    Raised by the commands (a path checked before a crawl, an export) with the path and the
    system's reason; ``hnmcrawler`` prints it as one line and exits 4. Inside a crawl the
    writers count ``hnm/output/failed`` and stop the crawl instead (``exits.py``).
    """


class UnknownLayout(HnmCrawlerError):
    """No layout in the registry recognises a page's markup.

    Raised by ``layouts.pick_article_layout`` / ``pick_listing_layout``; spiders count it as
    ``hnm/layout/unknown``, log it once with the URL and go on; ``hnmcrawler extract`` exits 2.
    """

    def __init__(self, url: str, kind: str = "article") -> None:
        super().__init__(f"no known {kind} layout matches {url}")
        self.url = url
        self.kind = kind


class StoreUnavailable(HnmCrawlerError):
    """The article store cannot be reached or written.

    Raised by ``storage`` backends (``open`` at start, ``write_batch`` mid-run). The store
    pipeline stops the crawl when it happens at start and dead-letters the batch mid-run.
    """


class IncompatibleStoreSchema(StoreUnavailable):
    """The article store's database has a schema version this hnmcrawler cannot use.

    Raised by ``storage`` backends in ``open`` when the database is newer than ``SCHEMA_VERSION``
    (or older with no migration). Handled like ``StoreUnavailable`` at start: the crawl stops;
    the fix is to upgrade hnmcrawler or point the storage URI at another database.
    """


class BlockedResponse(IgnoreRequest):
    """A block or challenge page (``blocking.block_kind``) that outlived every retry.

    Raised by ``retry.BackoffRetryMiddleware``; Scrapy hands it to the request's
    errback, where ``HnmSpider.fetch_failed`` / ``listing_failed`` count it
    (``.../not_fetched/blocked_KIND``) and log it: the page is never parsed as an empty feed
    or an unknown layout."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"blocked ({kind}) after every retry: {url}")
        self.kind = kind
        self.url = url


class ArchivedBlockPage(IgnoreRequest):
    """An archive's copy (a request marked ``retry.ARCHIVED_COPY``) whose page is a block or
    challenge page: the archive captured the site's firewall, and retrying the archive
    cannot help. Raised by ``retry.BackoffRetryMiddleware`` instead of a retry; the archive
    spiders' errback tries the article's next capture (``capture_blocked``)."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"archived {kind} page: {url}")
        self.kind = kind
