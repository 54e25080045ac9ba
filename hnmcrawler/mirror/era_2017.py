"""Render era_2017 (hanoimoi.com.vn) pages for the mirror from ``templates/era_2017_*.html``.

``LegacyArticle`` is one article as the generator decided it; ``expected_item`` is the item
a correct crawl must produce for it (ground truth, written before any parsing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hnmcrawler.mirror.corpus import ArticleText
from hnmcrawler.mirror.render import esc, legacy_path, legacy_tags, link, template, weekday_date
from hnmcrawler.sites import LEGACY, Section


@dataclass(frozen=True)
class LegacyArticle:
    section: Section
    article_id: int
    slug: str
    text: ArticleText
    published: datetime
    image_user: str
    image_files: list[str]
    figure_at: int  # the paragraph the figures stand before
    body_container: str = "NewsGallery"  # or "summ" (older pages)

    @property
    def path(self) -> str:
        return f"/Tin-tuc/{self.section.slug}/{self.article_id}/{self.slug}"

    @property
    def url(self) -> str:
        return LEGACY.base_url + self.path

    def image_path(self, name: str) -> str:
        d = self.published
        return f"/Uploads/{self.image_user}/{d.year}/{d.month}/{d.day}/{name}"

    def expected_item(self) -> dict[str, object]:
        t = self.text
        return {
            "url": self.url,
            "site": LEGACY.host,
            "article_id": self.article_id,
            "layout": "era_2017",
            "section": self.section.name,
            "subsection": None,
            "title": f"{t.kicker} {t.title}".strip(),
            "sapo": t.sapo,
            "body": "\n\n".join(t.paragraphs),
            "authors": t.authors,
            "tags": t.tags,
            "images": [
                {"url": LEGACY.base_url + self.image_path(f), "caption": c}
                for f, c in zip(self.image_files, t.captions, strict=True)
            ],
            "published_text": weekday_date(self.published),
            "published_at": self.published.isoformat(),
            "updated_at": None,
        }


def _figures(article: LegacyArticle) -> str:
    return "\n".join(
        f'          <figure><img src="{esc(article.image_path(f))}" alt="">'
        f"<figcaption>{esc(c)}</figcaption></figure>"
        for f, c in zip(article.image_files, article.text.captions, strict=True)
    )


def _body(article: LegacyArticle) -> str:
    parts = [f"          <p>{esc(p)}</p>" for p in article.text.paragraphs]
    parts.insert(article.figure_at, _figures(article))
    return "\n".join(p for p in parts if p)


def render_article(article: LegacyArticle) -> str:
    t = article.text
    kicker = f'        <h2 class="subtitle">{esc(t.kicker)}</h2>\n' if t.kicker else ""
    author = (
        f'        <div class="author">{esc(" - ".join(t.authors))}</div>\n' if t.authors else ""
    )
    summ = article.body_container == "summ"
    return template("era_2017_article.html").substitute(
        head_title=esc(f"{t.kicker} {t.title}".strip()),
        head_description=esc(t.sapo),
        kicker_html=kicker,
        title=esc(t.title),
        section_url=esc(legacy_path(article.section.listing_url)),
        section_name=esc(article.section.name),
        date_text=esc(weekday_date(article.published)),
        body_id="" if summ else "NewsGallery",
        body_class="summ" if summ else "content",
        sapo=esc(t.sapo),
        body_html=_body(article),
        author_html=author,
        tags_html=legacy_tags(t.tags),
    )


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
