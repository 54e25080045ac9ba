"""How long the layouts take to read an article page, beside lxml parsing the same bytes alone.

Reads article pages of a generated mirror (``benchmarks/crawl.py`` writes
``$TMPDIR/hnm-bench-mirror-20000``; every URL of its ``expected.jsonl`` is an article), the first
``--pages`` of each era, and prints per era the milliseconds a page of:

- ``lxml``: ``lxml.html.fromstring(body)``, the floor: a tree and nothing read from it;
- ``tree``: ``response.selector``, the tree as every extracting spider builds it (the
  body decoded, then parsed by parsel);
- ``article``: ``layouts.parse_article(response)``: the tree, the layout picked and every
  field read; ``article - tree`` is what the layouts themselves cost;

then ``article / lxml``. Each figure is CPU time (steadier than the clock on a shared machine),
the best of ``--rounds`` rounds, all kinds measured in the same round, one era after the
other. Figures only, no asserts. With ``--items FILE`` it
also writes the raw item of every page read (JSON lines, keys sorted, in mirror order): run it
before and after a change with ``--pages 0`` (every page) and compare the files with ``cmp``.

    .venv/bin/python benchmarks/layouts.py [--mirror DIR] [--pages 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hnmcrawler.extract import page_response
from hnmcrawler.layouts import parse_article
from hnmcrawler.mirror.paths import file_for_url

MIRROR = Path(tempfile.gettempdir()) / "hnm-bench-mirror-20000"  # benchmarks/crawl.py's
Page = tuple[str, bytes]  # (url, body)


def article_pages(mirror: Path, per_era: int) -> dict[str, list[Page]]:
    """The first ``per_era`` article pages of each era (all when 0), in ``expected.jsonl`` order."""
    pages: dict[str, list[Page]] = {}
    with (mirror / "expected.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            expected = json.loads(line)
            era = pages.setdefault(expected["layout"], [])
            if per_era and len(era) >= per_era:
                continue
            relative = file_for_url(expected["url"])
            if relative is not None:
                era.append((expected["url"], (mirror / relative).read_bytes()))
    return dict(sorted(pages.items()))


def seconds(read: Callable[[Any], object], inputs: list[Any]) -> float:
    gc.collect()
    start = time.process_time()
    for one in inputs:
        read(one)
    return time.process_time() - start


def one_round(pages: dict[str, list[Page]]) -> dict[tuple[str, str], float]:
    """Seconds per kind and era; fresh responses for each kind (a response keeps its tree)."""
    found: dict[tuple[str, str], float] = {}
    for era, era_pages in pages.items():
        bodies = [body for _, body in era_pages]
        found[era, "lxml"] = seconds(lxml.html.fromstring, bodies)
        found[era, "tree"] = seconds(lambda r: r.selector, responses(era_pages))
        found[era, "article"] = seconds(parse_article, responses(era_pages))
    return found


def responses(pages: list[Page]) -> list[HtmlResponse]:
    return [page_response(body, url) for url, body in pages]


def report(pages: dict[str, list[Page]], best: dict[tuple[str, str], float]) -> None:
    print(f"{'era':<10}{'pages':>7}{'lxml':>9}{'tree':>9}{'article':>9}{'layouts':>9}{'ratio':>8}")
    rows = [(era, len(era_pages)) for era, era_pages in pages.items()]
    for era, count in [*rows, ("all", sum(n for _, n in rows))]:
        eras = list(pages) if era == "all" else [era]
        ms = {k: sum(best[e, k] for e in eras) / count * 1000 for k in ("lxml", "tree", "article")}
        print(
            f"{era:<10}{count:>7}{ms['lxml']:>9.3f}{ms['tree']:>9.3f}{ms['article']:>9.3f}"
            f"{ms['article'] - ms['tree']:>9.3f}{ms['article'] / ms['lxml']:>7.2f}x"
        )
    print("CPU ms a page, best round each; layouts = article - tree; ratio = article / lxml")


def write_items(pages: dict[str, list[Page]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for era_pages in pages.values():
            for response in responses(era_pages):
                item = dict(parse_article(response))
                out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR)
    parser.add_argument("--pages", type=int, default=1000, help="per era; 0 for every page")
    parser.add_argument("--rounds", type=int, default=5, help="0: only write --items")
    parser.add_argument("--items", type=Path, help="also write every page's raw item here")
    args = parser.parse_args()
    pages = article_pages(args.mirror, args.pages)
    if args.items:
        write_items(pages, args.items)
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.rounds):
        for key, spent in one_round(pages).items():
            best[key] = min(spent, best.get(key, spent))
    if best:
        report(pages, best)


if __name__ == "__main__":
    main()
