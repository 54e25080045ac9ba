"""One archived response -> the article row a crawl would have stored, or why not.

Called by ``hnmcrawler reextract`` in its worker processes (``extract_places``), on the
records its parent picked: 2xx responses of article URLs. The page goes the crawl's way:
the response class and charset Scrapy's downloader would have given it (``page_of``); the
retry middleware's checks, since the WARC keeps every attempt the crawl refused (a page cut
off before ``</html>`` is ``incomplete``: ``retry.is_incomplete``; a challenge or refresh
page served as 200 is ``blocked``: ``blocking.block_kind``), neither of them read; then
``extract.read_article`` (layouts, the generic reader for a page no layout knows, dates
resolved with the record's ``WARC-Date`` as ``fetched_at``; provenance ``warc`` with the
record's place, ``file:<name>#<offset>``, and its ``WARC-Date``), then the crawl's clean-up and
validation pipelines (``extract.EXTRACT_PIPELINES``). Nothing here touches the network or
the store.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.http import Headers, Request, Response, TextResponse
from scrapy.responsetypes import responsetypes

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import EXTRACT_PIPELINES, read_article
from hnmcrawler.items import Provenance, warc_place
from hnmcrawler.middlewares import better_encoding
from hnmcrawler.retry import is_incomplete, response_block_kind
from hnmcrawler.warc.reader import Place, RecordReader, ResponseRecord

logger = logging.getLogger(__name__)

DECODED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
"""Headers that described the payload on the wire, not the decoded body Scrapy hands over."""


@dataclass(frozen=True)
class Extracted:
    """What became of one page: ``row`` (an article) or ``outcome`` says why none."""

    outcome: str  # "article", "unknown_layout", "dropped", "not_text", "unreadable",
    # "incomplete", "blocked"
    row: dict[str, Any] | None = None
    generic: bool = False  # read by the generic reader: no layout knew the page
    counts: dict[str, int] = field(default_factory=dict)  # hnm/... keys the pipelines counted


class _Counts(Counter[str]):
    """The pipelines' stats collector, for one page."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


def page_of(record: ResponseRecord) -> Response:
    """The response Scrapy would have handed the spider: decoded body, matching class,
    the charset ``CharsetMiddleware`` would pick."""
    kept = [(k, v) for k, v in record.headers if k.casefold() not in DECODED_HEADERS]
    headers = Headers(kept)
    cls = responsetypes.from_args(headers=headers, url=record.url, body=record.body)
    response = cls(url=record.url, status=record.status, headers=headers, body=record.body)
    if isinstance(response, TextResponse) and (encoding := better_encoding(response)):
        return response.replace(encoding=encoding)
    return response


def record_provenance(record: ResponseRecord, place: Place) -> Provenance:
    """A WARC record's copy: its file's name (not the folder it was read from, which is this
    machine's) and offset, as a CDX index names it, and its ``WARC-Date``."""
    captured_at = record.date.astimezone(VIETNAM_TZ)
    return Provenance("warc", warc_place(place.path.name, place.offset), captured_at)


def refused(response: Response) -> str | None:
    """``incomplete`` or ``blocked`` for an answer the crawl would have retried and never
    read (``BackoffRetryMiddleware``'s own checks), else None."""
    if is_incomplete(Request(response.url), response):
        return "incomplete"
    if response_block_kind(response) is not None:
        return "blocked"
    return None


def extract_record(record: ResponseRecord, provenance: Provenance) -> Extracted:
    """The cleaned, validated row of an article page, or why there is none."""
    response = page_of(record)
    if (why := refused(response)) is not None:
        return Extracted(why)
    if not isinstance(response, TextResponse):
        return Extracted("not_text")
    try:
        fetched_at = record.date.astimezone(VIETNAM_TZ)
        reading = read_article(response, fetched_at, provenance=provenance)
    except UnknownLayout:
        return Extracted("unknown_layout")
    counts = _Counts()
    item: Any = reading.item
    try:
        for pipeline in EXTRACT_PIPELINES:
            item = pipeline(stats=cast(Any, counts)).process_item(item)
    except DropItem as exc:
        logger.info("Dropped %(why)s", {"why": exc})
        return Extracted("dropped", counts=dict(counts))
    row = dict(ItemAdapter(item).items())
    return Extracted("article", row, reading.unknown is not None, dict(counts))


def extract_places(places: Iterable[Place]) -> list[Extracted]:
    """In a worker process: read each record and extract it. A payload that does not decode
    or a page a layout cannot read is counted (``unreadable``) and logged, never the end of
    the run."""
    results: list[Extracted] = []
    with RecordReader() as reader:
        for place in places:
            results.append(_extract_at(reader, place))
    return results


def _extract_at(reader: RecordReader, place: Place) -> Extracted:
    try:
        record = reader.read(place)
    except Exception as exc:  # whatever a decoder raises (warcio's brotli: AttributeError)
        logger.warning(
            "Record unreadable, skipped: %(where)s: %(error)s", {"where": place, "error": exc}
        )
        return Extracted("unreadable")
    try:
        return extract_record(record, record_provenance(record, place))
    except Exception:  # a page a layout cannot read must not stop the run
        logger.exception("Page not read, skipped: %(url)s", {"url": record.url})
        return Extracted("unreadable")
