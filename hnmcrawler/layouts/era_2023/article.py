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

``.entry`` is a generic class (a highlight box, a sidebar list): every field is read in the
article's own part of the page, found from its title (``scope``, ``container``).
"""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from hnmcrawler.bylines import split_authors
from hnmcrawler.layouts.base import memoized
from hnmcrawler.layouts.era_2023.scope import Era2023Scope
from hnmcrawler.layouts.html import image_source, text_of, texts
from hnmcrawler.layouts.metadata import json_ld_article, ld_text, ld_urls, meta
from hnmcrawler.sites import is_placeholder_image
from hnmcrawler.text import clean_text
from hnmcrawler.urls import ArticleKey, article_key, canonical_url


class Era2023Article(Era2023Scope):
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
    # The body's candidates, the preferred first: of the first that has one holding text,
    # the one holding the title, else the first after it (``container.article_container``;
    # the header may stand alone in an entry). div.entry (seen: the one HNM-specific public
    # crawler reads it), article.entry, .entry-no-padding, with or without wrappers;
    # div.b-maincontent when there is no entry (seen: an extractor config names it).
    BODY: tuple[str, ...] = (".entry", "div.c-news-detail", "div.b-maincontent")
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
    RELATED = (*NOT_CONTENT, ".c-box")  # boxes of other articles: their bylines are not ours
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
        return (
            self._visible_sapo()
            or ld_text(self.ld, "description")
            or meta(self.page, "og:description")
            or ""
        )

    @memoized
    def _visible_sapo(self) -> str:
        """The sapo the article prints (never metadata, which often copies the body's first
        paragraph): the first ``SAPO`` in the article's stretch, outside related boxes."""
        found = (self._in_article(self.select(css), self._related) for css in self.SAPO)
        return next(filter(None, (text_of(next(iter(n), None)) for n in found)), "")

    def body(self) -> str:
        """The paragraphs of the article's container, without boxes, figures and the
        header's fields; a first paragraph that repeats the printed sapo is the sapo's."""
        container = self._container()
        found = self._paragraphs(container) if container is not None else []
        return "\n\n".join(self._without_sapo(found))

    def _without_sapo(self, found: list[str]) -> list[str]:
        """``found`` without its first paragraph when that repeats the printed sapo (and more
        follows: a body that is only the sapo stays)."""
        sapo = clean_text(self._visible_sapo()).casefold()
        if len(found) > 1 and sapo and found[0].casefold() == sapo:
            return found[1:]
        return found

    def authors(self) -> list[str]:
        """The bylines in the article's header and container, not in related boxes."""
        spans = self.select(", ".join(self.AUTHORS))  # one query: each span once, in order
        ours = self._in_article(spans, self._related)
        names = (name for span in ours for name in split_authors(text_of(span)))
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
        """The header's media, then the other images of the article's stretch outside the
        header, ads, related boxes and share boxes."""
        head = self._in_article(self.select(self.HEAD_MEDIA), self._not_content)
        headers = set(self.select(self.HEADER))
        rest = self._in_article(self.select("img"), lambda e: e in headers or self._not_content(e))
        return [*head, *rest]

    def published_text(self) -> str:
        return text_of(self.first(self.DATE)).strip(self.DATE_SEPARATORS)

    def published_at(self) -> str | None:
        return meta(self.page, "article:published_time") or ld_text(self.ld, "datePublished")

    def updated_at(self) -> str | None:
        return meta(self.page, "article:modified_time") or ld_text(self.ld, "dateModified")
