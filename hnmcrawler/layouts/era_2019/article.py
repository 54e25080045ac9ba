"""Article pages of ``era_2019``: hanoimoi.com.vn, about 2019 - mid 2023 ("layout B").

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

Ads, related links and the byline inside ``#abody`` are told apart in ``era_2019.body``;
the body's text and images are read from a copy of ``#abody`` without them. Some pages have
no ``#abody`` (seen: one public crawler reads the body as the ``p`` siblings that follow the
first child of ``div.article``)::

      <div class="article">
        <p><strong>(HNM) - Chiều 14-6, ...</strong></p>
        <p>Theo Sở Xây dựng, ...</p> <figure>...</figure> <p>...</p>
        <p style="text-align: right;"><strong>Minh Châu</strong></p>
        <div class="tags">...</div>
      </div>

There the body is read from those ``p`` (and ``figure``) siblings after the sapo holder,
with the same rules for asides and the byline.
"""

from __future__ import annotations

from functools import cached_property

from lxml.html import HtmlElement

from hnmcrawler.bylines import split_authors
from hnmcrawler.layouts.base import ArticleLayout
from hnmcrawler.layouts.era_2019.body import BYLINE_TAGS, is_aside, is_byline, loose_body
from hnmcrawler.layouts.html import image_source, paragraphs, pruned, text_of, texts
from hnmcrawler.layouts.metadata import meta
from hnmcrawler.text import clean_text
from hnmcrawler.urls import is_article_url

_NOT_CONTENT = ("script", "style", "noscript", "input", "link", "meta")


class Era2019Article(ArticleLayout):
    name = "era_2019"
    detect = "#NewsDetails, div.definfo div.period"  # (seen)
    markers = (b"NewsDetails", b"definfo")

    ARTICLE = "#NewsDetails"  # the article block; the whole page when missing
    BREADCRUMB = "div.breadcrum a[href]"  # (sic, seen) 1st home, 2nd section, 3rd subsection
    TITLE = "#NewsDetails h1, h1.caption"  # (seen) the first of them
    DATE = "div.definfo div.period"  # " 07:12 Thứ Tư ngày 01/01/2020" (seen)
    TEXT = "div.article"  # its first child holds the sapo in a strong (seen)
    CHILDREN = f"*[not({' or '.join(f'self::{tag}' for tag in _NOT_CONTENT)})]"
    FIRST_CHILD = f"{CHILDREN}[1]"
    SAPO = ".//*[self::strong or self::b][not(ancestor::strong or ancestor::b)]"
    PICTURE_BOX = "div.thumbox, img, figure"  # passed over on the way to the sapo
    BODY = "#abody"  # (seen)
    BODY_ID = "abody"
    # The lead image (seen): div.thumbox img of the article, never a sidebar's thumbnail;
    # any text in the box is its caption.
    LEAD_IMAGE = ("#NewsDetails div.thumbox", "div.article div.thumbox")
    NOT_TEXT = ("figure", "figcaption", "div.thumbox", "div.tags", "table.image")
    CAPTION = "ancestor::figure[1]//figcaption"  # figure > img + figcaption (assumed)
    TAG_BOX, TAG_LINKS = "div.tags", "a"  # div.tags a (assumed)
    PUBLISHED_META = "article:published_time"  # not seen in this era; read when present

    @cached_property
    def _article(self) -> HtmlElement:
        found = self.first(self.ARTICLE)
        return found if found is not None else self.page

    def _first(self, css: str) -> HtmlElement | None:
        """The first element ``css`` matches in the article block, else on the page."""
        found = self.first(css, self._article)
        return found if found is not None else self.first(css)

    @cached_property
    def _sapo_holder(self) -> HtmlElement | None:
        """The first child of div.article holding a bold (seen: ``div.article/p[1]/strong``),
        passing over picture boxes (div.thumbox may come first) and empty ones; inside
        #abody, or when a child with text but no bold comes first, only the first child."""
        node = self._first(self.TEXT)
        while node is not None:
            for child in self.xpath(self.CHILDREN, node):
                if child.get("id") == self.BODY_ID:
                    return next(iter(self.xpath(self.FIRST_CHILD, child)), None)
                if self.first(self.BODY, child) is not None:
                    break  # look inside the wrapper of #abody
                if self.xpath(self.SAPO, child) or not self._passed_over(child):
                    return child
            else:
                return None
            node = child
        return None

    def _passed_over(self, child: HtmlElement) -> bool:
        """A picture box or an empty element before the sapo."""
        return self.first(self.PICTURE_BOX, child) is not None or not text_of(child)

    @cached_property
    def _abody(self) -> tuple[HtmlElement | None, str]:
        """A copy of the body without sapo, ads, related links and byline; and the byline.
        The body is #abody, else the ``p`` siblings after the sapo holder in div.article."""
        original = self._first(self.BODY)
        if original is not None:
            holder = self._sapo_holder  # a child of #abody only as its first one
            in_body = holder is not None and holder.getparent() is original and self.sapo()
            body = pruned(original, xpath=(self.FIRST_CHILD,) if in_body else (), test=is_aside)
        elif (loose := self._loose_body()) is not None:
            body = pruned(loose, test=is_aside)
        else:
            return None, ""
        bylines = [e for e in body.iter(*BYLINE_TAGS) if e is not body and is_byline(e)]
        if not bylines:
            return body, ""
        byline = text_of(bylines[-1])
        bylines[-1].drop_tree()  # the last one, once the asides are gone: from our copy
        return body, byline

    def _loose_body(self) -> HtmlElement | None:
        """Without #abody: the ``p`` siblings after the sapo holder (``loose_body``); after
        nothing when the first child with text holds no sapo (it is then body text)."""
        text = self._first(self.TEXT)
        if text is None:
            return None
        return loose_body(text, self._sapo_holder if self.sapo() else None)

    def section(self) -> str:
        return next(map(text_of, self._breadcrumb[1:2]), "")

    def subsection(self) -> str | None:
        return next(map(text_of, self._breadcrumb[2:3]), "") or None

    @cached_property
    def _breadcrumb(self) -> list[HtmlElement]:
        """The breadcrumb's links; a link to the article itself is not a section."""
        links = self.select(self.BREADCRUMB)
        return [a for a in links if not is_article_url(self.absolute(a.get("href")))]

    def title(self) -> str:
        return text_of(self.first(self.TITLE))

    def sapo(self) -> str:
        holder = self._sapo_holder
        if holder is None:
            return ""
        return clean_text(" ".join(map(text_of, self.xpath(self.SAPO, holder))))

    def body(self) -> str:
        body = self._abody[0]
        return "\n\n".join(paragraphs(pruned(body, css=self.NOT_TEXT))) if body is not None else ""

    def authors(self) -> list[str]:
        return split_authors(self._abody[1])

    def tags(self) -> list[str]:
        box = self._first(self.TAG_BOX)
        return texts(self.select(self.TAG_LINKS, box)) if box is not None else []

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        lead = self.first_of(self.LEAD_IMAGE)
        if lead is not None and (img := self.first("img", lead)) is not None:
            self._add_image(found, img, text_of(lead))
        body = self._abody[0]
        for img in self.select("img", body) if body is not None else []:
            caption = next(iter(self.xpath(self.CAPTION, img)), None)
            self._add_image(found, img, text_of(caption))
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def _add_image(self, found: dict[str, str], img: HtmlElement, caption: str) -> None:
        """The first non-blank address that is no data: URI, when it is a web address."""
        url = self.absolute(image_source(img))
        if url.startswith(("http://", "https://")):
            found.setdefault(url, caption)

    def published_text(self) -> str:
        return text_of(self._first(self.DATE))

    def published_at(self) -> str | None:
        return meta(self.page, self.PUBLISHED_META)
