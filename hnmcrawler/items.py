"""ArticleItem: the one output schema of hnmcrawler.

Field order is export order (JSON Lines, CSV, database columns). Datetimes are aware
``datetime`` objects inside the crawl; exporters and stores write them as ISO 8601 with
``+07:00``. Every text field is Unicode NFC with collapsed white space (see ``text.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


ARTICLE_FIELDS: tuple[str, ...] = tuple(ArticleItem.fields)
"""Field names in export order (``scrapy.Item`` keeps declaration order)."""

DATETIME_FIELDS: tuple[str, ...] = ("published_at", "updated_at", "fetched_at")
LIST_FIELDS: tuple[str, ...] = ("authors", "tags", "images")
