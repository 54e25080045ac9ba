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

A listing page links articles from ``div.timeline`` and ``li.bdrtp`` blocks and pages with
``div.paging li.next a``.
"""

from __future__ import annotations

from parsel import Selector, SelectorList

from hnmcrawler.layouts.base import ArticleLayout, ListingEntry, ListingLayout
from hnmcrawler.layouts.html import node_text, paragraphs, texts
from hnmcrawler.text import clean_text, split_authors

_REFER = "div[contains(concat(' ', normalize-space(@class), ' '), ' refer ')]"


class Era2017Article(ArticleLayout):
    name = "era_2017"
    detect = "div.refer a.cap"

    DATE_LINE = f"(//{_REFER})[last()]"  # the last div.refer is the date line (seen)
    ARTICLE_BLOCK = f"{DATE_LINE}/ancestor::*[.//h1][1]"  # the block holding the headline
    SECTION = "a.cap"
    TITLE = "h1"
    KICKER = "h2.subtitle"  # assumed: the line above the headline in the seed page
    BODY = ("div#NewsGallery", "div.summ")  # first that exists (seen)
    LEAD = "div.bold"  # the sapo inside the body (seen)
    NOT_BODY = (
        "div.bold",
        "figure",
        "figcaption",
        "div.author",
        "div.tagbox",
        "div.refer",
        "table.image",
        ".share",
        ".ads",
        ".adv",
    )
    FIGURES = "figure"  # figure > img + optional figcaption (assumed)
    AUTHOR = "div.author"
    TAGS = "div.tagbox div.tags"  # the last one (seen); label "Từ khoá"

    def _date_line(self) -> SelectorList[Selector]:
        return self.page.xpath(self.DATE_LINE)

    def _block(self) -> Selector:
        block = self.page.xpath(self.ARTICLE_BLOCK)
        return block[0] if block else self.page

    def _body(self) -> Selector | None:
        for css in self.BODY:
            found = self.page.css(css)
            if found:
                return found[0]
        return None

    def section(self) -> str:
        return node_text(self._date_line().css(self.SECTION))

    def title(self) -> str:
        kicker = node_text(self._block().css(self.KICKER))
        return clean_text(f"{kicker} {node_text(self._block().css(self.TITLE))}")

    def sapo(self) -> str:
        body = self._body()
        return node_text(body.css(self.LEAD)) if body is not None else ""

    def body(self) -> str:
        body = self._body()
        if body is None:
            return ""
        return "\n\n".join(paragraphs(body, drop=self.NOT_BODY))

    def authors(self) -> list[str]:
        return split_authors(node_text(self.page.css(self.AUTHOR)[-1:]))

    def tags(self) -> list[str]:
        box = self.page.css(self.TAGS)[-1:]
        return texts(box.css("a"))

    def images(self) -> list[dict[str, str]]:
        body = self._body()
        if body is None:
            return []
        found: dict[str, str] = {}
        for img in body.css("img"):
            url = self.absolute(img.attrib.get("src") or img.attrib.get("data-src"))
            caption = node_text(img.xpath("ancestor::figure[1]//figcaption"))
            if url and url not in found:
                found[url] = caption
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def published_text(self) -> str:
        line = node_text(self._date_line())
        return clean_text(line.removeprefix(self.section()).lstrip(" |-"))


class Era2017Listing(ListingLayout):
    name = "era_2017"
    detect = "div.timeline, li.bdrtp"

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
