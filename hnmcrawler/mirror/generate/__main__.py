"""``python -m hnmcrawler.mirror.generate [FIXTURES] [--seed N]``: rewrite the bundled mirror.

Runs ``generate`` (the mirror's site hosts, ``mirror_expected.jsonl`` and the generated
fixture pairs) into ``FIXTURES`` (default ``fixtures``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hnmcrawler.mirror.generate import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m hnmcrawler.mirror.generate",
        description="Write the bundled mirror and fixture pairs.",
    )
    parser.add_argument("fixtures", type=Path, nargs="?", default=Path("fixtures"))
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args(argv)
    count = generate(args.fixtures, args.seed)
    print(f"wrote {count} articles under {args.fixtures}")


if __name__ == "__main__":
    main()
