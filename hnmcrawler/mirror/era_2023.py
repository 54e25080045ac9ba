"""Render era_2023 (hanoimoi.vn, OneCMS) pages for the mirror from ``templates/era_2023_*``.

``CurrentArticle`` is one article as the generator decided it: its body is a list of blocks
(paragraphs, subheadings, figures, ads, related boxes) so that the page and the expected
item (``expected_item``, ground truth written before any parsing) come from one source.
Article pages are rendered in the current ``sc-longform-header`` markup or the older
``c-detail-head`` one.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

from hnmcrawler.mirror.corpus import ascii_slug
from hnmcrawler.mirror.render import esc, link, template
from hnmcrawler.sites import CURRENT

BASE = CURRENT.base_url
CDN = "https://hnm.1cdn.vn"
PLACEHOLDER = f"{BASE}/themes/hanoimoi/images/grey.gif"  # what lazy images show first
DEFAULT_THUMB = f"{BASE}/themes/hanoimoi/images/default-thumb.jpg"


@dataclass(frozen=True)
class Image:
    url: str  # absolute, as the item carries it
    caption: str  # as printed; "" when the figure has none
    protocol_relative: bool = False  # written //hnm.1cdn.vn/...
    lazy: bool = False  # the real URL in data-src, a placeholder in src

    @property
    def thumb(self) -> str:
        """The listing/related thumbnail: ``/thumbs/{W}x{H}/`` before the date path."""
        return self.url.replace(f"{CDN}/", f"{CDN}/thumbs/540x360/", 1)

    def img_html(self, alt: str) -> str:
        written = self.url.removeprefix("https:") if self.protocol_relative else self.url
        if self.lazy:
            return (
                f'<img class="lazyload" src="{PLACEHOLDER}" data-src="{esc(written)}" '
                f'alt="{esc(alt)}">'
            )
        return f'<img src="{esc(written)}" alt="{esc(alt)}">'


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str  # "/do-thi/giao-thong"


@dataclass(frozen=True)
class Block:
    """One piece of an article body: ``p``, ``h`` (subheading), ``figure``, ``ad``,
    ``related`` (a ``.c-news-related`` box) or ``thumb`` (a bare related thumbnail link)."""

    kind: str
    text: str = ""
    image: Image | None = None


@dataclass(frozen=True)
class CurrentArticle:
    listing: str  # the mirror section slug listing it, e.g. "do-thi/giao-thong"
    channel: int
    crumbs: tuple[Crumb, ...]  # after "Trang chủ": section [, subsection]
    article_id: int
    slug: str
    title: str
    sapo: str
    blocks: tuple[Block, ...]
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    published: datetime
    updated: datetime | None = None
    variant: str = "longform"  # or "detail-head" (the older markup)
    joined_authors: bool = False  # two names in one span: "A - B"
    meta_dates: str = "meta"  # "meta" (+07:00), "zulu" (UTC), "ld-only" (JSON-LD only)
    meta_shift: timedelta = timedelta(0)  # metadata date minus the visible one
    nfd: bool = False  # text written decomposed (NFD)
    nbsp: bool = False  # some spaces written as &nbsp;
    related: tuple[tuple[str, str, Image | None], ...] = field(default=())  # url, title, image

    @property
    def url(self) -> str:
        return f"{BASE}/{self.slug}-{self.article_id}.html"

    @property
    def images(self) -> list[Image]:
        return [b.image for b in self.blocks if b.kind == "figure" and b.image]

    @property
    def thumb(self) -> str:
        return self.images[0].thumb if self.images else DEFAULT_THUMB

    @property
    def date_text(self) -> str:
        """As the page prints it: ``20/02/2026 16:39`` or, older markup, ``17:22 17/08/2025``."""
        if self.variant == "detail-head":
            return f"{self.published:%H:%M %d/%m/%Y}"
        return f"{self.published:%d/%m/%Y %H:%M}"

    def expected_item(self) -> dict[str, object]:
        return {
            "url": self.url,
            "site": CURRENT.host,
            "article_id": self.article_id,
            "layout": "era_2023",
            "section": self.crumbs[0].name,
            "subsection": self.crumbs[1].name if len(self.crumbs) > 1 else None,
            "title": self.title,
            "sapo": self.sapo,
            "body": "\n\n".join(b.text for b in self.blocks if b.kind in ("p", "h")),
            "authors": list(self.authors),
            "tags": list(self.tags),
            "images": [{"url": i.url, "caption": i.caption} for i in self.images],
            "published_text": self.date_text,
            "published_at": self.published.isoformat(),
            "updated_at": self.updated.isoformat() if self.updated else None,
        }


def listing_time(when: datetime) -> str:
    """``span.b-grid__time`` in section lists (assumed: the article page's form)."""
    return f"{when:%d/%m/%Y %H:%M}"


def _text(article: CurrentArticle, value: str) -> str:
    """Escaped page text, decomposed or with no-break spaces when the article says so."""
    if article.nfd:
        value = unicodedata.normalize("NFD", value)
    written = esc(value)
    if article.nbsp:
        written = written.replace(" ", "&nbsp;", 2).replace(", ", ",\u00a0 ")
    return written


def _figure(article: CurrentArticle, image: Image) -> str:
    caption = f"<figcaption>{_text(article, image.caption)}</figcaption>" if image.caption else ""
    return f'<figure class="image">{image.img_html(article.title)}{caption}</figure>'


def _related(article: CurrentArticle) -> str:
    links = "".join(
        f'<li><a href="{esc(url)}">{image.img_html(title) if image else ""}</a>'
        f'<h4><a href="{esc(url)}">{esc(title)}</a></h4></li>'
        for url, title, image in article.related
    )
    return f'<div class="c-news-related"><h3>Tin liên quan</h3><ul>{links}</ul></div>'


AD = (
    '<div class="c-box c-box--ads"><span class="c-box__label">Quảng cáo</span>'
    f'<a href="https://hanoimoi.vn/quang-cao" rel="nofollow"><img src="{CDN}/ads/2026/banner-'
    'giua-bai.jpg" alt="Quảng cáo"></a></div>'
)


def _block(article: CurrentArticle, block: Block) -> str:
    if block.kind == "p":
        return f'<p class="align-justify">{_text(article, block.text)}</p>'
    if block.kind == "h":
        return f"<h3><strong>{_text(article, block.text)}</strong></h3>"
    if block.kind == "figure" and block.image:
        return _figure(article, block.image)
    if block.kind == "ad":
        return AD
    if block.kind == "related":
        return _related(article)
    if not article.related:
        return ""
    url, title, image = article.related[0]  # a bare thumbnail link, no text
    thumb = image.img_html(title) if image else ""
    return f'<div class="c-related-inline"><a href="{esc(url)}">{thumb}</a></div>'


def _json_ld(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _machine(article: CurrentArticle, when: datetime) -> str:
    """A metadata date: ISO 8601 in +07:00, or in UTC (``...Z``) on "zulu" pages."""
    if article.meta_dates == "zulu":
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()


def _head(article: CurrentArticle) -> str:
    published = _machine(article, article.published + article.meta_shift)
    modified = _machine(article, article.updated) if article.updated else None
    lead = article.images[0].url if article.images else None
    dates = ""
    if article.meta_dates != "ld-only":
        dates = f'<meta property="article:published_time" content="{published}">\n'
        if modified:
            dates += f'<meta property="article:modified_time" content="{modified}">\n'
    news: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.url},
        "headline": article.title,
        "description": article.sapo,
        "datePublished": published,
        "author": [{"@type": "Person", "name": a} for a in article.authors]
        or {"@type": "Organization", "name": "Báo Hànộimới"},
        "publisher": {"@type": "Organization", "name": "Báo Hànộimới"},
    }
    if modified:
        news["dateModified"] = modified
    if lead:
        news["image"] = {"@type": "ImageObject", "url": lead}
    crumbs = [Crumb("Trang chủ", "/"), *article.crumbs]
    trail = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": c.name, "item": BASE + c.path}
            for n, c in enumerate(crumbs, start=1)
        ],
    }
    return template("era_2023_head.html").substitute(
        title=esc(article.title),
        description=esc(article.sapo),
        keywords=esc(", ".join(article.tags)),
        url=esc(article.url),
        section_name=esc(article.crumbs[0].name),
        og_image_html=f'<meta property="og:image" content="{esc(lead)}">\n' if lead else "",
        meta_dates_html=dates,
        news_ld=_json_ld(news),
        breadcrumb_ld=_json_ld(trail),
    )


def breadcrumb_html(crumbs: tuple[Crumb, ...], text: Callable[[str], str] = esc) -> str:
    items = [Crumb("Trang chủ", "/"), *crumbs]
    return "\n".join(
        f'      <li class="breadcrumb-item"><a href="{BASE}{c.path}">{text(c.name)}</a></li>'
        for c in items
    )


def _authors(article: CurrentArticle, css: str) -> str:
    names = [" - ".join(article.authors)] if article.joined_authors else article.authors
    return " ".join(f'<span class="{css}">{_text(article, n)}</span>' for n in names)


def _tags(article: CurrentArticle) -> str:
    if not article.tags:
        return ""
    links = " ".join(
        f'<a href="{BASE}/tag/{ascii_slug(t)}">{_text(article, t)}</a>' for t in article.tags
    )
    return (
        '<div class="c-widget-tags onecms__tags"><span class="c-widget-tags__label">'
        f"Từ khóa:</span> {links}</div>"
    )


def _more_links(article: CurrentArticle) -> str:
    return "\n".join(f"          <li>{link(url, title)}</li>" for url, title, _ in article.related)


def render_article(article: CurrentArticle, today: str) -> str:
    """The article page, in the markup revision ``article.variant`` names."""
    detail_head = article.variant == "detail-head"
    last = article.crumbs[-1]
    main = template("era_2023_detail_head.html" if detail_head else "era_2023_article.html")
    main_html = main.substitute(
        breadcrumb_html=breadcrumb_html(article.crumbs, lambda t: _text(article, t)),
        category_html=f'<a class="block-sc-cate-name" href="{BASE}{last.path}">'
        f"{_text(article, last.name)}</a>",
        date_text=esc(article.date_text),
        title=_text(article, article.title),
        sapo=_text(article, article.sapo),
        authors_html=_authors(
            article, "c-detail-head__author" if detail_head else "sc-longform-header-author"
        ),
        share_url=esc(quote(article.url, safe="")),
        body_html="\n".join(f"            {_block(article, b)}" for b in article.blocks),
        tags_html=_tags(article),
        more_html=_more_links(article),
        channel=article.channel,
    )
    return render_page(_head(article), main_html, "page-detail", today, article.channel)


def render_page(head_html: str, main_html: str, body_class: str, today: str, channel: int) -> str:
    menu = "\n".join(
        f'      <li class="c-menu__item"><a href="{esc(s.listing_url)}">{esc(s.name)}</a></li>'
        for s in CURRENT.top_sections()
    )
    return template("era_2023_page.html").substitute(
        head_html=head_html,
        body_class=body_class,
        today=esc(today),
        menu_html=menu,
        main_html=main_html,
        channel=channel,
    )


@dataclass(frozen=True)
class ListedItem:
    """An item of a section list: an article, or a video/e-magazine/event the crawler skips."""

    pid: int
    url: str
    title: str
    sapo: str
    thumb: str
    published: datetime
    channel_name: str


def listed(article: CurrentArticle, channel_name: str) -> ListedItem:
    return ListedItem(
        article.article_id,
        article.url,
        article.title,
        article.sapo,
        article.thumb,
        article.published,
        channel_name,
    )


def _grid_item(item: ListedItem, cate: Crumb) -> str:
    url, title = esc(item.url), esc(item.title)
    return f"""        <li pid="{item.pid}">
          <div class="b-grid">
            <div class="b-grid__img"><a href="{url}" title="{title}"><img class="lazyload" \
src="{PLACEHOLDER}" data-src="{esc(item.thumb)}" alt="{title}"></a></div>
            <div class="b-grid__content">
              <div class="b-grid__row"><a class="b-grid__cate" href="{BASE}{cate.path}">\
{esc(cate.name)}</a><span class="b-grid__time">{listing_time(item.published)}</span></div>
              <h3 class="b-grid__title"><a href="{url}">{title}</a></h3>
              <div class="b-grid__desc"><a href="{url}">{esc(item.sapo)}</a></div>
            </div>
          </div>
        </li>"""


def render_section_page(
    crumbs: tuple[Crumb, ...],
    channel: int,
    items: list[ListedItem],
    top_read: list[ListedItem],
    today: str,
) -> str:
    """A section page: its first items as ``li[pid]``, a top-read box naming the channel."""
    name, url = crumbs[-1].name, BASE + crumbs[-1].path
    main_html = template("era_2023_listing.html").substitute(
        breadcrumb_html=breadcrumb_html(crumbs),
        section_name=esc(name),
        items_html="\n".join(_grid_item(i, crumbs[-1]) for i in items),
        channel=channel,
        top_read_html="\n".join(f"            <li>{link(i.url, i.title)}</li>" for i in top_read),
    )
    head_html = (
        f"<title>{esc(name)} - Báo Hànộimới</title>\n"
        f'<link rel="canonical" href="{esc(url)}">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{BASE}/rss{crumbs[-1].path}">'
    )
    return render_page(head_html, main_html, "page-category", today, channel)


def render_more(items: list[ListedItem]) -> str:
    """A ``getMoreArticle`` answer: a JSON list (``[]`` ends the chain)."""
    return json.dumps(
        [
            {
                "PublisherId": i.pid,
                "LinktoMe2": i.url,
                "Title": i.title,
                "Headlines": i.sapo,
                "Thumbnail": i.thumb,
                "NameChannel": i.channel_name,
                "TimeX2": f"{i.published:%Y-%m-%d %H:%M:%S}",
            }
            for i in items
        ],
        ensure_ascii=False,
    )


def render_home(items: list[ListedItem], today: str) -> str:
    grid = "\n".join(
        f'        <div class="b-grid"><h3 class="b-grid__title"><a href="{esc(i.url)}">'
        f"{esc(i.title)}</a></h3></div>"
        for i in items
    )
    main_html = (
        '<main class="l-main"><div class="container">\n'
        f'      <div class="c-template-list">\n{grid}\n      </div>\n'
        "</div></main>"
    )
    head_html = f'<title>Báo Hànộimới</title>\n<link rel="canonical" href="{BASE}/">'
    return render_page(head_html, main_html, "page-home", today, 0)


def _cdata(text: str) -> str:
    return text.replace("]]>", "]]]]><![CDATA[>")


def render_rss(crumbs: tuple[Crumb, ...], items: list[ListedItem], built: datetime) -> str:
    """``/rss/{section}``: RSS 2.0, ``description`` holding an ``img``, RFC 822 ``pubDate``."""
    entries = "\n".join(
        f"""    <item>
      <title>{esc(i.title)}</title>
      <link>{esc(i.url)}</link>
      <guid isPermaLink="true">{esc(i.url)}</guid>
      <description><![CDATA[{
            _cdata(
                f'<a href="{esc(i.url)}"><img src="{esc(i.thumb)}" alt="" /></a><br />{esc(i.sapo)}'
            )
        }]]></description>
      <pubDate>{format_datetime(i.published)}</pubDate>
    </item>"""
        for i in items
    )
    return template("era_2023_rss.xml").substitute(
        title=esc(f"{crumbs[-1].name} - Báo Hànộimới"),
        link=esc(BASE + crumbs[-1].path),
        feed_url=esc(f"{BASE}/rss{crumbs[-1].path}"),
        built=format_datetime(built),
        items_html=entries,
    )


def render_urlset(urls: list[tuple[str, datetime | None]]) -> str:
    """A sitemap ``urlset``: ``loc`` and, when known, ``lastmod`` (+07:00)."""
    rows = "\n".join(
        f"  <url><loc>{esc(loc)}</loc>"
        + (f"<lastmod>{when.isoformat()}</lastmod>" if when else "")
        + "</url>"
        for loc, when in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}\n</urlset>\n"
    )


def render_sitemap_index(children: list[tuple[str, datetime | None]]) -> str:
    rows = "\n".join(
        f"  <sitemap><loc>{esc(loc)}</loc>"
        + (f"<lastmod>{when.isoformat()}</lastmod>" if when else "")
        + "</sitemap>"
        for loc, when in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}\n</sitemapindex>\n"
    )
