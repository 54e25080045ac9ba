"""The era_2019 part of the bundled mirror: hanoimoi.com.vn sections in the 2019 template.

The sections in ``MIRROR_SECTIONS`` (not the era_2017 ones: that era owns ``robots.txt``, the
home page and its own sections), with ``ARTICLES_PER_SECTION`` generated articles. A section
page shows ``PAGE_SIZE`` items; the "more" chain
``/Home/ArticleCategoryListMore?categoryId=..&day=&currentPage=N&lastArticleId=..`` answers
the next ``PAGE_SIZE`` as JSON, and one answer with an empty ``Content`` ends it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.corpus import ArticleText, ascii_slug, upload_user
from hnmcrawler.mirror.corpus_2019 import LEAD_CAPTIONS, SUBHEADS, section_text
from hnmcrawler.mirror.era_2019 import Picture, Story, Subsection, render_more, render_section_page
from hnmcrawler.mirror.era_2019_article import render_article
from hnmcrawler.mirror.files import pick_cases, write_file, write_fixture_pair
from hnmcrawler.mirror.size import gap, split, stretch
from hnmcrawler.sites import FIRST_MORE_PAGE, LEGACY, Section

MIRROR_SECTIONS: dict[str, int] = {"Giao-duc": 164, "The-thao": 170, "Phap-luat": 175}
FIRST_IDS: dict[str, int] = {"Giao-duc": 1069900, "The-thao": 1051900, "Phap-luat": 1033900}
# Section sizes: a last batch of 4, of 7, and a full one (then the empty answer each time).
ARTICLES_PER_SECTION: dict[str, int] = {"Giao-duc": 34, "The-thao": 27, "Phap-luat": 30}
PAGE_SIZE = 10
NEWEST = datetime(2022, 12, 20, 21, 0, tzinfo=VIETNAM_TZ)
MORE_URL = (
    f"{LEGACY.base_url}/Home/ArticleCategoryListMore"
    "?categoryId={category}&day=&currentPage={page}&lastArticleId={last}"
)
SUBSECTIONS: dict[str, tuple[Subsection, ...]] = {
    "Giao-duc": (Subsection("Tuyen-sinh", "Tuyển sinh", 521), Subsection("Du-hoc", "Du học", 522)),
    "The-thao": (Subsection("Bong-da", "Bóng đá", 531), Subsection("Quan-vot", "Quần vợt", 532)),
    "Phap-luat": (
        Subsection("Phap-dinh", "Pháp đình", 541),
        Subsection("Chuyen-an", "Chuyên án", 542),
    ),
}
ASIDES = ("ad", "ins", "related", "table")


def _picture(rng: random.Random, path: str, caption: str) -> Picture:
    form = rng.choices(("relative", "protocol", "absolute"), weights=(6, 2, 2))[0]
    return Picture(path, caption, form)


def _pictures(
    rng: random.Random, text: ArticleText, article_id: int, when: datetime
) -> tuple[Picture | None, list[Picture]]:
    """The lead image (most stories have one) and the body's figures, one per caption."""
    folder = f"/Uploads/{upload_user(text.authors)}/{when.year}/{when.month}/{when.day}"
    lead = None
    if rng.random() < 0.8:
        caption = rng.choice(LEAD_CAPTIONS) if rng.random() < 0.4 else ""
        lead = _picture(rng, f"{folder}/{article_id}-anh-dai-dien.jpg", caption)
    figures = [
        _picture(rng, f"{folder}/{article_id}-{n + 1}.jpg", c if rng.random() < 0.75 else "")
        for n, c in enumerate(text.captions)
    ]
    return lead, figures


def _story(rng: random.Random, section: Section, article_id: int, when: datetime) -> Story:
    slug = section.slug
    text = section_text(rng, slug, (when - timedelta(days=1)).strftime("%d-%m-%Y"))
    lead, figures = _pictures(rng, text, article_id, when)
    count = len(text.paragraphs)
    subhead = (rng.randint(1, count - 1), rng.choice(SUBHEADS)) if rng.random() < 0.25 else None
    asides = tuple((rng.randint(1, count), kind) for kind in ASIDES if rng.random() < 0.15)
    return Story(
        section=section,
        subsection=rng.choice(SUBSECTIONS[slug]) if rng.random() < 0.4 else None,
        article_id=article_id,
        slug=ascii_slug(text.title),
        text=text,
        published=when,
        lead=lead,
        figures=figures,
        figure_at=rng.randint(0, count),
        subhead=subhead,
        sapo_tag=rng.choice(("div", "div", "p", "h2")),
        body_form="br" if rng.random() < 0.2 else "p",
        byline_form=rng.choice(("style", "style", "align")),
        asides=asides,
        nbsp=rng.random() < 0.2,
    )


def section_stories(
    rng: random.Random, slug: str, count: int | None = None, first_id: int | None = None
) -> list[Story]:
    """One section's stories, newest first, 4-28 days apart, ids falling 40-480 apart (both
    closer when there are more than the bundled ``ARTICLES_PER_SECTION``)."""
    section = LEGACY.sections[slug.casefold()]
    count = count or ARTICLES_PER_SECTION[slug]
    closer = stretch(ARTICLES_PER_SECTION[slug], count)
    when, article_id, stories = NEWEST, first_id or FIRST_IDS[slug], []
    for _ in range(count):
        when -= closer * timedelta(days=rng.randint(4, 28), minutes=rng.randint(-300, 300))
        article_id -= gap(rng.randint(40, 480), closer)
        stories.append(_story(rng, section, article_id, when.replace(second=0, microsecond=0)))
    return stories


def era_sections(seed: int, articles: int | None = None) -> dict[str, list[Story]]:
    """Every section's stories (``articles`` in all, or the bundled sizes): one sponsored, one
    NFD page, one with an ad and related links."""
    rng = random.Random(f"{seed}-era_2019")
    if articles is None:
        sections = {slug: section_stories(rng, slug) for slug in MIRROR_SECTIONS}
    else:
        counts = split(articles, len(MIRROR_SECTIONS))
        # Below the era_2017 ids (under 1,000,000 on this host), each section its own range.
        ids = [FIRST_IDS[slug] for slug in MIRROR_SECTIONS]
        widest = gap(480, stretch(min(ARTICLES_PER_SECTION.values()), max(counts)))
        apart = max(ids[0] - ids[1], (widest + 1) * max(counts))
        sections = {
            slug: section_stories(rng, slug, counts[n], ids[0] - n * apart)
            for n, slug in enumerate(MIRROR_SECTIONS)
        }
    the_thao, phap_luat = sections["The-thao"], sections["Phap-luat"]
    the_thao[2] = replace(the_thao[2], sponsored=True)
    the_thao[5] = replace(the_thao[5], asides=((1, "ad"), (2, "related")))
    phap_luat[4] = replace(phap_luat[4], nfd=True)
    for stories in sections.values():
        for n, story in enumerate(stories):
            others = [s for s in stories if s is not story][n % 5 : n % 5 + 2]
            stories[n] = replace(story, related=tuple((s.path, s.title) for s in others))
    return sections


def _leads_of_others(sections: dict[str, list[Story]], slug: str) -> list[Story]:
    """The "Đọc nhiều" box of a section's pages: every other section's newest story."""
    return [stories[0] for other, stories in sections.items() if other != slug]


def article_pages(sections: dict[str, list[Story]]) -> dict[int, str]:
    """Each article's page by id, with its section's next stories and others' leads beside."""
    pages = {}
    for slug, stories in sections.items():
        mostread = _leads_of_others(sections, slug)
        for n, story in enumerate(stories):
            pages[story.article_id] = render_article(story, stories[n + 1 : n + 5], mostread)
    return pages


def write_section(root: Path, slug: str, stories: list[Story], mostread: list[Story]) -> None:
    """The section page and its "more" chain, which ends with an empty answer."""
    section, category = LEGACY.sections[slug.casefold()], MIRROR_SECTIONS[slug]
    first = stories[:PAGE_SIZE]
    write_file(root, section.listing_url, render_section_page(section, category, first, mostread))
    page, start, last = FIRST_MORE_PAGE, PAGE_SIZE, first[-1].article_id
    while True:
        batch = stories[start : start + PAGE_SIZE]
        write_file(
            root, MORE_URL.format(category=category, page=page, last=last), render_more(batch)
        )
        if not batch:
            return
        page, start, last = page + 1, start + PAGE_SIZE, batch[-1].article_id


FIXTURE_CASES: dict[str, Callable[[Story], object]] = {
    "subsection": lambda s: s.subsection is not None and s.lead is not None and s.figures,
    "lead-caption": lambda s: s.subsection is None and s.lead is not None and s.lead.caption,
    "no-lead-image": lambda s: s.lead is None and s.figures,
    "uncaptioned-figure": lambda s: any(not p.caption for p in s.figures),
    "two-figures": lambda s: len(s.figures) == 2,
    "no-author-no-tags": lambda s: not s.text.authors and not s.text.tags,
    "two-authors": lambda s: len(s.text.authors) == 2,
    "align-byline": lambda s: s.byline_form == "align" and s.text.authors,
    "br-paragraphs": lambda s: s.body_form == "br" and s.figures,
    "ad-and-related": lambda s: len({k for _, k in s.asides} & {"ad", "related"}) == 2,
    "ins-and-table": lambda s: {"ins", "table"} & {k for _, k in s.asides},
    "nbsp": lambda s: s.nbsp,
    "nfd": lambda s: s.nfd,
    "sponsored": lambda s: s.sponsored,
    "protocol-relative-images": lambda s: any(p.src_form == "protocol" for p in s.pictures),
    "absolute-images": lambda s: any(p.src_form == "absolute" for p in s.pictures),
    "subhead": lambda s: s.subhead is not None,
    "h2-sapo": lambda s: s.sapo_tag == "h2",
}


def pick_fixture_cases(stories: list[Story]) -> list[tuple[str, Story]]:
    """One story per case in ``FIXTURE_CASES`` (none twice); a case no story shows is skipped."""
    return pick_cases(FIXTURE_CASES, stories)


def write_era(
    site_root: Path, fixtures: Path | None, seed: int, articles: int | None = None
) -> list[dict[str, object]]:
    """Write the era's mirror pages (``articles`` of them, or the bundled mirror's) and, given
    a ``fixtures`` folder, its generated fixture pairs; the expected items."""
    sections = era_sections(seed, articles)
    pages = article_pages(sections)
    for slug, stories in sections.items():
        write_section(site_root, slug, stories, _leads_of_others(sections, slug))
        for story in stories:
            write_file(site_root, story.url, pages[story.article_id])
    everything = [s for stories in sections.values() for s in stories]
    if fixtures is None:
        return [s.expected_item() for s in everything]
    for case, story in pick_fixture_cases(everything):
        name = f"{case}-{story.article_id}"
        write_fixture_pair(fixtures, name, pages[story.article_id], story.expected_item())
    return [s.expected_item() for s in everything]
