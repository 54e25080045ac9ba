"""ArticleItem: the one output schema of hnmcrawler.

Field order is export order (JSON Lines, CSV, database columns). Datetimes are aware
``datetime`` objects inside the crawl; exporters and stores write them as ISO 8601 with
``+07:00``. Every text field is Unicode NFC with collapsed white space (see ``text.py``).

Every item says where its copy of the page came from (``Provenance``): ``source`` is ``live``
(the site itself), ``wayback`` (a Wayback Machine or pywb replay), ``commoncrawl`` (a Common
Crawl record) or ``warc`` (a WARC file read by ``hnmcrawler reextract``); ``capture_url`` and
``captured_at`` say which archived copy it was (None for ``live``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import scrapy


def iso8601(value: Any) -> Any:
    """Serializer for datetime fields: ISO 8601 text, anything else unchanged."""
    return value.isoformat() if isinstance(value, datetime) else value


class ArticleItem(scrapy.Item):
    url = scrapy.Field()  # the article's real URL on the site, canonical form
    site = scrapy.Field()  # "hanoimoi.com.vn" or "hanoimoi.vn"
    article_id = scrapy.Field()  # the site's numeric id (int); key = site + article_id
    layout = scrapy.Field()  # the layout era that parsed the page, e.g. "era_2017"
    section = scrapy.Field()  # top-level section display name, e.g. "Đô thị"
    subsection = scrapy.Field()  # more specific section, e.g. "Giao thông", or None
    title = scrapy.Field()  # full headline; a kicker line joined with one space
    sapo = scrapy.Field()  # the lead paragraph
    body = scrapy.Field()  # article text, paragraphs joined by one blank line
    authors = scrapy.Field()  # list[str]
    tags = scrapy.Field()  # list[str]
    images = scrapy.Field()  # list[{"url": str, "caption": str}], lead image first
    published_text = scrapy.Field()  # the date text as printed on the page
    published_at = scrapy.Field(serializer=iso8601)  # aware datetime or None
    updated_at = scrapy.Field(serializer=iso8601)  # aware datetime or None
    fetched_at = scrapy.Field(serializer=iso8601)  # aware datetime of the download
    source = scrapy.Field()  # where the copy was read: "live", "wayback", "commoncrawl", "warc"
    capture_url = scrapy.Field()  # the archive's URL of the copy, "file:<name>#<offset>", or None
    captured_at = scrapy.Field(serializer=iso8601)  # aware datetime of the capture, or None


ARTICLE_FIELDS: tuple[str, ...] = tuple(ArticleItem.fields)
"""Field names in export order (``scrapy.Item`` keeps declaration order)."""

DATETIME_FIELDS: tuple[str, ...] = ("published_at", "updated_at", "fetched_at", "captured_at")
LIST_FIELDS: tuple[str, ...] = ("authors", "tags", "images")
PROVENANCE_FIELDS: tuple[str, ...] = ("source", "capture_url", "captured_at")

SOURCES: Final = ("live", "wayback", "commoncrawl", "warc")
"""Every value of ``source``; ``live`` is the only one without a capture."""


@dataclass(frozen=True)
class Provenance:
    """Where one copy of an article page came from; ``extract.read_article`` sets it on the item.

    ``ValueError`` for an unknown source, a capture without its URL or time, a live copy with
    either, or a naive ``captured_at``:

    >>> Provenance("warc", warc_place("crawl-00000.warc.gz", 2048), None)
    Traceback (most recent call last):
    ...
    ValueError: a warc copy needs capture_url and captured_at
    """

    source: str = "live"
    capture_url: str | None = None
    captured_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}: one of {', '.join(SOURCES)}")
        archived = self.source != "live"
        if archived != bool(self.capture_url) or archived != (self.captured_at is not None):
            need = "needs" if archived else "has no"
            raise ValueError(f"a {self.source} copy {need} capture_url and captured_at")
        if self.captured_at is not None and self.captured_at.utcoffset() is None:
            raise ValueError(f"captured_at is a naive datetime: {self.captured_at.isoformat()}")

    def fields(self) -> dict[str, Any]:
        """The item fields of this provenance."""
        return {
            "source": self.source,
            "capture_url": self.capture_url,
            "captured_at": self.captured_at,
        }


LIVE = Provenance()
"""A copy read from the site itself: what every live spider's items carry."""


def warc_place(filename: str, offset: int) -> str:
    """The ``capture_url`` of a WARC record: its file's name and the record's byte offset.

    >>> warc_place("hnm-20250101-00000.warc.gz", 48211)
    'file:hnm-20250101-00000.warc.gz#48211'
    """
    return f"file:{filename}#{offset}"
