"""An era_2017 article page, from ``templates/era_2017_article.html``; called by ``site``.

The figures stand before the paragraph ``figure_at`` names; the body sits in
``#NewsGallery`` or, on older pages, ``div.summ``.
"""

from __future__ import annotations

from hnmcrawler.mirror.generate.era_2017.model import LegacyArticle
from hnmcrawler.mirror.generate.render import esc, legacy_path, legacy_tags, template, weekday_date


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
