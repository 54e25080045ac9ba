"""An era_2023 (hanoimoi.vn) article page, in either markup revision; called by ``site``.

The current ``sc-longform-header`` markup (``templates/era_2023_article.html``) or the older
``c-detail-head`` one (``templates/era_2023_detail_head.html``), as ``article.variant`` says;
the head comes from ``article_head``, the frame from ``frame.render_page``. Page text is
written decomposed (NFD) or with no-break spaces where the article says so.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from hnmcrawler.mirror.generate.corpus import ascii_slug
from hnmcrawler.mirror.generate.era_2023.article_head import render_head
from hnmcrawler.mirror.generate.era_2023.frame import breadcrumb_html, render_page
from hnmcrawler.mirror.generate.era_2023.model import BASE, CDN, Block, CurrentArticle, Image
from hnmcrawler.mirror.generate.render import esc, link, template

AD = (
    '<div class="c-box c-box--ads"><span class="c-box__label">Quảng cáo</span>'
    f'<a href="https://hanoimoi.vn/quang-cao" rel="nofollow"><img src="{CDN}/ads/2026/banner-'
    'giua-bai.jpg" alt="Quảng cáo"></a></div>'
)


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
    """A ``.c-news-related`` box: each related article's thumbnail and title."""
    links = "".join(
        f'<li><a href="{esc(url)}">{image.img_html(title) if image else ""}</a>'
        f"<h4>{link(url, title)}</h4></li>"
        for url, title, image in article.related
    )
    return f'<div class="c-news-related"><h3>Tin liên quan</h3><ul>{links}</ul></div>'


def _related_thumb(article: CurrentArticle) -> str:
    """A bare thumbnail link to the first related article, no text."""
    if not article.related:
        return ""
    url, title, image = article.related[0]
    thumb = image.img_html(title) if image else ""
    return f'<div class="c-related-inline"><a href="{esc(url)}">{thumb}</a></div>'


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
    return _related_thumb(article)


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
    return render_page(render_head(article), main_html, "page-detail", today, article.channel)
