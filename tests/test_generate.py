"""``mirror/generate``: the committed mirror and era_2017 pairs are exactly what the generator
writes; a large generated mirror (``generate_large``) has every era, section and page shape
of the bundled one with more articles, and is deterministic for a seed. (Its crawl is in
``e2e/test_large_mirror.py``; the ``mirror generate`` command in ``test_commands.py``.)"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from parsel import Selector

from hnmcrawler.layouts.era_2019.listing import LAST_ARTICLE_INPUT
from hnmcrawler.mirror.generate import generate, generate_large, mirror_listings
from hnmcrawler.mirror.generate.era_2017.sections import ARTICLES_PER_SECTION, MIRROR_SECTIONS
from hnmcrawler.mirror.generate.era_2019.sections import MIRROR_SECTIONS as ERA_2019_SECTIONS
from hnmcrawler.mirror.generate.size import gap, split, stretch
from hnmcrawler.mirror.paths import file_for_url
from hnmcrawler.sites import FIRST_MORE_PAGE, LEGACY, more_request
from tests.helpers import FIXTURES, LARGE_MIRROR_ARTICLES, expected_mirror_items, read_jsonl


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_committed_mirror_is_reproducible(tmp_path: Path) -> None:
    count = generate(tmp_path)
    assert count == len(expected_mirror_items())
    fresh = files(tmp_path)
    changed = [n for n, data in fresh.items() if (FIXTURES / n).read_bytes() != data]
    assert not changed, "run: python -m hnmcrawler.mirror.generate fixtures"
    hosts = ("site/hanoimoi.com.vn/", "site/hanoimoi.vn/")
    committed_site = {k for k in files(FIXTURES) if k.startswith(hosts)}
    assert committed_site == {k for k in fresh if k.startswith(hosts)}


def test_era_2017_has_its_sections_and_the_seed_page() -> None:
    legacy_2017 = [e for e in expected_mirror_items() if e["layout"] == "era_2017"]
    assert len(legacy_2017) == len(MIRROR_SECTIONS) * ARTICLES_PER_SECTION + 1


def test_every_mirror_section_is_a_listing_the_site_table_knows() -> None:
    listings = mirror_listings()
    assert len(listings) == len(set(listings)) >= 6


def test_the_mirror_has_three_listing_pages_of_ten_for_each_section() -> None:
    listing = FIXTURES / "site" / "hanoimoi.com.vn" / "Danh-muc-tin"
    for section in MIRROR_SECTIONS:
        pages = [p for p in listing.rglob(f"{section}*") if p.is_file()]
        assert len(pages) >= 3, section


def test_era_2019_more_answers_are_named_by_page_with_the_section_pages_last_id() -> None:
    """Each section's "more" files: ``currentPage`` 1, 2, ... all with the ``lastArticleId`` the
    section page carries (a server consistent with the site's one public client)."""
    site = FIXTURES / "site"
    for slug, category in ERA_2019_SECTIONS.items():
        page = site / str(file_for_url(LEGACY.sections[slug.casefold()].listing_url))
        last = Selector(text=page.read_text(encoding="utf-8")).css(LAST_ARTICLE_INPUT).get()
        files = (site / "hanoimoi.com.vn" / "Home").glob(f"*categoryId={category}&*")
        asked = [more_request("http://hanoimoi.com.vn/Home/" + unquote(f.name)) for f in files]
        assert {a.last for a in asked if a is not None} == {int(str(last))}, slug
        pages = sorted(a.page for a in asked if a is not None)
        assert pages == list(range(FIRST_MORE_PAGE, FIRST_MORE_PAGE + len(asked))), slug


# --- Large generated mirrors -----------------------------------------------------------------


def digest(root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def test_split_stretch_and_gap() -> None:
    assert split(10, 3) == [4, 3, 3]
    assert sum(split(20000, 9)) == 20000
    with pytest.raises(ValueError, match="cannot share"):
        split(2, 3)
    assert stretch(30, 30) == stretch(30, 10) == 1.0
    assert stretch(30, 3000) == 0.01
    assert gap(480, 0.001) == 1  # never two articles on one id
    assert gap(480, 1.0) == 480


def test_a_generated_mirror_holds_what_was_asked_every_era_and_section(large_mirror: Path) -> None:
    items = read_jsonl(large_mirror / "expected.jsonl")
    assert len(items) == LARGE_MIRROR_ARTICLES
    assert len({(i["site"], i["article_id"]) for i in items}) == LARGE_MIRROR_ARTICLES
    assert len({i["url"] for i in items}) == LARGE_MIRROR_ARTICLES
    layouts = Counter(i["layout"] for i in items)
    assert set(layouts) == {"era_2017", "era_2019", "era_2023"}
    assert min(layouts.values()) >= LARGE_MIRROR_ARTICLES // 3 - 1
    sections = {(i["site"], i["section"], i["layout"]) for i in items}
    assert len(sections) == 9  # three sections in each era
    assert all(i["published_at"] and i["body"] and i["title"] for i in items)
    # Ids fall with time within each site and never collide between eras.
    assert min(i["article_id"] for i in items) > 0


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_ones(
    large_mirror: Path, tmp_path: Path
) -> None:
    generate_large(tmp_path / "again", LARGE_MIRROR_ARTICLES, seed=3)
    assert digest(tmp_path / "again") == digest(large_mirror)
    generate_large(tmp_path / "other", LARGE_MIRROR_ARTICLES, seed=4)
    assert digest(tmp_path / "other") != digest(large_mirror)
