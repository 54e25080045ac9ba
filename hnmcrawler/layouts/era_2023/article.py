"""Article pages of ``era_2023``: hanoimoi.vn on the OneCMS platform, since about July 2023.

No real page of this era is at hand; this is the markup ``hnm-site.md`` describes (trimmed)::

    <link rel="canonical" href="https://hanoimoi.vn/ha-noi-phan-luong-...-1266648.html">
    <meta property="article:published_time" content="2026-02-20T16:39:00+07:00">
    <ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Trang chủ</a></li>
      <li class="breadcrumb-item"><a href="/do-thi">Đô thị</a></li>
      <li class="breadcrumb-item"><a href="/do-thi/giao-thong">Giao thông</a></li></ol>
    <div class="c-news-detail"><article class="entry">
      <h1 class="sc-longform-header-title">Hà Nội phân luồng giao thông ...</h1>
      <div class="sc-longform-header-text"><p class="sc-longform-header-sapo">...</p></div>
      <span class="sc-longform-header-author">Minh Phương</span>
      <span class="sc-longform-header-date">20/02/2026 16:39</span>
      <figure><img data-src="https://hnm.1cdn.vn/2026/02/20/a.jpg"><figcaption>... Ảnh: PV
        </figcaption></figure>
      <p class="align-justify">...</p>  <div class="c-box">(ad)</div>
      <div class="c-news-related">(links, /thumbs/ images)</div></article>
    <div class="c-widget-tags onecms__tags"><a href="/tag/...">...</a></div></div>

The older revision of the CMS prints ``h1.c-detail-head__title``, ``span.c-detail-head__time``
(``17:22 17/08/2025``) and the sapo in ``h2.desc`` (``Era2023DetailHeadArticle``). What the
markup lacks, the head's JSON-LD ``NewsArticle`` and ``og:*`` / ``article:*`` tags fill.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from hnmcrawler.layouts.base import ArticleLayout, memoized
from hnmcrawler.layouts.html import (
    has_class_word,
    image_source,
    paragraphs,
    pruned,
    text_of,
    texts,
)
from hnmcrawler.layouts.metadata import json_ld_article, ld_text, ld_urls, meta
from hnmcrawler.sites import CURRENT
from hnmcrawler.text import split_authors
from hnmcrawler.urls import ArticleKey, article_key, canonical_url

_HOME = "trang chủ"


class Era2023Article(ArticleLayout):
    name = "era_2023"
    detect = '[class*="sc-longform-header-"]'
    markers = (b"sc-longform-header-",)

    HEADER = ".sc-longform-header"  # the block holding the fields below (when there is one)
    TITLE = "h1.sc-longform-header-title"
    SAPO: tuple[str, ...] = ("p.sc-longform-header-sapo", "div.sc-longform-header-text > p")
    AUTHOR = "span.sc-longform-header-author"
    DATE = "span.sc-longform-header-date"  # 20/02/2026 16:39
    HEAD_MEDIA = ".sc-longform-header-media img"
    BREADCRUMB = "ol li.breadcrumb-item"  # after "Trang chủ": section, subsection; a or text
    CRUMB_MAX_LENGTH = 60  # a longer crumb is the article's title, not a section
    CATEGORY = "a.block-sc-cate-name"  # the most specific section (hnm-site.md)
    # the first that holds text (the header may stand alone in article.entry)
    BODY: tuple[str, ...] = (
        "div.c-news-detail article.entry",
        "article.entry",
        "div.c-news-detail",
    )
    IMAGE_SCOPE: tuple[str, ...] = ("div.c-news-detail", "article.entry")
    NOT_CONTENT = (
        ".c-box",  # ads
        ".c-news-related",
        '[class*="related"]',  # other related-link boxes (c-related-inline, box-related...)
        "div.c-widget-tags",
        ".breadcrumb",
        "a.block-sc-cate-name",
    )
    # Share, social and sticky boxes (``c-sticky-share``, ``social-box``: Facebook, Zalo):
    # a class containing one of these words, unless the box holds the article's own
    # paragraphs or figures or more text than a row of buttons.
    SHARE_WORDS = ("share", "social", "sticky", "zalo", "facebook")
    SHARE_MAX_TEXT = 200
    SHARE_KEEPS = (  # a share-worded box that holds this is content
        "boolean(.//p[contains(concat(' ', normalize-space(@class), ' '), ' align-justify ')]"
        f" or .//figure or string-length(normalize-space()) > {SHARE_MAX_TEXT})"
    )
    NOT_TEXT = ("figure", "figcaption")
    RELATED_THUMB = "/thumbs/"  # in an image URL: a related article's thumbnail
    CAPTION = "ancestor::figure[1]//figcaption"
    TAGS = "div.c-widget-tags.onecms__tags a"
    CANONICAL = 'link[rel="canonical"]::attr(href)'
    LD_TYPES = frozenset({"NewsArticle", "Article"})  # the JSON-LD object that fills gaps

    def __init__(self, response: Any) -> None:
        super().__init__(response)
        self.ld = json_ld_article(self.page, self.LD_TYPES) or {}

    @memoized
    def url(self) -> str:
        canonical = self.absolute(self.first(self.CANONICAL))
        return canonical_url(canonical if article_key(canonical) else self.response.url)

    @property
    def key(self) -> ArticleKey:
        key = article_key(self.url())
        if key is None:
            raise ValueError(f"not an article URL: {self.response.url}")
        return key

    def section(self) -> str:
        return next(iter(self._crumbs), "")

    def subsection(self) -> str | None:
        crumbs = self._crumbs
        return crumbs[1] if len(crumbs) > 1 else None

    @cached_property
    def _crumbs(self) -> list[str]:
        """The breadcrumb's items after "Trang chủ", linked or not, then the category when
        it names a subsection the breadcrumb stops short of."""
        names: list[str] = []
        for item in self.select(self.BREADCRUMB):
            link = self.first("a", item)
            name = text_of(link) or text_of(item)
            href = self.absolute(link.get("href")) if link is not None else ""
            if name.casefold() == _HOME or (href and urlsplit(href).path in ("", "/")):
                names.clear()  # what stands before "Trang chủ" is not a section
            elif self._is_section_name(name, href) and name not in names:
                names.append(name)
        category = self._category
        if not names:
            return [name for name in category if name]
        if len(names) == 1 and len(category) == 2 and category[0] in (names[0], ""):
            return [names[0], category[1]]
        return names

    def _is_section_name(self, name: str, href: str) -> bool:
        """Not empty, no link to an article, not the headline (a last crumb may repeat it)."""
        too_long = len(name) > self.CRUMB_MAX_LENGTH or name == self.title()
        return bool(name) and not article_key(href) and not too_long

    @cached_property
    def _category(self) -> list[str]:
        """``a.block-sc-cate-name``: ``[section, name]`` when its link shows a subsection
        (``""`` for a section we do not know), else ``[name]``."""
        link = self.first(self.CATEGORY)
        name = text_of(link)
        if not name:
            return []
        path = urlsplit(self.absolute(link.get("href"))).path.strip("/")
        found = CURRENT.section(path) if path else None
        slug = found.slug if found else path
        if "/" not in slug:
            return [name]
        parent = CURRENT.sections.get(slug.split("/")[0].casefold())
        parent_name = parent.name if parent else ""
        return [parent_name, name] if parent_name != name else [name]

    @memoized
    def title(self) -> str:
        return (
            text_of(self.first(self.TITLE))
            or ld_text(self.ld, "headline")
            or (meta(self.page, "og:title") or "")
        )

    def sapo(self) -> str:
        found = next(filter(None, (text_of(self.first(css)) for css in self.SAPO)), "")
        return found or ld_text(self.ld, "description") or meta(self.page, "og:description") or ""

    def body(self) -> str:
        """The paragraphs of the first body that has any, without boxes, figures and the
        header's fields."""
        header = (self.HEADER, self.TITLE, *self.SAPO, self.AUTHOR, self.DATE)
        drop = (*self.NOT_CONTENT, *self.NOT_TEXT, *header)
        for css in self.BODY:
            node = self.first(css)
            if node is not None and (found := paragraphs(self._content(node, drop))):
                return "\n\n".join(found)
        return ""

    def _content(self, node: HtmlElement, drop: tuple[str, ...]) -> HtmlElement:
        """A copy of ``node`` without what ``drop`` matches and without share boxes."""
        return pruned(node, css=drop, test=self._is_share_block)

    def authors(self) -> list[str]:
        spans = self.select(self.AUTHOR)
        names = (name for span in spans for name in split_authors(text_of(span)))
        return list(dict.fromkeys(names))

    def tags(self) -> list[str]:
        return texts(self.select(self.TAGS))

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        for img in self._images():
            url = self.absolute(image_source(img))
            if url and self.RELATED_THUMB not in url and url not in found:
                found[url] = text_of(next(iter(self.xpath(self.CAPTION, img)), None))
        if not found and (lead := self._metadata_image()):  # no image on the page
            found[lead] = ""
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def _metadata_image(self) -> str:
        """The first og:image or JSON-LD image that is no /thumbs/ thumbnail; else ""."""
        leads = [meta(self.page, "og:image") or "", *ld_urls(self.ld.get("image"))]
        urls = (self.absolute(lead) for lead in leads if lead.strip())
        return next((url for url in urls if self.RELATED_THUMB not in url), "")

    def _images(self) -> list[HtmlElement]:
        """The header's media, then the images of a copy of the body without ads, related
        boxes, share boxes and the header."""
        head = self.select(self.HEAD_MEDIA)
        scope = self.first_of(self.IMAGE_SCOPE)
        if scope is None:
            return head
        return [*head, *self.select("img", self._content(scope, (*self.NOT_CONTENT, self.HEADER)))]

    def _is_share_block(self, element: HtmlElement) -> bool:
        """A share, social or sticky box that holds no content."""
        return has_class_word(element, self.SHARE_WORDS) and not self.xpath(
            self.SHARE_KEEPS, element
        )

    def published_text(self) -> str:
        return text_of(self.first(self.DATE))

    def published_at(self) -> str | None:
        return meta(self.page, "article:published_time") or ld_text(self.ld, "datePublished")

    def updated_at(self) -> str | None:
        return meta(self.page, "article:modified_time") or ld_text(self.ld, "dateModified")


class Era2023DetailHeadArticle(Era2023Article):
    """The older markup revision of the same CMS: ``c-detail-head`` header, ``h2.desc`` sapo."""

    detect = '[class*="c-detail-head__"]'
    markers = (b"c-detail-head__",)

    HEADER = ".c-detail-head"
    TITLE = "h1.c-detail-head__title"
    SAPO = ("h2.desc",)  # also og:description, the fallback of every sapo
    AUTHOR = "span.c-detail-head__author"
    DATE = "span.c-detail-head__time"  # 17:22 17/08/2025
    BODY = ("div.c-news-detail", "article.entry")
