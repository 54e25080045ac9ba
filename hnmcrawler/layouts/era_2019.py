"""Layout ``era_2019``: hanoimoi.com.vn, about 2019 - mid 2023 ("layout B" in hnm-site.md).

An article page reads like this (chrome trimmed; byline and tags are *assumed* markup)::

    <div class="breadcrum"><a href="/">Trang chủ</a>
      <a href="/Danh-muc-tin/164/Giao-duc">Giáo dục</a> <a href="...">Tuyển sinh</a></div>
    <div id="NewsDetails">
      <h1 class="caption">Hà Nội công bố chỉ tiêu tuyển sinh vào lớp 10</h1>
      <div class="definfo"><div class="period"> 07:12 Thứ Tư ngày 01/01/2020</div></div>
      <div class="article">
        <div class="sapo"><strong>(HNM) - Sáng 31-12, Sở Giáo dục và Đào tạo ...</strong></div>
        <div class="thumbox"><img src="/Uploads/ngocanh/2020/1/1/tuyen-sinh.jpg"></div>
        <div id="abody">
          <p>Theo kế hoạch, ...</p>
          <figure><img src="..."><figcaption>Học sinh ...</figcaption></figure>
          <p style="text-align: right;"><strong>Ngọc Anh</strong></p>
        </div>
        <div class="tags"><a href="/Tag/...">tuyển sinh</a></div>
      </div>
    </div>

A section page lists ``ul#article-cate-more > li`` items; its "more" button asks
``/Home/ArticleCategoryListMore?categoryId=..&day=&currentPage=..&lastArticleId=..``, whose
JSON answer ``{"Content": "<li>...</li>..."}`` holds the next items (``Era2019MoreListing``).
"""

from __future__ import annotations

import copy
import re
from functools import cached_property
from urllib.parse import parse_qs, quote, urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from hnmcrawler.layouts.base import (
    ArticleLayout,
    ListingEntry,
    ListingLayout,
    is_html,
)
from hnmcrawler.layouts.html import node_text, paragraphs, texts
from hnmcrawler.text import clean_text, split_authors
from hnmcrawler.urls import article_key, is_article_url

# --- assumed markup (nothing public shows it; each is one place to correct) -------------
# The byline: the last right-aligned paragraph of #abody holding only a bold name.
BYLINE_TAGS = ("p", "div")
RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)  # or align="right"
BYLINE_MAX_LENGTH = 80  # longer bold text is a bold paragraph, not a name
TAG_BOX, TAG_LINKS = "div.tags", "a"  # div.tags a
# Boxes inside #abody that are not article text: <aside>, <ins> (ad slots), a class or id
# word naming an ad or a related-links box (``ads-inarticle``, ``adv``, ``banner``,
# ``related-news``, ``tinlienquan``), or a box that opens with a related-links heading.
ASIDE_TAGS = frozenset({"aside", "ins"})
ASIDE_WORDS = frozenset({"ad", "ads", "adv", "advert", "banner", "qc", "quangcao"})
ASIDE_PARTS = ("relat", "lienquan", "quangcao", "advert", "adsbygoogle")
ASIDE_HEADINGS = ("tin liên quan", "bài liên quan", "đọc thêm", "xem thêm")
ASIDE_BOXES = frozenset({"div", "table", "ul", "ol", "section"})
# ... and a paragraph that is a labelled link line: ">> Xem thêm: ...", "Tin liên quan: ...".
ASIDE_LINE = re.compile(rf"^[>»\s]*(?:{'|'.join(ASIDE_HEADINGS)})\s*:", re.IGNORECASE)
# Lazy images carry the real URL in a data attribute; the first one present wins.
IMAGE_SOURCES = ("data-src", "data-original", "src")
# The element of the "more" chain's first lastArticleId: the input in div.lst-category,
# taken to hold the id of the last article the section page shows.
LAST_ARTICLE_INPUT = "div.lst-category input:not(#hdCategoryId)::attr(value)"
# Not seen in this era; read as a fallback when a page carries it.
PUBLISHED_META = 'meta[property="article:published_time"]::attr(content)'
# -----------------------------------------------------------------------------------------

MORE_URL = (  # seen
    "/Home/ArticleCategoryListMore?categoryId={category}&day={day}"
    "&currentPage={page}&lastArticleId={last}"
)
_NOT_CONTENT = frozenset({"script", "style", "noscript", "input", "link", "meta"})
_WORD = re.compile(r"[\s_-]+")


def more_url(category: str, day: str, page: int, last: int) -> str:
    """The site-relative "more" request for one batch of a section (``MORE_URL``)."""
    return MORE_URL.format(
        category=quote(category, safe=""), day=quote(day, safe=""), page=page, last=last
    )


def is_aside(element: lxml_html.HtmlElement) -> bool:
    """True for an ad or related-links box inside the body (``ASIDE_*``)."""
    if not isinstance(element.tag, str):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if element.tag in ASIDE_TAGS or set(_WORD.split(names)) & ASIDE_WORDS:
        return True
    if any(part in names for part in ASIDE_PARTS):
        return True
    opening = clean_text(element.text_content()[:80]).casefold()
    if element.tag == "p":
        return ASIDE_LINE.match(opening) is not None
    return element.tag in ASIDE_BOXES and opening.startswith(ASIDE_HEADINGS)


def is_byline(element: lxml_html.HtmlElement) -> bool:
    """A right-aligned paragraph whose only text is bold and short: the author's name."""
    right = RIGHT_ALIGNED.search(element.get("style", "")) or (
        element.get("align", "").strip().lower() == "right"
    )
    if not right:
        return False
    loose = element.xpath(".//text()[not(ancestor::strong or ancestor::b)]")
    bold = clean_text(" ".join(element.xpath(".//strong//text() | .//b//text()")))
    return not clean_text(" ".join(loose)) and 0 < len(bold) <= BYLINE_MAX_LENGTH


def _first_child(node: Selector) -> Selector | None:
    for child in node.xpath("*"):
        if child.root.tag not in _NOT_CONTENT:
            return child
    return None


class Era2019Article(ArticleLayout):
    name = "era_2019"
    detect = "#NewsDetails, div.definfo div.period"  # (seen)

    ARTICLE = "#NewsDetails"  # the article block; the whole page when missing
    BREADCRUMB = "div.breadcrum a[href]"  # (sic, seen) 1st home, 2nd section, 3rd subsection
    TITLE = "#NewsDetails h1, h1.caption"  # (seen) the first of them
    DATE = "div.definfo div.period"  # " 07:12 Thứ Tư ngày 01/01/2020" (seen)
    TEXT = "div.article"  # its first child holds the sapo in a strong (seen)
    SAPO = ".//*[self::strong or self::b][not(ancestor::strong or ancestor::b)]"
    BODY = "#abody"  # (seen)
    BODY_ID = "abody"
    # The lead image (seen): div.thumbox img of the article, never a sidebar's thumbnail;
    # any text in the box is its caption.
    LEAD_IMAGE = ("#NewsDetails div.thumbox", "div.article div.thumbox")
    NOT_BODY = ("figure", "figcaption", "div.thumbox", "div.tags", "table.image")
    CAPTION = "ancestor::figure[1]//figcaption"  # figure > img + figcaption (assumed)

    def _article(self) -> Selector:
        found = self.page.css(self.ARTICLE)
        return found[0] if found else self.page

    def _first(self, css: str) -> SelectorList[Selector]:
        return self._article().css(css)[:1] or self.page.css(css)[:1]

    @cached_property
    def _sapo_holder(self) -> Selector | None:
        """The first child of div.article; the first child of #abody when that comes first."""
        text = self._first(self.TEXT)
        node = text[0] if text else None
        while node is not None:
            child = _first_child(node)
            if child is None or child.root.get("id") == self.BODY_ID:
                return _first_child(child) if child is not None else None
            if not child.css(self.BODY):
                return child
            node = child
        return None

    @cached_property
    def _abody(self) -> tuple[Selector | None, str]:
        """A copy of #abody without sapo, ads, related links and byline; and the byline."""
        found = self._first(self.BODY)
        if not found:
            return None, ""
        original = found[0].root
        root = copy.deepcopy(original)
        holder = self._sapo_holder
        if holder is not None and holder.root.getparent() is original and self.sapo():
            root[original.index(holder.root)].drop_tree()
        for aside in [e for e in root.iter() if e is not root and is_aside(e)]:
            aside.drop_tree()
        bylines = [e for e in root.iter(*BYLINE_TAGS) if e is not root and is_byline(e)]
        byline = node_text(Selector(root=bylines[-1])) if bylines else ""
        if bylines:
            bylines[-1].drop_tree()
        return Selector(root=root), byline

    def section(self) -> str:
        return node_text(self._breadcrumb()[1:2])

    def subsection(self) -> str | None:
        return node_text(self._breadcrumb()[2:3]) or None

    def _breadcrumb(self) -> SelectorList[Selector]:
        """The breadcrumb's links; a link to the article itself is not a section."""
        links = self.page.css(self.BREADCRUMB)
        return SelectorList(a for a in links if not is_article_url(self.absolute(a.attrib["href"])))

    def title(self) -> str:
        return node_text(self.page.css(self.TITLE))

    def sapo(self) -> str:
        holder = self._sapo_holder
        if holder is None:
            return ""
        return clean_text(" ".join(map(node_text, holder.xpath(self.SAPO))))

    def body(self) -> str:
        body = self._abody[0]
        return "\n\n".join(paragraphs(body, drop=self.NOT_BODY)) if body is not None else ""

    def authors(self) -> list[str]:
        return split_authors(self._abody[1])

    def tags(self) -> list[str]:
        return texts(self._first(TAG_BOX).css(TAG_LINKS))

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        lead = self._lead_box()
        for img in lead.css("img")[:1]:
            self._add_image(found, img, node_text(lead))
        body = self._abody[0]
        for img in body.css("img") if body is not None else []:
            self._add_image(found, img, node_text(img.xpath(self.CAPTION)))
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def _lead_box(self) -> SelectorList[Selector]:
        for css in self.LEAD_IMAGE:
            if found := self.page.css(css):
                return found[:1]
        return SelectorList()

    def _add_image(self, found: dict[str, str], img: Selector, caption: str) -> None:
        src = next((img.attrib[a] for a in IMAGE_SOURCES if img.attrib.get(a, "").strip()), "")
        url = self.absolute(src)
        if url.startswith(("http://", "https://")):
            found.setdefault(url, caption)

    def published_text(self) -> str:
        return node_text(self._first(self.DATE))

    def published_at(self) -> str | None:
        return self.page.css(PUBLISHED_META).get()


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

    ITEMS = "ul#article-cate-more > li"  # a[href] > span img + h4; p; div.period (seen)
    CATEGORY_ID = "input#hdCategoryId::attr(value)"  # (seen)

    def entries(self) -> list[ListingEntry]:
        return _entries(self, self.page.css(self.ITEMS))

    def next_url(self) -> str | None:
        """The first "more" request: page 2, after the last article this page shows."""
        category = (self.page.css(self.CATEGORY_ID).get() or "").strip()
        last = next(
            (v.strip() for v in self.page.css(LAST_ARTICLE_INPUT).getall() if v.strip().isdigit()),
            "",
        )
        if not category or not last or not self.entries():
            return None
        return self.absolute(more_url(category, "", 2, int(last)))


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
