"""Write the bundled mirror (``fixtures/site``) and the generated fixture pairs, deterministically.

    python -m hnmcrawler.mirror.generate fixtures      # what CI and the demo crawl
    hnmcrawler mirror generate DIR --articles 20000 --seed 7   # a large mirror, for benchmarks

Each era module in ``ERAS`` writes its pages under ``fixtures/site/<host>/`` and its generated
fixture pairs under ``fixtures/<era>/``, and returns the expected item of every article it
wrote (ground truth, known from what was rendered, never from parsing).
``fixtures/mirror_expected.jsonl`` lists them all, for the end-to-end tests.

A large mirror (``generate_large``) has the same eras, sections and page shapes with
``--articles`` shared among them, no fixture pairs, and its expected items in
``DIR/expected.jsonl`` (outside every host folder, so no site URL serves it).
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
from collections import Counter
from pathlib import Path

from hnmcrawler.mirror.size import split
from hnmcrawler.sites import LEGACY_HOST, SITES

# era name -> module with
# ``write_era(site_root, fixtures_dir | None, seed, articles | None) -> list[expected item]``
ERAS: dict[str, str] = {
    "era_2017": "hnmcrawler.mirror.site_2017",
    "era_2019": "hnmcrawler.mirror.site_2019",
    "era_2023": "hnmcrawler.mirror.site_2023",
}
MIN_LARGE = 90  # every section of every era gets at least a listing page of articles


def mirror_listings() -> list[str]:
    """The first listing page of every section the bundled mirror holds, all eras."""
    urls: list[str] = []
    for module_name in ERAS.values():
        module = importlib.import_module(module_name)
        site = SITES[getattr(module, "MIRROR_SITE", LEGACY_HOST)]
        for slug in module.MIRROR_SECTIONS:
            section = site.section(slug)
            if section is None:
                raise ValueError(f"{module_name}: section {slug!r} is not in the site table")
            urls.append(section.listing_url)
    return urls


def generate(fixtures: Path, seed: int = 2017) -> int:
    """Rewrite the mirror's site hosts, the expected items and the generated pairs."""
    site_root = fixtures / "site"
    expected = _write_eras(site_root, seed, {era: (fixtures / era, None) for era in ERAS})
    write_expected(fixtures / "mirror_expected.jsonl", expected)
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
        write_era = importlib.import_module(ERAS[era]).write_era
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
            out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the bundled mirror and fixture pairs.")
    parser.add_argument("fixtures", type=Path, nargs="?", default=Path("fixtures"))
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args(argv)
    count = generate(args.fixtures, args.seed)
    print(f"wrote {count} articles under {args.fixtures}")


if __name__ == "__main__":
    main()
