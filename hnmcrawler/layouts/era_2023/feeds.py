"""Feeds of the current site: RSS 2.0 section feeds and the daily article sitemaps.

    https://hanoimoi.vn/rss/kinh-te        (no extension: ".rss" answers 0 items)
    <item><title>..</title><link>https://hanoimoi.vn/...-1266648.html</link>
      <description>&lt;img src=..&gt; ..</description>
      <pubDate>Fri, 20 Feb 2026 16:39:00 +0700</pubDate></item>

    https://hanoimoi.vn/sitemap.xml        an index; article children contain "/sitemap-article-"
    <sitemap><loc>https://hanoimoi.vn/sitemap-article-2026-02-20.xml</loc>..</sitemap>
    <url><loc>https://hanoimoi.vn/...-1266648.html</loc>
      <lastmod>2026-02-20T16:39:00+07:00</lastmod></url>

Readers return ``ListingEntry`` values (url, title, date text) like the listing layouts do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap

from hnmcrawler.layouts.base import ListingEntry
from hnmcrawler.layouts.html import compiled_xpath, text_of
from hnmcrawler.urls import is_article_url

ARTICLE_SITEMAP = "/sitemap-article-"  # (seen)
_SITEMAP_DAY = re.compile(r"sitemap-article-(\d{4})-(\d{2})-(\d{2})\.xml")
_ITEMS = "//*[local-name()='item']"  # RSS 2.0, with or without a namespace


@dataclass(frozen=True)
class SitemapRef:
    url: str
    day: date | None  # the day the sitemap's name carries, when it does
    lastmod: str | None


def rss_entries(response: TextResponse) -> list[ListingEntry]:
    """The article items of an RSS 2.0 feed, in feed order, without repeats."""
    entries: dict[str, ListingEntry] = {}
    for item in compiled_xpath(_ITEMS)(response.selector.root):
        url = response.urljoin(_field(item, "link"))
        if is_article_url(url) and url not in entries:
            title, date_text = _field(item, "title"), _field(item, "pubDate") or None
            entries[url] = ListingEntry(url=url, title=title, published_text=date_text)
    return list(entries.values())


def _field(item: Any, name: str) -> str:
    """The text of the first child element ``name`` of an RSS item, cleaned."""
    found = compiled_xpath(f"./*[local-name()='{name}']")(item)
    return text_of(found[0]) if found else ""


def _day(url: str) -> date | None:
    match = _SITEMAP_DAY.search(url)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def article_sitemaps(response: TextResponse) -> list[SitemapRef]:
    """The article sitemaps a sitemap index lists (other children are ignored)."""
    sitemap = Sitemap(response.body)
    if sitemap.type != "sitemapindex":
        return []
    return [
        SitemapRef(
            url=response.urljoin(entry["loc"]), day=_day(entry["loc"]), lastmod=entry.get("lastmod")
        )
        for entry in sitemap
        if ARTICLE_SITEMAP in entry.get("loc", "")
    ]


def sitemap_entries(response: TextResponse) -> list[ListingEntry]:
    """The article URLs of a urlset sitemap, with ``lastmod`` as their date text."""
    sitemap = Sitemap(response.body)
    if sitemap.type != "urlset":
        return []
    entries = (
        ListingEntry(url=response.urljoin(e["loc"]), published_text=e.get("lastmod") or None)
        for e in sitemap
    )
    return [e for e in entries if is_article_url(e.url)]
