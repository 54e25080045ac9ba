"""The committed mirror and era_2017 pairs are exactly what the generator writes."""

from __future__ import annotations

from pathlib import Path

from hnmcrawler.mirror.generate import generate, mirror_listings
from hnmcrawler.mirror.generate.era_2017.sections import ARTICLES_PER_SECTION, MIRROR_SECTIONS
from tests.conftest import expected_mirror_items

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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
