"""The era_2017 part of the bundled mirror: hanoimoi.com.vn sections in the 2017 template.

The sections in ``sections.MIRROR_SECTIONS``, ``ARTICLES_PER_SECTION`` generated articles each
on listing pages of ``PAGE_SIZE``, plus the real seed page in Chính trị; a story cross-listed
in a second section; a sidebar of other sections' links that the crawler must not follow.
This era also owns the host's ``robots.txt`` and home page. ``write_era`` is what
``hnmcrawler.mirror.generate`` calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hnmcrawler.mirror.generate.era_2017.article_page import render_article
from hnmcrawler.mirror.generate.era_2017.articles import legacy_sections, seed_article
from hnmcrawler.mirror.generate.era_2017.listing_pages import render_listing_pages
from hnmcrawler.mirror.generate.era_2017.model import LegacyArticle
from hnmcrawler.mirror.generate.era_2017.sections import PAGE_SIZE
from hnmcrawler.mirror.generate.files import write_file, write_fixture_pair
from hnmcrawler.sites import LEGACY

ROBOTS_TXT = "User-agent: *\nDisallow: /Search\nDisallow: /Comment\nDisallow: /Home/Login\n"


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
