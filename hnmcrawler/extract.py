"""Page bytes -> cleaned item: the one path from an article page to its item.

``read_article`` is what every spider calls for an article page: the layout the registry
picks (or, for a page no layout knows, the generic reader of standard metadata), with
``fetched_at`` and the copy's provenance (``items.Provenance``: live unless the caller read an
archived copy) set and the item's dates resolved once (``dates.resolve_dates``).
``extract_item`` is the library API over saved bytes (``hnmcrawler extract``, the fixture
test): the same reading plus the clean-up and validation pipelines a crawl runs; only
fetching, deduplication and storage are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse, TextResponse

from hnmcrawler.dates import VIETNAM_TZ, ArticleDates, resolve_dates
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.items import LIVE, ArticleItem, Provenance, iso8601
from hnmcrawler.layouts import parse_article
from hnmcrawler.layouts.generic import generic_item
from hnmcrawler.pipelines import CleanTextPipeline, ValidateArticlePipeline

EXTRACT_PIPELINES = (CleanTextPipeline, ValidateArticlePipeline)


@dataclass(frozen=True)
class ArticleReading:
    """An article page as read: the item, how its dates were decided, and whether no layout
    knew the page (``unknown``: the generic reader took it from its metadata)."""

    item: ArticleItem
    dates: ArticleDates
    unknown: UnknownLayout | None = None


def read_article(
    response: TextResponse, fetched_at: datetime, *, provenance: Provenance = LIVE
) -> ArticleReading:
    """The raw item of an article page (text not yet cleaned), its dates resolved and its
    ``source``, ``capture_url`` and ``captured_at`` those of ``provenance``.

    Raises ``UnknownLayout`` when neither a layout nor the generic reader knows the page.
    """
    unknown = None
    try:
        item = parse_article(response)
    except UnknownLayout as exc:
        generic = generic_item(response)
        if generic is None:
            raise
        item, unknown = generic, exc
    item["fetched_at"] = fetched_at
    item.update(provenance.fields())
    dates = resolve_dates(
        item.get("published_text") or "",
        item.get("published_at"),
        item.get("updated_at"),
        fetched_at,
    )
    item["published_at"] = dates.published_at
    item["updated_at"] = dates.updated_at
    return ArticleReading(item, dates, unknown)


def page_response(body: bytes, url: str) -> HtmlResponse:
    """A response for saved page bytes; the charset comes from the page (default UTF-8)."""
    return HtmlResponse(url=url, body=body, headers={"Content-Type": "text/html"})


def extract_item(
    body: bytes,
    url: str,
    *,
    fetched_at: datetime | None = None,
    provenance: Provenance = LIVE,
) -> dict[str, Any]:
    """The cleaned item of an article page, as JSON-ready values (ISO 8601 dates).

    Raises ``UnknownLayout`` when no layout knows the page and ``DropItem`` when the item
    fails validation.
    """
    now = fetched_at or datetime.now(VIETNAM_TZ)
    reading = read_article(page_response(body, url), now, provenance=provenance)
    item: Any = reading.item
    for pipeline in EXTRACT_PIPELINES:
        item = pipeline().process_item(item)
    return {name: iso8601(value) for name, value in ItemAdapter(item).items()}
