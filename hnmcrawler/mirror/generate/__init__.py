"""The mirror generator: the bundled mirror (``fixtures/site``), fixture pairs, large mirrors.

    python -m hnmcrawler.mirror.generate fixtures      # generate(): what CI and the demo crawl
    hnmcrawler mirror generate DIR --articles 20000 --seed 7   # generate_large(), benchmarks

Deterministic for a seed. Each era package in ``ERAS`` (``era_2017``, ``era_2019``,
``era_2023``, one naming scheme in each) writes its pages under ``fixtures/site/<host>/``
(``<era>.site.write_era``) and its generated fixture pairs under ``fixtures/<era>/``, and
returns the expected item of every article it wrote (ground truth, known from what was
rendered, never from parsing). ``fixtures/mirror_expected.jsonl`` lists them all, for the
end-to-end tests; ``mirror_listings`` names the first listing page of every section they
hold (``<era>.sections``), where the tests, benchmarks and demo start their crawls.

A large mirror (``generate_large``) has the same eras, sections and page shapes with
``--articles`` shared among them, no fixture pairs, and its expected items in
``DIR/expected.jsonl`` (outside every host folder, so no site URL serves it).
"""

from __future__ import annotations

import importlib
import json
import shutil
from collections import Counter
from pathlib import Path

from hnmcrawler.mirror.generate.files import live_copy
from hnmcrawler.mirror.generate.size import split
from hnmcrawler.sites import SITES

# era name -> its package, with the modules
# ``sections`` (``MIRROR_SITE``: host, ``MIRROR_SECTIONS``: section slugs) and
# ``site`` (``write_era(site_root, fixtures_dir | None, seed, articles | None)
# -> list[expected item]``)
ERAS: dict[str, str] = {
    "era_2017": "hnmcrawler.mirror.generate.era_2017",
    "era_2019": "hnmcrawler.mirror.generate.era_2019",
    "era_2023": "hnmcrawler.mirror.generate.era_2023",
}
MIN_LARGE = 90  # every section of every era gets at least a listing page of articles


def mirror_listings() -> list[str]:
    """The first listing page of every section the bundled mirror holds, all eras."""
    urls: list[str] = []
    for package in ERAS.values():
        sections = importlib.import_module(f"{package}.sections")
        site = SITES[sections.MIRROR_SITE]
        for slug in sections.MIRROR_SECTIONS:
            section = site.section(slug)
            if section is None:
                raise ValueError(f"{package}: section {slug!r} is not in the site table")
            urls.append(section.listing_url)
    return urls


def generate(fixtures: Path, seed: int = 2017) -> int:
    """Rewrite the mirror's site hosts, the expected items and the generated pairs."""
    site_root = fixtures / "site"
    expected = _write_eras(site_root, seed, {era: (fixtures / era, None) for era in ERAS})
    write_expected(fixtures / "mirror_expected.jsonl", expected)
    return len(expected)


def write_bundled_site(site_root: Path, seed: int = 2017) -> int:
    """The bundled mirror's pages only (``fixtures/site`` as committed), into ``site_root``:
    how an installed hnmcrawler, which ships no ``fixtures/``, gets a mirror to demo."""
    expected = _write_eras(site_root, seed, dict.fromkeys(ERAS, (None, None)))
    write_expected(site_root / "expected.jsonl", expected)
    return len(expected)


def generate_large(folder: Path, articles: int, seed: int = 7) -> int:
    """Write a mirror of ``articles`` articles, shared among the eras, into ``folder``."""
    if articles < MIN_LARGE:
        raise ValueError(f"a generated mirror needs at least {MIN_LARGE} articles")
    counts = split(articles, len(ERAS))
    expected = _write_eras(folder, seed, {e: (None, n) for e, n in zip(ERAS, counts, strict=True)})
    write_expected(folder / "expected.jsonl", expected)
    return len(expected)


def _write_eras(
    site_root: Path, seed: int, plan: dict[str, tuple[Path | None, int | None]]
) -> list[dict[str, object]]:
    """Each era's pages (fixture pairs into a folder, ``articles`` or the bundled sizes)."""
    for host in SITES:
        shutil.rmtree(site_root / host, ignore_errors=True)
    expected: list[dict[str, object]] = []
    for era, (pairs, articles) in plan.items():
        write_era = importlib.import_module(f"{ERAS[era]}.site").write_era
        expected += write_era(site_root, pairs, seed, articles)
    keys = Counter((item["site"], item["article_id"]) for item in expected)
    twice = [key for key, n in keys.items() if n > 1]
    if twice:
        raise ValueError(f"generated article ids collide: {twice[:5]}")
    return expected


def write_expected(path: Path, expected: list[dict[str, object]]) -> None:
    """The expected items as JSON Lines, by site then article id."""
    with path.open("w", encoding="utf-8") as out:
        for item in sorted(expected, key=lambda i: (str(i["site"]), int(str(i["article_id"])))):
            out.write(json.dumps(live_copy(item), ensure_ascii=False, sort_keys=True) + "\n")
