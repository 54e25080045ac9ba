"""The era_2019 part of the bundled mirror: hanoimoi.com.vn sections in the 2019 template.

The sections in ``sections.MIRROR_SECTIONS``, with ``ARTICLES_PER_SECTION`` generated stories.
A section page shows ``PAGE_SIZE`` items; the "more" chain
``/Home/ArticleCategoryListMore?categoryId=..&day=&currentPage=N&lastArticleId=..`` answers
the next ``PAGE_SIZE`` as JSON, and one answer with an empty ``Content`` ends it. Like a
server that the site's one public client (seen) works with, the mirror answers by
``currentPage``: ``lastArticleId`` stays the section page's last article on every request
(``sites.MoreRequest``), and a request with any other ``lastArticleId`` is not served.
``write_era`` is what ``hnmcrawler.mirror.generate`` calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hnmcrawler.mirror.generate.era_2019.article_page import render_article
from hnmcrawler.mirror.generate.era_2019.articles import era_sections
from hnmcrawler.mirror.generate.era_2019.listing_pages import render_more, render_section_page
from hnmcrawler.mirror.generate.era_2019.model import Story
from hnmcrawler.mirror.generate.era_2019.sections import MIRROR_SECTIONS, PAGE_SIZE
from hnmcrawler.mirror.generate.files import pick_cases, write_file, write_fixture_pair
from hnmcrawler.sites import FIRST_MORE_PAGE, LEGACY, MoreRequest


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
    request = MoreRequest(str(category), "", FIRST_MORE_PAGE, first[-1].article_id)
    for start in range(PAGE_SIZE, len(stories) + PAGE_SIZE, PAGE_SIZE):
        batch = stories[start : start + PAGE_SIZE]  # the last one is empty: the end
        write_file(root, LEGACY.base_url + request.url(), render_more(batch))
        request = request.following()


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
