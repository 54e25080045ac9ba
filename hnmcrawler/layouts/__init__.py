"""The layout registry: which page class reads a page, chosen by markup, newest era first.

Adding an era is one module and one line in each tuple below. Never pick by date or URL:
archives re-render old articles in newer templates.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.items import ArticleItem
from hnmcrawler.layouts.base import ArticleLayout, Listing, ListingEntry, ListingLayout
from hnmcrawler.layouts.era_2017 import Era2017Article, Era2017Listing
from hnmcrawler.layouts.era_2019 import Era2019Article, Era2019Listing, Era2019MoreListing
from hnmcrawler.layouts.era_2023 import (
    Era2023Article,
    Era2023DetailHeadArticle,
    Era2023Listing,
    Era2023MoreListing,
)

ARTICLE_LAYOUTS: tuple[type[ArticleLayout], ...] = (
    Era2023Article,
    Era2023DetailHeadArticle,
    Era2019Article,
    Era2017Article,
)
LISTING_LAYOUTS: tuple[type[ListingLayout], ...] = (
    Era2023Listing,
    Era2023MoreListing,
    Era2019MoreListing,
    Era2019Listing,
    Era2017Listing,
)

__all__ = [
    "ARTICLE_LAYOUTS",
    "LISTING_LAYOUTS",
    "ArticleLayout",
    "Listing",
    "ListingEntry",
    "ListingLayout",
    "parse_article",
    "parse_listing",
    "pick_article_layout",
    "pick_listing_layout",
    "read_listing",
]


def pick_article_layout(response: TextResponse) -> type[ArticleLayout]:
    """The first article layout whose markup the page has; ``UnknownLayout`` otherwise."""
    for layout in ARTICLE_LAYOUTS:
        if layout.matches(response):
            return layout
    raise UnknownLayout(response.url, "article")


def pick_listing_layout(response: TextResponse) -> type[ListingLayout]:
    for layout in LISTING_LAYOUTS:
        if layout.matches(response):
            return layout
    raise UnknownLayout(response.url, "listing")


def parse_article(response: TextResponse) -> ArticleItem:
    """The raw item of an article page (dates as text, not yet cleaned)."""
    return pick_article_layout(response)(response).to_item()


def parse_listing(response: TextResponse) -> Listing:
    return read_listing(response)[0]


def read_listing(response: TextResponse) -> tuple[Listing, int]:
    """The listing of a page, and how many of its entries were dropped for a link that is no
    article URL (``ListingLayout.unparsed_links``; spiders count it)."""
    layout = pick_listing_layout(response)(response)
    return layout.listing(), layout.unparsed_links
