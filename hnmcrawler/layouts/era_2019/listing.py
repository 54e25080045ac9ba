"""Section listings of ``era_2019``: the section page and its JSON "more" answers.

A section page lists its first articles like this (seen; trimmed)::

    <input type="hidden" id="hdCategoryId" value="164">
    <div class="lst-category"> ...
      <ul id="article-cate-more">
        <li><a href="/Tin-tuc/Giao-duc/1069515/so-ke-hoach-..."><span class="img"><img
          src="/Uploads/hnm/2022/12/14/1069515-anh-dai-dien.jpg"></span><h4>...</h4></a>
          <p>(HNM) - ...</p><div class="period"> 22:37 - 14/12/2022</div></li> ...

Its "more" button asks
``/Home/ArticleCategoryListMore?categoryId=..&day=&currentPage=..&lastArticleId=..``, whose
JSON answer ``{"Content": "<li>...</li>..."}`` holds the next items (``Era2019MoreListing``).
Like the site's one public client (seen), the chain keeps the section page's
``lastArticleId`` and raises only ``currentPage`` (``sites.MoreRequest``); whether each answer
really continues the one before is checked by ``spiders.paging.MoreChecks``.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector
from scrapy.http import TextResponse

from hnmcrawler.layouts.base import ListingEntry, ListingLayout, is_html
from hnmcrawler.layouts.html import text_of
from hnmcrawler.sites import FIRST_MORE_PAGE, MoreRequest, more_request

# (seen) The "more" chain's lastArticleId, kept for every request of the chain: the input in
# div.lst-category (the public client reads it there), taken to hold the id of the last
# article the section page shows (assumed).
LAST_ARTICLE_INPUT = "div.lst-category input:not(#hdCategoryId)::attr(value)"


def _entries(layout: ListingLayout, items: list[HtmlElement]) -> list[ListingEntry]:
    """One entry per ``li``: its first link, the ``h4`` title and the ``div.period`` date."""
    entries: dict[str, ListingEntry] = {}
    for item in items:
        link = layout.first("a[href]", item)
        for url in layout.article_links([link.get("href")] if link is not None else []):
            title = text_of(layout.first("h4", item)) or text_of(link)
            date = text_of(layout.first("div.period", item)) or None
            entries.setdefault(url, ListingEntry(url=url, title=title, published_text=date))
    return list(entries.values())


class Era2019Listing(ListingLayout):
    name = "era_2019"
    detect = "ul#article-cate-more"  # (seen)
    markers = (b"article-cate-more",)

    ITEMS = "ul#article-cate-more > li"  # a[href] > span img + h4; p; div.period (seen)
    CATEGORY_ID = "input#hdCategoryId::attr(value)"  # (seen)

    def entries(self) -> list[ListingEntry]:
        return _entries(self, self.select(self.ITEMS))

    def next_url(self) -> str | None:
        """The first "more" request (``FIRST_MORE_PAGE``), after the last article shown."""
        category = (self.first(self.CATEGORY_ID) or "").strip()
        values = (value.strip() for value in self.select(LAST_ARTICLE_INPUT))
        last = next((value for value in values if value.isdigit()), "")
        if not category or not last or not self.entries():
            return None
        return self.absolute(MoreRequest(category, "", FIRST_MORE_PAGE, int(last)).url())


class Era2019MoreListing(ListingLayout):
    """The JSON answer of the "more" request: ``{"Content": "<li>...</li>..."}``."""

    name = "era_2019"
    CONTENT = "Content"  # (seen); empty (or null) ends the section (assumed)
    ITEMS = "//li[not(ancestor::li)]"  # like the section page's items, relative links

    @classmethod
    def matches(cls, response: TextResponse) -> bool:
        if is_html(response):
            return False
        try:
            data = response.json()
        except ValueError:
            return False
        return isinstance(data, dict) and isinstance(data.get(cls.CONTENT, 0), str | None)

    @cached_property
    def fragment(self) -> HtmlElement | None:
        """The tree of the ``Content`` fragment, as parsel parses a page; None when empty."""
        content: str | None = self.response.json()[self.CONTENT]
        return Selector(text=content).root if content and content.strip() else None

    def absolute(self, href: str | None) -> str:
        """Links in the fragment are relative to the site, not to the /Home/... endpoint."""
        parts = urlsplit(self.response.url)
        return urljoin(f"{parts.scheme}://{parts.netloc}/", href.strip()) if href else ""

    def _items(self) -> list[HtmlElement]:
        return self.xpath(self.ITEMS, self.fragment) if self.fragment is not None else []

    def entries(self) -> list[ListingEntry]:
        return _entries(self, self._items())

    def next_url(self) -> str | None:
        """The request for the next batch: the same ``lastArticleId``, ``currentPage`` + 1;
        None after an answer that lists no article (the end of the section)."""
        asked = more_request(self.response.url)
        if asked is None or not asked.category or not self.entries():
            return None
        return self.absolute(asked.following().url())
