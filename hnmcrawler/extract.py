"""Extract the cleaned item of one saved page: the fixture test and ``hnmcrawler extract``.

The page goes through the same layout registry and the same clean, date and validation
pipelines as a crawl; only fetching, deduplication and storage are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.items import iso8601
from hnmcrawler.layouts import pick_article_layout
from hnmcrawler.layouts.generic import generic_item
from hnmcrawler.pipelines import ArticleDatesPipeline, CleanTextPipeline, ValidateArticlePipeline

EXTRACT_PIPELINES = (CleanTextPipeline, ArticleDatesPipeline, ValidateArticlePipeline)


def page_response(body: bytes, url: str) -> HtmlResponse:
    """A response for saved page bytes; the charset comes from the page (default UTF-8)."""
    return HtmlResponse(url=url, body=body, headers={"Content-Type": "text/html"})


def extract_item(body: bytes, url: str, *, fetched_at: datetime | None = None) -> dict[str, Any]:
    """The cleaned item of an article page, as JSON-ready values (ISO 8601 dates).

    Raises ``UnknownLayout`` when no layout knows the page and ``DropItem`` when the item
    fails validation.
    """
    response = page_response(body, url)
    try:
        item = pick_article_layout(response)(response).to_item()
    except UnknownLayout:
        generic = generic_item(response)  # standard metadata, as a crawl would fall back to
        if generic is None:
            raise
        item = generic
    item["fetched_at"] = fetched_at or datetime.now(VIETNAM_TZ)
    for pipeline in EXTRACT_PIPELINES:
        item = pipeline().process_item(item)
    return {name: iso8601(value) for name, value in ItemAdapter(item).items()}
