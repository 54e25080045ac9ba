"""Layout ``generic``: what standard metadata says about a page no era layout knows.

When the site is redesigned, article pages stop matching every era layout. Rather than lose
them, the spiders count and log each one (``hnm/layout/unknown``) and read what any news page
carries for search engines and social networks::

    <link rel="canonical" href="https://hanoimoi.vn/...-1266648.html">
    <meta property="og:title" content="...">  <meta property="article:published_time" ...>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "...",
      "articleBody": "...", "author": {"name": "..."}, "datePublished": "..."}</script>

The item is emitted with ``layout`` = ``generic`` only when it has a title and a body
(JSON-LD ``articleBody`` or schema.org ``itemprop=articleBody`` markup); otherwise nothing.
Metadata values come without markup (``layouts.metadata``: entities escaped once or twice,
HTML in ``articleBody``), and a site logo or placeholder is never the article's image.
"""

from __future__ import annotations

from typing import Any

from hnmcrawler.items import ArticleItem
from hnmcrawler.layouts.base import ArticleLayout, is_html
from hnmcrawler.layouts.html import paragraphs, text_of
from hnmcrawler.layouts.metadata import (
    json_ld_article,
    ld_keywords,
    ld_names,
    ld_text,
    ld_urls,
    meta,
)
from hnmcrawler.sites import is_placeholder_image
from hnmcrawler.text import clean_text
from hnmcrawler.urls import article_key, canonical_url


class GenericArticle(ArticleLayout):
    name = "generic"

    BODY_MARKUP = '[itemprop="articleBody"]'
    CANONICAL = 'link[rel="canonical"]::attr(href)'

    def __init__(self, response: Any) -> None:
        super().__init__(response)
        self.ld: dict[str, Any] = json_ld_article(self.page) or {}

    @classmethod
    def read(cls, response: Any) -> ArticleItem | None:
        """The item of the page when its metadata has a title and a body, else None."""
        if not is_html(response):
            return None
        layout = cls(response)
        if article_key(layout.url()) is None or not layout.title() or not layout.body():
            return None
        return layout.to_item()

    def _ld(self, key: str) -> str:
        return clean_text(ld_text(self.ld, key) or "")

    def url(self) -> str:
        canonical = self.absolute(self.first(self.CANONICAL))
        return canonical_url(canonical if article_key(canonical) else self.response.url)

    def site(self) -> str:
        key = article_key(self.url())
        return key.site if key else ""

    def article_id(self) -> int:
        key = article_key(self.url())
        return key.article_id if key else 0

    def section(self) -> str:
        return self._ld("articleSection") or meta(self.page, "article:section") or ""

    def title(self) -> str:
        return self._ld("headline") or meta(self.page, "og:title") or ""

    def sapo(self) -> str:
        return self._ld("description") or meta(self.page, "og:description") or ""

    def body(self) -> str:
        if text := ld_text(self.ld, "articleBody"):
            return text
        marked = self.first(self.BODY_MARKUP)
        return "\n\n".join(paragraphs(marked)) if marked is not None else ""

    def authors(self) -> list[str]:
        return ld_names(self.ld.get("author")) or [a for a in [meta(self.page, "author")] if a]

    def tags(self) -> list[str]:
        return ld_keywords(self.ld.get("keywords")) or ld_keywords(
            meta(self.page, "keywords") or ""
        )

    def images(self) -> list[dict[str, str]]:
        urls = self._pictures(ld_urls(self.ld.get("image"))) or self._pictures(
            [meta(self.page, "og:image") or ""]
        )
        return [{"url": url, "caption": ""} for url in urls]

    def _pictures(self, urls: list[str]) -> list[str]:
        """Absolute ``urls`` without repeats, logos and placeholders."""
        absolute = dict.fromkeys(self.absolute(url) for url in urls)
        return [url for url in absolute if url and not is_placeholder_image(url)]

    def published_text(self) -> str:
        return text_of(self.first("time"))

    def published_at(self) -> Any:
        return self._ld("datePublished") or meta(self.page, "article:published_time")

    def updated_at(self) -> Any:
        return self._ld("dateModified") or meta(self.page, "article:modified_time")


def generic_item(response: Any) -> ArticleItem | None:
    return GenericArticle.read(response)
