"""Write the bundled mirror (``fixtures/site``) and the generated fixture pairs, deterministically.

    python -m hnmcrawler.mirror.generate fixtures      # what CI and the demo crawl

Each era module in ``ERAS`` writes its pages under ``fixtures/site/<host>/`` and its generated
fixture pairs under ``fixtures/<era>/``, and returns the expected item of every article it
wrote (ground truth, known from what was rendered, never from parsing).
``fixtures/mirror_expected.jsonl`` lists them all, for the end-to-end tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
from pathlib import Path

from hnmcrawler.sites import LEGACY_HOST, SITES

# era name -> module with ``write_era(site_root, fixtures_dir, seed) -> list[expected item]``
ERAS: dict[str, str] = {
    "era_2017": "hnmcrawler.mirror.site_2017",
    "era_2019": "hnmcrawler.mirror.site_2019",
    "era_2023": "hnmcrawler.mirror.site_2023",
}


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
    for host in SITES:
        shutil.rmtree(site_root / host, ignore_errors=True)
    expected: list[dict[str, object]] = []
    for era, module in ERAS.items():
        write_era = importlib.import_module(module).write_era
        expected += write_era(site_root, fixtures / era, seed)
    with (fixtures / "mirror_expected.jsonl").open("w", encoding="utf-8") as out:
        for item in sorted(expected, key=lambda i: (str(i["site"]), int(str(i["article_id"])))):
            out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    return len(expected)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the bundled mirror and fixture pairs.")
    parser.add_argument("fixtures", type=Path, nargs="?", default=Path("fixtures"))
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args(argv)
    count = generate(args.fixtures, args.seed)
    print(f"wrote {count} articles under {args.fixtures}")


if __name__ == "__main__":
    main()
