"""The era_2019 stories of the mirror: the dice for each section's stories and their quirks.

``era_sections`` decides every section's stories (``model.Story``): text from ``corpus``,
pictures, subhead, asides and markup quirks, one sponsored, one NFD page, one with an ad and
related links; called by ``site.write_era``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from hnmcrawler.mirror.generate.corpus import ArticleText, ascii_slug, upload_user
from hnmcrawler.mirror.generate.era_2019.corpus import LEAD_CAPTIONS, SUBHEADS, section_text
from hnmcrawler.mirror.generate.era_2019.model import Picture, Story
from hnmcrawler.mirror.generate.era_2019.sections import (
    ARTICLES_PER_SECTION,
    FIRST_IDS,
    MIRROR_SECTIONS,
    NEWEST,
    SUBSECTIONS,
)
from hnmcrawler.mirror.generate.size import gap, split, stretch
from hnmcrawler.sites import LEGACY, Section

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
