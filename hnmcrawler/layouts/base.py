"""What a layout is: a page class per site layout era, picked by looking at the markup.

An ``ArticleLayout`` reads one article page into an ``ArticleItem``: one method per field,
named like the field. A ``ListingLayout`` reads a section listing into article links and
the next-page link. Layouts extract; they do not clean dates or decide what to keep
(pipelines do), and they never fetch anything (spiders do).

Every layout reads the page one way: ``select``, ``first`` and ``xpath`` run compiled CSS
or XPath on the page's lxml tree (``page``) or under one of its elements, and give lxml
elements (or strings, for ``::text``, ``::attr()`` and XPath text and attributes), which the
helpers of ``layouts.html`` take.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import urljoin

from lxml.html import HtmlElement
from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url

from hnmcrawler.items import ArticleItem
from hnmcrawler.layouts.html import compiled_css, compiled_exists, compiled_xpath
from hnmcrawler.urls import ArticleKey, article_key, canonical_url, is_article_url

L = TypeVar("L", bound="PageLayout")
T = TypeVar("T")
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*[\[{]")  # a UTF-8 BOM may come first


def is_html(response: TextResponse) -> bool:
    """True unless the body is JSON (a "more" answer): those have no markup to match."""
    return _JSON_START.match(response.body) is None


def memoized(method: Callable[[L], T]) -> Callable[[L], T]:
    """A layout method computed once per page: fields read each other (the breadcrumb
    needs the title, the site needs the URL) and every call would query the tree again."""
    key = method.__qualname__

    @functools.wraps(method)
    def once(self: L) -> T:
        memo: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = method(self)
        return memo[key]

    return once


def may_hold(response: TextResponse, markers: tuple[bytes, ...]) -> bool:
    """False only when the body surely holds none of the ASCII ``markers`` (UTF-16 and
    UTF-32 bodies, where ASCII is not itself, always may)."""
    if response.encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        return True
    return any(marker in response.body for marker in markers)


@dataclass(frozen=True)
class ListingEntry:
    """An article as a listing page shows it: its link and what the listing prints."""

    url: str
    title: str = ""
    published_text: str | None = None  # None when the listing prints no date


@dataclass(frozen=True)
class Listing:
    entries: list[ListingEntry]
    next_url: str | None  # the next (older) page as the page links it, or None


class PageLayout:
    """Common ground of article and listing layouts."""

    name: ClassVar[str]
    detect: ClassVar[str] = ""  # CSS selector whose presence identifies the layout
    # Bytes a page must hold one of for ``detect`` to match: a first look that spares the
    # CSS query on pages of other layouts. Each must be a literal part of ``detect``.
    markers: ClassVar[tuple[bytes, ...]] = ()

    def __init__(self, response: TextResponse) -> None:
        self.response = response
        self.base_url = get_base_url(response)  # <base href> or the URL, looked up once

    @classmethod
    def matches(cls, response: TextResponse) -> bool:
        """True when the page has this layout's markup (JSON layouts override this)."""
        if not cls.detect or not is_html(response):
            return False
        if cls.markers and not may_hold(response, cls.markers):
            return False
        return bool(compiled_exists(cls.detect)(response.selector.root))

    @functools.cached_property
    def page(self) -> HtmlElement:
        """The root of the page's tree: the one parsel built for the response."""
        return self.response.selector.root

    def select(self, css: str, scope: HtmlElement | None = None) -> list[Any]:
        """What ``css`` matches on the page (or under the element ``scope``), in page order:
        elements, or strings for ``::text`` and ``::attr()``."""
        return compiled_css(css)(self.page if scope is None else scope)

    def first(self, css: str, scope: HtmlElement | None = None) -> Any:
        """The first of ``select``, or None."""
        return next(iter(self.select(css, scope)), None)

    def first_of(self, selectors: Iterable[str], scope: HtmlElement | None = None) -> Any:
        """The first match of the first of ``selectors`` that matches, or None."""
        return next(
            (found for css in selectors if (found := self.first(css, scope)) is not None), None
        )

    def xpath(self, query: str, scope: HtmlElement | None = None) -> Any:
        """What the XPath ``query`` finds from the page's root (or from ``scope``): a list of
        elements or strings, or the value of an expression (``boolean(...)``)."""
        return compiled_xpath(query)(self.page if scope is None else scope)

    def absolute(self, href: str | None) -> str:
        """An absolute URL for a link as the page writes it (relative, //host, ...)."""
        return urljoin(self.base_url, href.strip()) if href else ""


class ArticleLayout(PageLayout):
    """Reads an article page. Subclasses define the field methods they know."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "url",
        "site",
        "article_id",
        "layout",
        "section",
        "subsection",
        "title",
        "sapo",
        "body",
        "authors",
        "tags",
        "images",
        "published_text",
        "published_at",
        "updated_at",
    )

    def to_item(self) -> ArticleItem:
        """Every field, raw: dates stay as text for the date pipeline to read."""
        return ArticleItem({name: getattr(self, name)() for name in self.FIELDS})

    @property
    def key(self) -> ArticleKey:
        key = article_key(self.response.url)
        if key is None:
            raise ValueError(f"not an article URL: {self.response.url}")
        return key

    def url(self) -> str:
        return canonical_url(self.response.url)

    def site(self) -> str:
        return self.key.site

    def article_id(self) -> int:
        return self.key.article_id

    def layout(self) -> str:
        return self.name

    def subsection(self) -> str | None:
        return None

    def published_at(self) -> Any:
        """A machine-readable date the page carries (meta tags), as text; None here."""
        return None

    def updated_at(self) -> Any:
        return None


class ListingLayout(PageLayout):
    """Reads a section listing page."""

    # Entries dropped because no link of theirs is an article URL, counted by
    # ``article_links`` while ``listing`` reads the page; the archive spider reports it.
    unparsed_links = 0

    def listing(self) -> Listing:
        return Listing(entries=self.entries(), next_url=self.next_url())

    def entries(self) -> list[ListingEntry]:
        raise NotImplementedError

    def next_url(self) -> str | None:
        raise NotImplementedError

    def article_links(self, hrefs: list[str]) -> list[str]:
        """Absolute article URLs among one entry's ``hrefs``, first occurrence kept, others
        dropped; an entry with links but no article URL among them (a 5,000-digit id, a
        ``javascript:`` link) counts in ``unparsed_links``."""
        found: dict[str, None] = {}
        for href in hrefs:
            url = self.absolute(href)
            if is_article_url(url):
                found.setdefault(url, None)
        if not found and any(hrefs):
            self.unparsed_links += 1
        return list(found)
