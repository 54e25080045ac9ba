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

from hnmcrawler.bylines import split_authors
from hnmcrawler.layouts.base import ArticleLayout, ListingEntry, ListingLayout
from hnmcrawler.layouts.html import image_source, inside, paragraphs, pruned, text_of, texts
from hnmcrawler.text import clean_text


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
    DATE_LINES = f"//{REFER}[not({IN_BODY})]"
    ARTICLE_START = f"(//*[@id='NewsGallery'] | //{_class('div', 'summ')}[preceding::h1])[1]"
    REFER_BEFORE = f"preceding::{REFER}"
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
    NOT_TEXT = ("div.bold", "figure", "figcaption", "table.image")  # read by other fields
    CAPTION = "ancestor::figure[1]//figcaption"  # figure > img + figcaption (assumed)
    AUTHOR = f"descendant::{_class('div', 'author')} | following::{_class('div', 'author')}"
    TAGS = "div.tagbox div.tags"  # the last one (seen); label "Từ khoá"

    @cached_property
    def _date_line(self) -> HtmlElement | None:
        """The last date line before the body in its headline block; else the last one in
        that block outside the body; else the last one on the page."""
        start = next(iter(self.xpath(self.ARTICLE_START)), None)
        block = set(self.xpath(self.HEADLINE_BLOCK, start)) if start is not None else set()
        before = set(self.xpath(self.REFER_BEFORE, start)) if start is not None else set()
        lines = [line for line in self.xpath(self.DATE_LINES) if inside(line, block)]
        found = [n for n in lines if n in before] or lines or self.xpath(f"//{self.REFER}")
        return found[-1] if found else None

    @cached_property
    def _block(self) -> HtmlElement:
        line = self._date_line
        block = self.xpath(self.HEADLINE_BLOCK, line) if line is not None else []
        return block[0] if block else self.page

    @cached_property
    def _body(self) -> HtmlElement | None:
        for scope in (self._block, self.page):
            found = [node for css in self.BODY if (node := self.first(css, scope)) is not None]
            for node in found:
                if self.first(self.LEAD, node) is not None or self._paragraphs(node):
                    return node
            if found:
                return found[0]
        return None

    @cached_property
    def _article(self) -> HtmlElement:
        """The nearest element holding both the headline block and the body."""
        around_body = set(self._body.iterancestors()) if self._body is not None else set()
        node: HtmlElement | None = self._block
        while node is not None and node not in around_body:
            node = node.getparent()
        return node if node is not None else self.page

    def _in_article(self, node: HtmlElement) -> bool:
        return inside(node, {self._article})

    def _content(self, scope: HtmlElement, *not_text: str) -> HtmlElement:
        """A copy of ``scope`` without chrome and link lists (and ``not_text``)."""
        return pruned(scope, css=(*self.CHROME, *not_text), xpath=(self.LINK_LIST,))

    def _paragraphs(self, body: HtmlElement) -> list[str]:
        return paragraphs(self._content(body, *self.NOT_TEXT))

    def section(self) -> str:
        line = self._date_line
        return text_of(self.first(self.SECTION, line)) if line is not None else ""

    def title(self) -> str:
        headline = self.first(self.TITLE, self._block)
        if headline is None:
            return ""
        kicker = text_of(next(iter(self.xpath(self.KICKER, headline)), None))
        return clean_text(f"{kicker} {text_of(headline)}")

    def sapo(self) -> str:
        body = self._body
        if body is None:
            return ""
        lead = self.first(self.LEAD, body)
        if lead is None:
            before = self.xpath(self.LEAD_BEFORE, body)
            lead = next((node for node in before if self._in_article(node)), None)
        return text_of(lead)

    def body(self) -> str:
        body = self._body
        if body is None:
            return ""
        return "\n\n".join(self._paragraphs(body)) or self.sapo()

    def authors(self) -> list[str]:
        """The first byline inside or after the body (seen: after it), lines split on <br>;
        never one inside a chrome box or link list of the body."""
        body = self._body
        if body is None:
            return []
        chrome = {*self.select(", ".join(self.CHROME), body), *self.xpath(self.LINK_LIST, body)}
        for byline in self.xpath(self.AUTHOR, body):
            if self._in_article(byline) and not inside(byline, chrome):
                names = (name for line in paragraphs(byline) for name in split_authors(line))
                return list(dict.fromkeys(names))
        return []

    def tags(self) -> list[str]:
        boxes = self.select(self.TAGS)
        return texts(self.select("a", boxes[-1])) if boxes else []

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        for scope in self._image_scopes():
            for img in self.select("img", self._content(scope)):
                url = self.absolute(image_source(img))
                if url:
                    caption = next(iter(self.xpath(self.CAPTION, img)), None)
                    found[url] = found.get(url) or text_of(caption)
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def _image_scopes(self) -> list[HtmlElement]:
        """The body, and the photo gallery (div#NewsGallery) when the text stands apart in
        div.summ; in page order."""
        body = self._body
        if body is None:
            return []
        gallery = self.first(self.GALLERY, self._block)
        if gallery is None:
            gallery = self.first(self.GALLERY)
        if gallery is None or gallery in {body, *body.iterancestors()}:
            return [body]
        if inside(gallery, {body}) or not self._in_article(gallery):
            return [body]
        before = bool(self.xpath(self.GALLERY_BEFORE, body))
        return [gallery, body] if before else [body, gallery]

    def published_text(self) -> str:
        line = self._date_line
        pieces = self.xpath(self.DATE_TEXT, line) if line is not None else []
        return clean_text(" ".join(pieces)).strip(" |-")


class Era2017Listing(ListingLayout):
    name = "era_2017"
    detect = "div.timeline, li.bdrtp"
    markers = (b"timeline", b"bdrtp")

    ENTRIES = "div.timeline, li.bdrtp"  # each block's first a[href] is the article (seen)
    TITLE = "h3, h4, h2"  # else the link's text
    NEXT = "div.paging li.next a::attr(href)"  # (seen); the URL form is unknown: follow it

    def entries(self) -> list[ListingEntry]:
        entries: dict[str, ListingEntry] = {}
        for block in self.select(self.ENTRIES):
            link = self.first("a[href]", block)
            for url in self.article_links([link.get("href")] if link is not None else []):
                title = text_of(self.first(self.TITLE, block)) or text_of(link)
                entries.setdefault(url, ListingEntry(url=url, title=title))
        return list(entries.values())

    def next_url(self) -> str | None:
        url = self.absolute(self.first(self.NEXT))
        return url if url and url != self.response.url else None
