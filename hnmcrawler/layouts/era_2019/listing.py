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
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from hnmcrawler.layouts.base import ListingEntry, ListingLayout, is_html
from hnmcrawler.layouts.html import node_text
from hnmcrawler.sites import FIRST_MORE_PAGE, more_url
from hnmcrawler.urls import article_key

# (assumed) The element of the "more" chain's first lastArticleId: the input in
# div.lst-category, taken to hold the id of the last article the section page shows.
LAST_ARTICLE_INPUT = "div.lst-category input:not(#hdCategoryId)::attr(value)"


def _entries(layout: ListingLayout, items: SelectorList[Selector]) -> list[ListingEntry]:
    """One entry per ``li``: its first link, the ``h4`` title and the ``div.period`` date."""
    entries: dict[str, ListingEntry] = {}
    for item in items:
        link = item.css("a[href]")[:1]
        for url in layout.article_links(link.xpath("@href").getall()):
            title = node_text(item.css("h4")) or node_text(link)
            date = node_text(item.css("div.period")) or None
            entries.setdefault(url, ListingEntry(url=url, title=title, published_text=date))
    return list(entries.values())


class Era2019Listing(ListingLayout):
    name = "era_2019"
    detect = "ul#article-cate-more"  # (seen)
    markers = (b"article-cate-more",)

    ITEMS = "ul#article-cate-more > li"  # a[href] > span img + h4; p; div.period (seen)
    CATEGORY_ID = "input#hdCategoryId::attr(value)"  # (seen)

    def entries(self) -> list[ListingEntry]:
        return _entries(self, self.page.css(self.ITEMS))

    def next_url(self) -> str | None:
        """The first "more" request (``FIRST_MORE_PAGE``), after the last article shown."""
        category = (self.page.css(self.CATEGORY_ID).get() or "").strip()
        last = next(
            (v.strip() for v in self.page.css(LAST_ARTICLE_INPUT).getall() if v.strip().isdigit()),
            "",
        )
        if not category or not last or not self.entries():
            return None
        return self.absolute(more_url(category, "", FIRST_MORE_PAGE, int(last)))


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
    def fragment(self) -> Selector | None:
        content: str | None = self.response.json()[self.CONTENT]
        return Selector(text=content) if content and content.strip() else None

    def absolute(self, href: str | None) -> str:
        """Links in the fragment are relative to the site, not to the /Home/... endpoint."""
        parts = urlsplit(self.response.url)
        return urljoin(f"{parts.scheme}://{parts.netloc}/", href.strip()) if href else ""

    def _items(self) -> SelectorList[Selector]:
        return self.fragment.xpath(self.ITEMS) if self.fragment is not None else SelectorList()

    def entries(self) -> list[ListingEntry]:
        return _entries(self, self._items())

    def _last_id(self) -> int | None:
        """The id of the last item's article: the next request's ``lastArticleId``."""
        for item in reversed(self._items()):
            for url in self.article_links(item.css("a[href]")[:1].xpath("@href").getall()):
                key = article_key(url)
                return key.article_id if key else None
        return None

    def next_url(self) -> str | None:
        """The same request for the next page, after the last article of this answer."""
        query = parse_qs(urlsplit(self.response.url).query, keep_blank_values=True)
        category, day, page = (query.get(k, [""])[0] for k in ("categoryId", "day", "currentPage"))
        last = self._last_id()
        if last is None or not category or not page.isdigit():
            return None
        return self.absolute(more_url(category, day, int(page) + 1, last))
