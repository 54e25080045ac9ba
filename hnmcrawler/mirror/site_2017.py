"""The era_2017 part of the bundled mirror: hanoimoi.com.vn sections in the 2017 template.

The sections in ``MIRROR_SECTIONS``, ``ARTICLES_PER_SECTION`` generated articles each on
listing pages of ``PAGE_SIZE``, plus the real seed page in Chính trị; a story cross-listed in
a second section; a sidebar of other sections' links that the crawler must not follow.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.corpus import ArticleText, article_text, ascii_slug, upload_user
from hnmcrawler.mirror.era_2017 import LegacyArticle, render_article, render_listing_pages
from hnmcrawler.mirror.files import write_file, write_fixture_pair
from hnmcrawler.mirror.seed import SEED_ARTICLE
from hnmcrawler.mirror.size import split, stretch
from hnmcrawler.sites import LEGACY

MIRROR_SECTIONS: tuple[str, ...] = ("Chinh-tri", "Kinh-te", "Xa-hoi")
ARTICLES_PER_SECTION = 30
PAGE_SIZE = 10
NEWEST = datetime(2017, 3, 31, 21, 0, tzinfo=VIETNAM_TZ)
ROBOTS_TXT = "User-agent: *\nDisallow: /Search\nDisallow: /Comment\nDisallow: /Home/Login\n"


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


def write_legacy_site(root: Path, sections: dict[str, list[LegacyArticle]]) -> None:
    base = LEGACY.base_url
    write_file(root, f"{base}/robots.txt", ROBOTS_TXT)
    write_file(
        root,
        f"{base}/",
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Hà Nội Mới</title></head><body></body></html>\n",
    )
    # One story also listed in a second section (as the site's cross-listed items are).
    cross = sections["Kinh-te"][0]
    for slug, articles in sections.items():
        others = [a[0] for s, a in sections.items() if s != slug]
        extra = [cross] if slug == "Xa-hoi" else []
        for url, html in render_listing_pages(articles, PAGE_SIZE, extra, mostread=others):
            write_file(root, url, html)
        for article in articles:
            write_file(root, article.url, render_article(article))


def pick_fixture_cases(articles: Iterable[LegacyArticle]) -> list[LegacyArticle]:
    """A few generated articles that show the variety: bylines, images, kicker, body form."""
    wanted = {
        "no-author": lambda a: not a.text.authors,
        "two-authors": lambda a: len(a.text.authors) == 2,
        "no-image-no-tags": lambda a: not a.text.captions and not a.text.tags,
        "two-images": lambda a: len(a.text.captions) == 2,
        "kicker": lambda a: bool(a.text.kicker),
        "summ-body": lambda a: a.body_container == "summ",
    }
    pool, picked = list(articles), []
    for test in wanted.values():
        picked.append(next(a for a in pool if test(a) and a not in picked))
    return picked


def write_era(
    site_root: Path, fixtures: Path | None, seed: int, articles: int | None = None
) -> list[dict[str, object]]:
    """Write the era's mirror pages (``articles`` of them, or the bundled mirror's) and, given
    a ``fixtures`` folder, its generated fixture pairs; the expected items."""
    sections = legacy_sections(seed, articles)
    write_legacy_site(site_root, sections)
    everything = [a for articles in sections.values() for a in articles]
    if fixtures is None:
        return [a.expected_item() for a in everything]
    seed_page = seed_article()
    write_fixture_pair(
        fixtures, "seed-chinh-tri-859634", render_article(seed_page), seed_page.expected_item()
    )
    for article in pick_fixture_cases(everything):
        name = f"{article.section.slug.lower()}-{article.article_id}"
        write_fixture_pair(fixtures, name, render_article(article), article.expected_item())
    return [a.expected_item() for a in everything]
