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

Variants public crawlers of the site and its sister OneCMS sites read (hnm-site.md, "More
evidence"): the body in ``div.entry`` with no wrapper, ``article.entry.entry-no-padding``,
``div.c-news-detail .entry`` or, with no entry at all, ``div.b-maincontent``; the header block
inside the entry, repeating title, section and byline (dropped from the body); bylines in
``span.block-sc-author`` (``div.sc-longform-header-meta > span.block-sc-author``); the sapo in
``p.block-sc-sapo``, sometimes repeated as the entry's first paragraph (dropped there).

The older revision of the CMS (``detail_head.Era2023DetailHeadArticle``) prints
``h1.c-detail-head__title``, ``span.c-detail-head__time`` (``17:22 17/08/2025 |``) and the
sapo in ``h2.desc`` or ``p.desc``. The visible page wins; what it lacks, the head's JSON-LD
``NewsArticle`` and ``og:*`` / ``article:*`` tags fill.
"""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from hnmcrawler.layouts.base import memoized
from hnmcrawler.layouts.era_2023.filing import Era2023Filing
from hnmcrawler.layouts.html import (
    has_class_word,
    image_source,
    paragraphs,
    pruned,
    text_of,
    texts,
)
from hnmcrawler.layouts.metadata import json_ld_article, ld_text, ld_urls, meta
from hnmcrawler.sites import is_placeholder_image
from hnmcrawler.text import clean_text, split_authors
from hnmcrawler.urls import ArticleKey, article_key, canonical_url


class Era2023Article(Era2023Filing):
    name = "era_2023"
    detect = '[class*="sc-longform-header-"]'
    markers = (b"sc-longform-header-",)

    HEADER = ".sc-longform-header"  # the block holding the fields below (when there is one)
    TITLE = "h1.sc-longform-header-title"
    SAPO: tuple[str, ...] = (
        "p.sc-longform-header-sapo",
        "p.block-sc-sapo",  # div.sc-longform-header-text > p.block-sc-sapo (seen)
        "div.sc-longform-header-text > p",
    )
    # every byline span, in page order: span.sc-longform-header-author(.block-sc-author),
    # div.sc-longform-header-meta > span.block-sc-author (seen), a span marked only so
    AUTHORS: tuple[str, ...] = ("span.sc-longform-header-author", "span.block-sc-author")
    DATE = "span.sc-longform-header-date"  # 20/02/2026 16:39
    DATE_SEPARATORS = " |"  # "17:22 17/08/2025 |": the bar before the byline is no date
    HEAD_MEDIA = ".sc-longform-header-media img"
    # the first that holds text (the header may stand alone in article.entry); div.entry
    # and .entry-no-padding with or without wrappers, div.b-maincontent when no entry
    BODY: tuple[str, ...] = (
        "div.c-news-detail article.entry",
        "div.c-news-detail .entry",
        "article.entry",
        "div.entry",  # (seen: the one HNM-specific public crawler reads it)
        "div.c-news-detail",
        "div.b-maincontent",  # (seen: an extractor config for hanoimoi.vn names it)
    )
    IMAGE_SCOPE: tuple[str, ...] = (
        "div.c-news-detail",
        "article.entry",
        "div.entry",
        "div.b-maincontent",
    )
    # Boxes that are never the article's text, by one of their class names (a look in
    # Python as ``pruned`` walks the body: one XPath branch per class costs more).
    CHROME_CLASSES = frozenset(
        {
            "c-box",  # ads, and the "Bài liên quan" / "Bài đọc tiếp" boxes
            "c-news-related",
            "c-widget-tags",
            "c-tag",
            "breadcrumb",
            "block-sc-cate-name",
            "block-sc-title",  # the headline, repeated where the header stands in the entry
            "sc-longform-header-meta",
            "sc-empty-layer",
            "c-sticky-share",
            "c-sticky-mobile",
            "c-powered",
        }
    )
    NOT_CONTENT = ('[class*="related"]',)  # other related boxes (c-related-inline, ...)
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

    @memoized
    def title(self) -> str:
        return (
            text_of(self.first(self.TITLE))
            or ld_text(self.ld, "headline")
            or (meta(self.page, "og:title") or "")
        )

    @memoized
    def sapo(self) -> str:
        found = next(filter(None, (text_of(self.first(css)) for css in self.SAPO)), "")
        return found or ld_text(self.ld, "description") or meta(self.page, "og:description") or ""

    def body(self) -> str:
        """The paragraphs of the first body that has any, without boxes, figures and the
        header's fields; a first paragraph that repeats the sapo is the sapo's."""
        header = (self.HEADER, self.TITLE, *self.SAPO, *self.AUTHORS, self.DATE)
        drop = (*self.NOT_CONTENT, *self.NOT_TEXT, *header)
        for css in self.BODY:
            node = self.first(css)
            if node is not None and (found := paragraphs(self._content(node, drop))):
                return "\n\n".join(self._without_sapo(found))
        return ""

    def _without_sapo(self, found: list[str]) -> list[str]:
        """``found`` without its first paragraph when that repeats the sapo (and more
        follows: a body that is only the sapo stays)."""
        sapo = clean_text(self.sapo()).casefold()
        if len(found) > 1 and sapo and found[0].casefold() == sapo:
            return found[1:]
        return found

    def _content(self, node: HtmlElement, drop: tuple[str, ...]) -> HtmlElement:
        """A copy of ``node`` without what ``drop`` matches, chrome and share boxes."""
        return pruned(node, css=drop, test=self._is_box)

    def authors(self) -> list[str]:
        spans = self.select(", ".join(self.AUTHORS))  # one query: each span once, in order
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
        """The first og:image or JSON-LD image that is neither a /thumbs/ thumbnail nor the
        site's share logo (what both fall back to for an article without a picture); else ""."""
        leads = [meta(self.page, "og:image") or "", *ld_urls(self.ld.get("image"))]
        urls = (self.absolute(lead) for lead in leads if lead.strip())
        wanted = (url for url in urls if not is_placeholder_image(url))
        return next((url for url in wanted if self.RELATED_THUMB not in url), "")

    def _images(self) -> list[HtmlElement]:
        """The header's media, then the images of a copy of the body without ads, related
        boxes, share boxes and the header."""
        head = self.select(self.HEAD_MEDIA)
        scope = self.first_of(self.IMAGE_SCOPE)
        if scope is None:
            return head
        return [*head, *self.select("img", self._content(scope, (*self.NOT_CONTENT, self.HEADER)))]

    def _is_box(self, element: HtmlElement) -> bool:
        """Chrome (``CHROME_CLASSES``), or a share, social or sticky box that holds no
        content."""
        names = element.get("class") if isinstance(element.tag, str) else None
        if names and not self.CHROME_CLASSES.isdisjoint(names.split()):
            return True
        return has_class_word(element, self.SHARE_WORDS) and not self.xpath(
            self.SHARE_KEEPS, element
        )

    def published_text(self) -> str:
        return text_of(self.first(self.DATE)).strip(self.DATE_SEPARATORS)

    def published_at(self) -> str | None:
        return meta(self.page, "article:published_time") or ld_text(self.ld, "datePublished")

    def updated_at(self) -> str | None:
        return meta(self.page, "article:modified_time") or ld_text(self.ld, "dateModified")
