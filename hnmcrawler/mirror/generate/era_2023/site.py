"""The era_2023 part of the bundled mirror: hanoimoi.vn (OneCMS) sections, feeds and sitemaps.

Each section in ``SECTIONS`` lists 25-35 generated articles (and a few videos, e-magazines
and event pages the crawler must skip), newest first: the section page shows ``PAGE_SIZE``
of them as ``li[pid]``, the ``getMoreArticle`` JSON chain the rest in batches of
``PAGE_SIZE``, and ``[]`` ends it. Also written: ``robots.txt``, a home page, one RSS feed per
section (``/rss/{section}``, its ``FEED_SIZE`` newest articles) and the sitemaps (an index of
one ``sitemap-article-YYYY-MM-DD.xml`` per day, plus a category sitemap a crawler ignores).
The sections and their schedule are in ``sections``, the articles in ``articles``; this
module writes them. ``write_era`` is what ``hnmcrawler.mirror.generate`` calls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hnmcrawler.mirror.generate.era_2023.article_page import render_article
from hnmcrawler.mirror.generate.era_2023.articles import Stream, mirror_streams
from hnmcrawler.mirror.generate.era_2023.feeds import (
    render_rss,
    render_sitemap_index,
    render_urlset,
)
from hnmcrawler.mirror.generate.era_2023.listing_pages import (
    render_home,
    render_more,
    render_section_page,
)
from hnmcrawler.mirror.generate.era_2023.model import BASE, CurrentArticle, ListedItem, listed
from hnmcrawler.mirror.generate.era_2023.sections import NEWEST, PAGE_SIZE, SECTIONS, MirrorSection
from hnmcrawler.mirror.generate.files import (
    pick_cases,
    remove_generated_pairs,
    write_file,
    write_fixture_pair,
)

FEED_SIZE = 20
TODAY = "Thứ Sáu, 20/02/2026"  # the header date on every page: the mirror's "today"
MORE_URL = BASE + "/api/getMoreArticle/channel_empty_{pid}_{channel}_0"
ROBOTS_TXT = (
    "User-agent: *\n"
    "Allow: /\n"
    "Disallow: /api/getarticletopread\n"
    "Disallow: /tim-kiem\n"
    "Disallow: /admin\n"
    f"Sitemap: {BASE}/sitemap.xml\n"
)


def _listed(entry: CurrentArticle | ListedItem) -> ListedItem:
    return entry if isinstance(entry, ListedItem) else listed(entry, entry.crumbs[-1].name)


def write_section(
    root: Path, section: MirrorSection, stream: Stream, top: list[ListedItem]
) -> None:
    """The section page with the first ``PAGE_SIZE`` items, then the "more" JSON chain."""
    items = [_listed(e) for e in stream]
    page = render_section_page(section.crumbs, section.channel, items[:PAGE_SIZE], top, TODAY)
    write_file(root, f"{BASE}/{section.slug}", page)
    start = PAGE_SIZE
    while True:
        last = items[min(start, len(items)) - 1].pid
        batch = items[start : start + PAGE_SIZE]
        write_file(root, MORE_URL.format(pid=last, channel=section.channel), render_more(batch))
        if not batch:
            break  # "[]" ends the chain
        start += PAGE_SIZE


def write_sitemaps(root: Path, articles: list[CurrentArticle]) -> None:
    """One ``urlset`` per day of articles, the category sitemap, and the index naming them."""
    days: dict[str, list[tuple[str, datetime | None]]] = defaultdict(list)
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        days[f"{a.published:%Y-%m-%d}"].append((a.url, a.updated or a.published))
    children: list[tuple[str, datetime | None]] = [(f"{BASE}/sitemap-category.xml", None)]
    for day, urls in days.items():
        child = f"{BASE}/sitemap-article-{day}.xml"
        write_file(root, child, render_urlset(urls))
        children.append((child, max(when for _, when in urls if when)))
    sections = {c.path: None for s in SECTIONS for c in s.crumbs}
    write_file(
        root,
        f"{BASE}/sitemap-category.xml",
        render_urlset([(BASE + p, w) for p, w in sections.items()]),
    )
    write_file(root, f"{BASE}/sitemap.xml", render_sitemap_index(children))


def write_current_site(root: Path, streams: dict[str, Stream]) -> list[CurrentArticle]:
    """Every page of the era_2023 host; the articles written, section by section."""
    write_file(root, f"{BASE}/robots.txt", ROBOTS_TXT)
    everything: list[CurrentArticle] = []
    for section in SECTIONS:
        stream = streams[section.slug]
        articles = [e for e in stream if isinstance(e, CurrentArticle)]
        top = [_listed(streams[s.slug][0]) for s in SECTIONS if s is not section]
        write_section(root, section, stream, top)
        feed = [_listed(a) for a in articles[:FEED_SIZE]]
        write_file(root, f"{BASE}/rss/{section.slug}", render_rss(section.crumbs, feed, NEWEST))
        for article in articles:
            write_file(root, article.url, render_article(article, TODAY))
        everything += articles
    newest = sorted(everything, key=lambda a: a.published, reverse=True)[:8]
    write_file(root, f"{BASE}/", render_home([_listed(a) for a in newest], TODAY))
    write_sitemaps(root, everything)
    return everything


def _kinds(article: CurrentArticle) -> set[str]:
    return {b.kind for b in article.blocks}


# Fixture cases: the first article (not yet picked) that shows each; none found, none written.
FIXTURE_CASES: dict[str, Callable[[CurrentArticle], bool]] = {
    "meta-disagrees": lambda a: bool(a.meta_shift),  # forced on one page each: first
    "nfd": lambda a: a.nfd,
    "nbsp": lambda a: a.nbsp,
    "detail-head-images": lambda a: a.variant == "detail-head" and bool(a.images),
    "detail-head-no-image": lambda a: a.variant == "detail-head" and not a.images,
    "detail-head-authors": lambda a: a.variant == "detail-head" and bool(a.authors),
    "no-author": lambda a: a.variant == "longform" and not a.authors,
    "two-authors-one-span": lambda a: a.joined_authors,
    "two-authors": lambda a: len(a.authors) == 2 and not a.joined_authors,
    "no-tags-no-images": lambda a: not a.tags and not a.images,
    "lazy-image": lambda a: any(i.lazy for i in a.images),
    "protocol-relative": lambda a: any(i.protocol_relative for i in a.images),
    "ad-and-related": lambda a: {"ad", "related"} <= _kinds(a),
    "related-thumb": lambda a: "thumb" in _kinds(a),
    "updated": lambda a: a.updated is not None,
    "kinh-te-subsection": lambda a: a.listing == "kinh-te" and len(a.crumbs) == 2,
    "jsonld-dates-only": lambda a: a.meta_dates == "ld-only",
    "utc-meta": lambda a: a.meta_dates == "zulu",
    "no-caption": lambda a: any(not i.caption for i in a.images),
    "subheading": lambda a: "h" in _kinds(a),
}


def pick_fixture_cases(articles: list[CurrentArticle]) -> dict[str, CurrentArticle]:
    """``<case>-<article id>`` -> the article picked for each case in ``FIXTURE_CASES``."""
    return {f"{case}-{a.article_id}": a for case, a in pick_cases(FIXTURE_CASES, articles)}


def write_era(
    site_root: Path, fixtures: Path | None, seed: int, articles: int | None = None
) -> list[dict[str, object]]:
    """Write the era's mirror files (``articles`` articles, or the bundled mirror's) and, given
    a ``fixtures`` folder, its generated fixture pairs; the expected items."""
    written = write_current_site(site_root, mirror_streams(seed, articles))
    if fixtures is not None:
        remove_generated_pairs(fixtures)
        for name, article in pick_fixture_cases(written).items():
            page = render_article(article, TODAY)
            write_fixture_pair(fixtures, name, page, article.expected_item())
    return [a.expected_item() for a in written]
