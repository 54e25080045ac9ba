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

The site's RSS may hold bare ``&`` and control characters (hnm-site.md "More evidence", seen),
which a strict XML parser refuses and a recovering one drops with the text around them:
every feed and sitemap is read from ``lenient_xml`` bytes (``&`` escaped where it starts no
entity, HTML entity names made numeric, control characters out), and titles come without
markup (``markup.unmarkup``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.entities import name2codepoint
from typing import Any

from lxml import etree
from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap

from hnmcrawler.layouts.base import ListingEntry
from hnmcrawler.layouts.html import compiled_xpath, text_of
from hnmcrawler.markup import unmarkup
from hnmcrawler.text import clean_text
from hnmcrawler.urls import is_article_url

ARTICLE_SITEMAP = "/sitemap-article-"  # (seen)
_SITEMAP_DAY = re.compile(r"sitemap-article-(\d{4})-(\d{2})-(\d{2})\.xml")
_ITEMS = "//*[local-name()='item']"  # RSS 2.0, with or without a namespace

# What XML 1.0 forbids: C0 controls but tab and line breaks, and non-characters; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_NAMES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DECLARATION = re.compile(r"\A[\ufeff\s]*<\?xml[^>]*\?>")  # its encoding: the text is UTF-8 now
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, encoding="utf-8")


@dataclass(frozen=True)
class SitemapRef:
    url: str
    day: date | None  # the day the sitemap's name carries, when it does
    lastmod: str | None


def _numeric(entity: re.Match[str]) -> str:
    """``&nbsp;`` -> ``&#160;`` (XML knows five names); an unknown name is text."""
    name = entity[1]
    if name in _XML_NAMES:
        return entity[0]
    code = name2codepoint.get(name)
    return f"&#{code};" if code is not None else f"&amp;{name};"


def _escaped(markup: str) -> str:
    return _NAMED.sub(_numeric, _BARE_AMPERSAND.sub("&amp;", markup))


def lenient_xml(text: str) -> bytes:
    """XML text as UTF-8 bytes a parser reads without losing words: control characters out;
    outside CDATA sections a bare ``&`` escaped (``Hà Nội & các tỉnh`` stays whole) and HTML
    entity names made numeric; the XML declaration out (its encoding no longer holds)."""
    parts = _CDATA.split(_DECLARATION.sub("", _CONTROL.sub("", text), count=1))
    return "".join(p if n % 2 else _escaped(p) for n, p in enumerate(parts)).encode("utf-8")


def _xml_root(text: str) -> Any:
    """The root of the tree of ``lenient_xml(text)``; an empty element for no XML at all."""
    try:
        root = etree.fromstring(lenient_xml(text), _PARSER)
    except etree.XMLSyntaxError:  # nothing a recovering parser can read: an empty body
        root = None
    return root if root is not None else etree.Element("empty")


def rss_entries(response: TextResponse) -> list[ListingEntry]:
    """The article items of an RSS 2.0 feed, in feed order, without repeats. The feed is
    parsed from ``lenient_xml``, whatever the response's type (XML or HTML)."""
    entries: dict[str, ListingEntry] = {}
    for item in compiled_xpath(_ITEMS)(_xml_root(response.text)):
        url = response.urljoin(_field(item, "link"))
        if is_article_url(url) and url not in entries:
            title, date_text = _field(item, "title"), _field(item, "pubDate") or None
            entries[url] = ListingEntry(url=url, title=title, published_text=date_text)
    return list(entries.values())


def _field(item: Any, name: str) -> str:
    """The text of the first child element ``name`` of an RSS item, without markup, cleaned."""
    found = compiled_xpath(f"./*[local-name()='{name}']")(item)
    return clean_text(unmarkup(text_of(found[0]))) if found else ""


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
    sitemap = Sitemap(lenient_xml(response.text))
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
    sitemap = Sitemap(lenient_xml(response.text))
    if sitemap.type != "urlset":
        return []
    entries = (
        ListingEntry(url=response.urljoin(e["loc"]), published_text=e.get("lastmod") or None)
        for e in sitemap
    )
    return [e for e in entries if is_article_url(e.url)]
