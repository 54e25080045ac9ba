"""The ``<head>`` of an era_2023 article page: meta tags and the two JSON-LD blocks.

Dates here are machine dates: ISO 8601 in +07:00, or in UTC on "zulu" pages, shifted by
``meta_shift`` where the mirror makes metadata disagree with the visible date, and left out
of the meta tags (JSON-LD only) on "ld-only" pages. Template: ``templates/era_2023_head.html``.
Called by ``article_page``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hnmcrawler.mirror.generate.era_2023.model import BASE, Crumb, CurrentArticle
from hnmcrawler.mirror.generate.render import esc, template

PUBLISHER = {"@type": "Organization", "name": "Báo Hànộimới"}


def _json_ld(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _machine(article: CurrentArticle, when: datetime) -> str:
    """A metadata date: ISO 8601 in +07:00, or in UTC (``...Z``) on "zulu" pages."""
    if article.meta_dates == "zulu":
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()


def _meta_dates(article: CurrentArticle, published: str, modified: str | None) -> str:
    if article.meta_dates == "ld-only":
        return ""
    dates = f'<meta property="article:published_time" content="{published}">\n'
    if modified:
        dates += f'<meta property="article:modified_time" content="{modified}">\n'
    return dates


def _news_article(
    article: CurrentArticle, published: str, modified: str | None, lead: str | None
) -> dict[str, object]:
    news: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.url},
        "headline": article.title,
        "description": article.sapo,
        "datePublished": published,
        "author": [{"@type": "Person", "name": a} for a in article.authors] or PUBLISHER,
        "publisher": PUBLISHER,
    }
    if modified:
        news["dateModified"] = modified
    if lead:
        news["image"] = {"@type": "ImageObject", "url": lead}
    return news


def _breadcrumb_list(article: CurrentArticle) -> dict[str, object]:
    crumbs = [Crumb("Trang chủ", "/"), *article.crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": c.name, "item": BASE + c.path}
            for n, c in enumerate(crumbs, start=1)
        ],
    }


def render_head(article: CurrentArticle) -> str:
    """Title, description, canonical and Open Graph tags, dates, then the JSON-LD."""
    published = _machine(article, article.published + article.meta_shift)
    modified = _machine(article, article.updated) if article.updated else None
    lead = article.images[0].url if article.images else None
    return template("era_2023_head.html").substitute(
        title=esc(article.title),
        description=esc(article.sapo),
        keywords=esc(", ".join(article.tags)),
        url=esc(article.url),
        section_name=esc(article.crumbs[0].name),
        og_image_html=f'<meta property="og:image" content="{esc(lead)}">\n' if lead else "",
        meta_dates_html=_meta_dates(article, published, modified),
        news_ld=_json_ld(_news_article(article, published, modified, lead)),
        breadcrumb_ld=_json_ld(_breadcrumb_list(article)),
    )
