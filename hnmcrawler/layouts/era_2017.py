"""Layout ``era_2017``: hanoimoi.com.vn, about 2010-2018 ("layout A" in hnm-site.md).

An article page reads like this (seed article, chrome trimmed)::

    <h2 class="subtitle">Văn phòng UBND TP Hà Nội:</h2>
    <h1>Chủ động, sáng tạo tham mưu, giúp việc UBND thành phố</h1>
    <div class="refer"><a class="cap" href="/Danh-muc-tin/101/Chinh-tri">Chính trị</a>
      | 07:12 Chủ Nhật ngày 01/01/2017</div>
    <div id="NewsGallery">
      <div class="bold">(HNM) - Ngày 31-12-2016, Văn phòng UBND TP Hà Nội tổ chức ...</div>
      <figure><img src="/Uploads/tuanviet/2017/1/1/hoi-nghi.jpg">
        <figcaption>Chủ tịch UBND TP Nguyễn Đức Chung trao Bằng khen ...</figcaption></figure>
      <p>Phát biểu tại hội nghị, ...</p>
    </div>
    <div class="author">Tuấn Việt</div>
    <div class="tagbox"><span>Từ khoá</span><div class="tags"><a>...</a></div></div>

The headline block is the nearest element holding the date line and the ``h1``; the body is
looked for there first, so header and sidebar boxes never count, and the byline is the
first ``div.author`` inside or after the body, in the element holding block and body.
Ads, share buttons, related-links boxes and lists of article links inside the body are
neither text nor images. A video item (``/Media/...``) has a player script
(``file: '...'``) in its body: scripts are never text, and a body with no text of its own
takes the lead as its text.

A listing page links articles from ``div.timeline`` and ``li.bdrtp`` blocks and pages with
``div.paging li.next a``.
"""

from __future__ import annotations

from functools import cached_property

from lxml.html import HtmlElement
from parsel import Selector, SelectorList

from hnmcrawler.layouts.base import ArticleLayout, ListingEntry, ListingLayout
from hnmcrawler.layouts.html import image_source, inside, node_text, paragraphs, texts
from hnmcrawler.text import clean_text, split_authors


def _class(tag: str, name: str) -> str:
    """XPath step for the CSS ``tag.name``."""
    return f"{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


_LOWER_CLASS = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"


class Era2017Article(ArticleLayout):
    name = "era_2017"
    detect = "div.refer a.cap"
    markers = (b"refer",)

    # The date line is the last div.refer (seen) of the article: the last one before the
    # body, in the nearest element holding the body and a headline, never one in a body
    # (sidebar items after the article carry date lines of their own).
    REFER = _class("div", "refer")
    IN_BODY = f"ancestor::*[@id='NewsGallery'] or ancestor::{_class('div', 'summ')}"
    ARTICLE_START = f"(//*[@id='NewsGallery'] | //{_class('div', 'summ')}[preceding::h1])[1]"
    DATE_TEXT = f".//text()[not(ancestor::{_class('a', 'cap')})]"  # the line less a.cap
    HEADLINE_BLOCK = "ancestor::*[.//h1][1]"
    SECTION = "a.cap"
    TITLE = "h1"
    # The line just above the headline (the seed shows one; its markup is assumed:
    # h2.subtitle): the element right before the h1 whose class contains one of these.
    KICKER_TAGS = ("h2", "h3", "h4", "div", "p")
    KICKER_CLASSES = ("subtitle", "kicker")
    KICKER = (
        f"preceding-sibling::*[1][{' or '.join(f'self::{tag}' for tag in KICKER_TAGS)}]"
        f"[{' or '.join(f'contains({_LOWER_CLASS}, {name!r})' for name in KICKER_CLASSES)}]"
    )
    BODY = ("div#NewsGallery", "div.summ")  # the first with text (seen: fall back to summ)
    GALLERY = "div#NewsGallery"  # its images count even when the text is in div.summ
    GALLERY_BEFORE = "preceding::div[@id='NewsGallery']"
    LEAD = "div.bold"  # the sapo inside the body (seen)
    LEAD_BEFORE = f"preceding::{_class('div', 'bold')}[1]"  # else just before it
    CHROME = (  # neither text nor images, wherever they stand in the body
        "div.author",
        "div.tagbox",
        "div.refer",
        "[class*='share']",  # assumed: share buttons
        ".ads",  # assumed: <div class="ads"><a><img></a></div>
        ".adv",
        ".banner",
        "ins.adsbygoogle",
        "[class*='relate']",  # assumed: <div class="related"><h3>Tin liên quan</h3><ul>...
        "[class*='lienquan']",
        "[id*='player']",  # assumed: the video player's box ("Loading the player...")
    )
    # A list whose items are titled links and nothing else: related or series links, not
    # text (a gallery of linked images has no link text and stays).
    LINK_LIST = (
        ".//*[self::ul or self::ol][li][not(li[not(.//a[@href][normalize-space()])"
        " or .//text()[normalize-space()][not(ancestor::a)]])]"
    )
    NOT_BODY = ("div.bold", "figure", "figcaption", "table.image", *CHROME)
    # A lazy image keeps its real address in a data attribute and a placeholder in src
    # (``/Content/images/blank.gif``, a data: URI): the first non-blank web address wins.
    IMAGE_SOURCES = ("data-src", "data-original", "src")
    CAPTION = "ancestor::figure[1]//figcaption"  # figure > img + figcaption (assumed)
    AUTHOR = f"descendant::{_class('div', 'author')} | following::{_class('div', 'author')}"
    TAGS = "div.tagbox div.tags"  # the last one (seen); label "Từ khoá"

    @cached_property
    def _date_line(self) -> SelectorList[Selector]:
        """The last date line before the body in its headline block; else the last one in
        that block outside the body; else the last one on the page."""
        start = self.page.xpath(self.ARTICLE_START)[:1]
        scope = {n.root for n in start.xpath(self.HEADLINE_BLOCK)}
        lines = [
            n for n in self.page.xpath(f"//{self.REFER}[not({self.IN_BODY})]") if inside(n, scope)
        ]
        before = {n.root for n in start.xpath(f"preceding::{self.REFER}")}
        found = (
            [n for n in lines if n.root in before] or lines or self.page.xpath(f"//{self.REFER}")
        )
        return SelectorList(found[-1:])

    @cached_property
    def _block(self) -> Selector:
        block = self._date_line.xpath(self.HEADLINE_BLOCK)
        return block[0] if block else self.page

    @cached_property
    def _body(self) -> Selector | None:
        for scope in (self._block, self.page):
            found = [node for css in self.BODY for node in scope.css(css)[:1]]
            for node in found:
                if node.css(self.LEAD) or self._paragraphs(node):
                    return node
            if found:
                return found[0]
        return None

    @cached_property
    def _article(self) -> HtmlElement:
        """The nearest element holding both the headline block and the body."""
        around_body = set(self._body.root.iterancestors()) if self._body is not None else set()
        node: HtmlElement | None = self._block.root
        while node is not None and node not in around_body:
            node = node.getparent()
        return node if node is not None else self.page.root

    def _in_article(self, node: Selector) -> bool:
        return inside(node, {self._article})

    def _chrome(self, body: Selector) -> set[HtmlElement]:
        nodes = [*body.xpath(self.LINK_LIST), *body.css(", ".join(self.CHROME))]  # one walk
        return {node.root for node in nodes}

    def _paragraphs(self, body: Selector) -> list[str]:
        return paragraphs(body, drop_xpath=(self.LINK_LIST,), drop=self.NOT_BODY)

    def section(self) -> str:
        return node_text(self._date_line.css(self.SECTION))

    def title(self) -> str:
        headline = self._block.css(self.TITLE)[:1]
        kicker = node_text(headline.xpath(self.KICKER))
        return clean_text(f"{kicker} {node_text(headline)}")

    def sapo(self) -> str:
        body = self._body
        if body is None:
            return ""
        before = SelectorList(n for n in body.xpath(self.LEAD_BEFORE) if self._in_article(n))
        return node_text(body.css(self.LEAD) or before)

    def body(self) -> str:
        body = self._body
        if body is None:
            return ""
        return "\n\n".join(self._paragraphs(body)) or self.sapo()

    def authors(self) -> list[str]:
        """The first byline inside or after the body (seen: after it), lines split on <br>."""
        body = self._body
        if body is None:
            return []
        chrome = self._chrome(body)
        for byline in body.xpath(self.AUTHOR):
            if self._in_article(byline) and not inside(byline, chrome):
                names = (name for line in paragraphs(byline) for name in split_authors(line))
                return list(dict.fromkeys(names))
        return []

    def tags(self) -> list[str]:
        box = self.page.css(self.TAGS)[-1:]
        return texts(box.css("a"))

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        for scope in self._image_scopes():
            chrome = self._chrome(scope)
            for img in scope.css("img"):
                url = self.absolute(image_source(img, self.IMAGE_SOURCES))
                if url and not inside(img, chrome):
                    found[url] = found.get(url) or node_text(img.xpath(self.CAPTION))
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def _image_scopes(self) -> list[Selector]:
        """The body, and the photo gallery (div#NewsGallery) when the text stands apart in
        div.summ; in page order."""
        body = self._body
        if body is None:
            return []
        galleries = self._block.css(self.GALLERY)[:1] or self.page.css(self.GALLERY)[:1]
        for gallery in galleries:
            apart = gallery.root not in {body.root, *body.root.iterancestors()}
            if apart and not inside(gallery, {body.root}) and self._in_article(gallery):
                before = bool(body.xpath(self.GALLERY_BEFORE))
                return [gallery, body] if before else [body, gallery]
        return [body]

    def published_text(self) -> str:
        line = clean_text(" ".join(self._date_line.xpath(self.DATE_TEXT).getall()))
        return line.strip(" |-")


class Era2017Listing(ListingLayout):
    name = "era_2017"
    detect = "div.timeline, li.bdrtp"
    markers = (b"timeline", b"bdrtp")

    ENTRIES = "div.timeline, li.bdrtp"  # each block's first a[href] is the article (seen)
    NEXT = "div.paging li.next a::attr(href)"  # (seen); the URL form is unknown: follow it

    def entries(self) -> list[ListingEntry]:
        entries: dict[str, ListingEntry] = {}
        for block in self.page.css(self.ENTRIES):
            link = block.css("a[href]")[:1]
            for url in self.article_links(link.xpath("@href").getall()):
                title = node_text(block.css("h3, h4, h2")) or node_text(link)
                entries.setdefault(url, ListingEntry(url=url, title=title))
        return list(entries.values())

    def next_url(self) -> str | None:
        href = self.page.css(self.NEXT).get()
        url = self.absolute(href)
        return url if url and url != self.response.url else None
