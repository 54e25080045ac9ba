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

from hnmcrawler.sites import SITES

# era name -> module with ``write_era(site_root, fixtures_dir, seed) -> list[expected item]``
ERAS: dict[str, str] = {
    "era_2017": "hnmcrawler.mirror.site_2017",
}


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
