"""The era_2017 articles of the mirror: the dice for each section's generated articles.

``legacy_sections`` decides every section's articles (``model.LegacyArticle``), newest first,
with the real seed page (``seed.py``) among Chính trị's; called by ``site.write_era``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.generate.corpus import ArticleText, article_text, ascii_slug, upload_user
from hnmcrawler.mirror.generate.era_2017.model import LegacyArticle
from hnmcrawler.mirror.generate.era_2017.sections import (
    ARTICLES_PER_SECTION,
    MIRROR_SECTIONS,
    NEWEST,
)
from hnmcrawler.mirror.generate.era_2017.seed import SEED_ARTICLE
from hnmcrawler.mirror.generate.size import split, stretch
from hnmcrawler.sites import LEGACY


def seed_article() -> LegacyArticle:
    s = SEED_ARTICLE
    text = ArticleText(
        s["kicker"], s["title"], s["sapo"], s["paragraphs"], s["captions"], s["authors"], s["tags"]
    )
    return LegacyArticle(
        section=LEGACY.sections[s["section_slug"].casefold()],
        article_id=s["article_id"],
        slug=s["slug"],
        text=text,
        published=datetime(*s["date"], tzinfo=VIETNAM_TZ),
        image_user=s["image_user"],
        image_files=s["image_files"],
        figure_at=0,
    )


def generated_articles(
    rng: random.Random, slug: str, first_id: int, count: int = ARTICLES_PER_SECTION
) -> list[LegacyArticle]:
    """``count`` articles of one section, newest first, 1-5 days apart (closer when many)."""
    section = LEGACY.sections[slug.casefold()]
    when, articles = NEWEST, []
    closer = stretch(ARTICLES_PER_SECTION, count)
    for n in range(count):
        when -= closer * timedelta(days=rng.randint(1, 5), minutes=rng.randint(-300, 300))
        text = article_text(rng, slug, (when - timedelta(days=1)).strftime("%d-%m-%Y"))
        articles.append(
            LegacyArticle(
                section=section,
                article_id=first_id - n * 7 - rng.randint(0, 6),
                slug=ascii_slug(text.title),
                text=text,
                published=when.replace(second=0, microsecond=0),
                image_user=upload_user(text.authors),
                image_files=[f"anh-{first_id - n}-{i + 1}.jpg" for i in range(len(text.captions))],
                figure_at=rng.randint(0, len(text.paragraphs) - 1),
                body_container="summ" if rng.random() < 0.15 else "NewsGallery",
            )
        )
    return articles


def legacy_sections(seed: int, articles: int | None = None) -> dict[str, list[LegacyArticle]]:
    """Each section's articles, newest first; ``articles`` in all (the seed page is one)."""
    rng = random.Random(seed)
    counts = split(articles - 1, len(MIRROR_SECTIONS)) if articles else None
    apart = max(20000, 8 * max(counts or [0]))  # ids fall up to 7 a story: sections never meet
    sections = {
        slug: generated_articles(
            rng, slug, 880000 + apart * i, counts[i] if counts else ARTICLES_PER_SECTION
        )
        for i, slug in enumerate(MIRROR_SECTIONS)
    }
    seed_page = seed_article()
    chinh_tri = [*sections["Chinh-tri"], seed_page]
    sections["Chinh-tri"] = sorted(chinh_tri, key=lambda a: a.published, reverse=True)
    return sections
