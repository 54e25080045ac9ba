"""Common Crawl: which crawls to ask, their index queries and pages, and one WARC record
fetched by range. Pure; the ``commoncrawl`` spider calls it.

The index server (``https://index.commoncrawl.org``, a pywb) has one CDX endpoint a crawl,
``{index}/{crawl}-index``, answering JSON lines with ``filename``, ``offset`` and ``length``
(``cdx.parse_answer`` reads them, ``cdx.RecordPlace``). It pages: ``showNumPages=true``
answers ``{"pages": N, "pageSize": 5, "blocks": M}``, then ``page=0..N-1``. A plain pywb
collection (2.10) ignores both and answers every line at once, to ``showNumPages`` too:
anything but that object is read as one unpaged answer (``page_count``). A query with no
capture answers 404 ``{"error": "No Captures found for: ..."}`` on Common Crawl.

A record is fetched from ``{data}{filename}`` with ``Range: bytes={offset}-{end}`` and read
as our own WARC records are (``warc.reader.response_record``); its ``capture_url`` is
``{data}{filename}#{offset}`` (the file and offset, as ``items.warc_place`` names a record of
our own WARC files).

    >>> place = RecordPlace("crawl-data/CC-MAIN-2024-10/x.warc.gz", 1200, 300)
    >>> record_range(place), capture_url("https://data.commoncrawl.org/", place)
    ('bytes=1200-1499', 'https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/x.warc.gz#1200')
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hnmcrawler.archives.captures import status_reason
from hnmcrawler.archives.cdx import RecordPlace, query_url
from hnmcrawler.blocking import is_html
from hnmcrawler.warc.reader import UNREADABLE, ResponseRecord, response_record


class CollInfoError(ValueError):
    """``collinfo.json`` that is not Common Crawl's list of crawls."""


class RecordError(ValueError):
    """A record that cannot be read (``reason``: ``torn`` or ``unreadable``)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def crawl_query(index_url: str, crawl: str, prefix: str, since: datetime | None) -> str:
    """The index query of ``crawl`` for 200 HTML captures under ``prefix`` (no page yet)."""
    return query_url(f"{index_url.rstrip('/')}/{crawl}-index", prefix, since=since, limit=None)


def page_count(body: bytes) -> int | None:
    """The pages a ``showNumPages=true`` answer announces, or None when it is no such
    object (a server that does not page answered the lines themselves).

    >>> page_count(b'{"pages": 3, "pageSize": 5, "blocks": 11}'), page_count(b'{"url": "x"}')
    (3, None)
    """
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    pages = answer.get("pages") if isinstance(answer, dict) else None
    return pages if isinstance(pages, int) and not isinstance(pages, bool) else None


def no_captures(status: int, body: bytes) -> bool:
    """Common Crawl's answer to a query that matched nothing: a 404 naming it."""
    return status == 404 and b"No Captures found" in body[:512]


def crawls_since(collinfo: bytes, since: datetime | None) -> list[str]:
    """The ids of the crawls of ``collinfo.json`` that may hold a capture of an article
    published from ``since`` on: those that ended on or after it (a capture is never older
    than its article; a later crawl may still hold an older article), newest first.
    ``CollInfoError`` for an answer that is no list of crawls.

    >>> info = b'[{"id": "CC-MAIN-2017-04", "from": "2017-01-16T00:00:00", "to": "2017-01-24"},'
    >>> info += b' {"id": "CC-MAIN-2016-50", "from": "2016-12-02", "to": "2016-12-11T00:00:00"}]'
    >>> crawls_since(info, datetime(2017, 1, 1, tzinfo=UTC)), crawls_since(info, None)
    (['CC-MAIN-2017-04'], ['CC-MAIN-2017-04', 'CC-MAIN-2016-50'])
    """
    try:
        crawls = [(str(c["id"]), _utc(c["from"]), _utc(c["to"])) for c in json.loads(collinfo)]
    except (ValueError, TypeError, KeyError) as exc:
        raise CollInfoError(f"not a list of crawls: {collinfo[:80]!r}") from exc
    newest_first = sorted(crawls, key=lambda crawl: crawl[1], reverse=True)
    return [crawl for crawl, _, end in newest_first if since is None or end >= since]


def _utc(text: Any) -> datetime:
    when = datetime.fromisoformat(str(text))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def record_url(data_url: str, place: RecordPlace) -> str:
    return f"{data_url.rstrip('/')}/{place.filename.lstrip('/')}"


def record_range(place: RecordPlace) -> str:
    return f"bytes={place.offset}-{place.offset + place.length - 1}"


def capture_url(data_url: str, place: RecordPlace) -> str:
    return f"{record_url(data_url, place)}#{place.offset}"


def read_record(data: bytes, place: RecordPlace) -> ResponseRecord | None:
    """The response of the record ``data`` (the range answer's bytes), or None for a record
    of another type; ``RecordError`` for bytes that are not the whole record."""
    if len(data) != place.length:
        raise RecordError("torn", f"{len(data)} bytes, the index says {place.length}")
    try:
        return response_record(data)
    except UNREADABLE as exc:
        raise RecordError("unreadable", f"{type(exc).__name__}: {exc}") from None


def unusable(record: ResponseRecord) -> str | None:
    """Why a record is no article page to read (its HTTP status, no HTML), or None. The
    ``commoncrawl`` spider counts it and tries the next; a page the crawl itself would have
    refused (cut off, blocked) it finds with ``warc.extraction.refused``."""
    if record.status != 200:
        return status_reason(record.status)
    content_type = next((v for k, v in record.headers if k.lower() == "content-type"), "")
    return None if is_html(record.body, content_type) else "not_html"
