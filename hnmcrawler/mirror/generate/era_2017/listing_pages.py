"""An era_2017 section's listing pages, from ``templates/era_2017_listing.html``.

Called by ``site``: each page shows four timeline items with thumbnails, then plain links,
the paging and a sidebar of other sections' newest articles.
"""

from __future__ import annotations

from hnmcrawler.mirror.generate.era_2017.model import LegacyArticle
from hnmcrawler.mirror.generate.render import esc, legacy_path, link, template
from hnmcrawler.sites import Section


def page_url(section: Section, number: int) -> str:
    """The mirror's page-N URL (the real form is unknown; spiders only follow the link)."""
    return section.listing_url if number == 1 else f"{section.listing_url}?page={number}"


def _paging(section: Section, number: int, last: int) -> str:
    items = []
    for n in range(1, last + 1):
        rel = esc(legacy_path(page_url(section, n)))
        items.append(
            f"          <li><b>{n}</b></li>"
            if n == number
            else f'          <li><a href="{rel}">{n}</a></li>'
        )
    if number < last:
        rel = esc(legacy_path(page_url(section, number + 1)))
        items.append(f'          <li class="next"><a href="{rel}">Trang sau »</a></li>')
    return "\n".join(items)


def _timeline(article: LegacyArticle) -> str:
    href, title = esc(article.path), esc(article.text.title)
    thumb = (
        f'<a href="{href}"><img src="{esc(article.image_path(article.image_files[0]))}" alt=""></a>'
        if article.image_files
        else ""
    )
    return (
        f'        <div class="timeline">{thumb}<h3><a href="{href}">{title}</a></h3>'
        f'<p class="sapo">{esc(article.text.sapo)}</p></div>'
    )


def _bdrtp(article: LegacyArticle) -> str:
    return f'          <li class="bdrtp">{link(article.path, article.text.title)}</li>'


def _listing_page(
    section: Section, number: int, last: int, listed: list[LegacyArticle], mostread: str
) -> str:
    """Page ``number`` of ``last``: four timeline items with thumbnails, then plain links."""
    return template("era_2017_listing.html").substitute(
        section_name=esc(section.name),
        section_url=esc(legacy_path(section.listing_url)),
        timeline_html="\n".join(_timeline(a) for a in listed[:4]),
        bdrtp_html="\n".join(_bdrtp(a) for a in listed[4:]),
        paging_html=_paging(section, number, last),
        mostread_html=mostread,
    )


def render_listing_pages(
    articles: list[LegacyArticle],
    size: int,
    extra: list[LegacyArticle],
    mostread: list[LegacyArticle],
) -> list[tuple[str, str]]:
    """(url, html) of each listing page of one section; ``extra`` joins page 1's list."""
    section = articles[0].section
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    sidebar = "\n".join(f"          <li>{link(a.path, a.text.title)}</li>" for a in mostread)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        listed = chunk + (extra if number == 1 else [])
        html = _listing_page(section, number, len(chunks), listed, sidebar)
        pages.append((page_url(section, number), html))
    return pages
