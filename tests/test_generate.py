"""The committed mirror and era_2017 pairs are exactly what the generator writes."""

from __future__ import annotations

from pathlib import Path

from hnmcrawler.mirror.generate import generate
from hnmcrawler.mirror.site_2017 import ARTICLES_PER_SECTION, MIRROR_SECTIONS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_committed_mirror_is_reproducible(tmp_path: Path) -> None:
    count = generate(tmp_path)
    assert count == len(MIRROR_SECTIONS) * ARTICLES_PER_SECTION + 1  # and the seed page
    fresh = files(tmp_path)
    changed = [n for n, data in fresh.items() if (FIXTURES / n).read_bytes() != data]
    assert not changed, "run: python -m hnmcrawler.mirror.generate fixtures"
    site = "site/hanoimoi.com.vn/"
    committed_site = {k for k in files(FIXTURES) if k.startswith(site)}
    assert committed_site == {k for k in fresh if k.startswith(site)}


def test_the_mirror_has_three_listing_pages_of_ten_for_each_section() -> None:
    listing = FIXTURES / "site" / "hanoimoi.com.vn" / "Danh-muc-tin"
    for section in MIRROR_SECTIONS:
        pages = [p for p in listing.rglob(f"{section}*") if p.is_file()]
        assert len(pages) >= 3, section
