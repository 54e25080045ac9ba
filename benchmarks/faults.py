"""How a crawl of the bundled mirror fares through injected faults (figures only, no asserts).

For fault rates 0%, 10%, 20% and 40% (every kind of fault, seeded), crawl every section of the
mirror into a fresh SQLite store and print articles stored / expected, duplicates (rows beyond
one per key, and feed lines beyond one per URL), retries, and wall time relative to 0%::

    .venv/bin/python benchmarks/faults.py [--seed 7] [--rates 0,0.1,0.2,0.4]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hnmcrawler.mirror.faults import FaultPlan  # noqa: E402
from hnmcrawler.mirror.generate import mirror_listings  # noqa: E402
from hnmcrawler.mirror.server import MirrorServer  # noqa: E402


def crawl(rate: float, seed: int, work: Path) -> dict[str, float]:
    db, out = work / f"r{rate}.sqlite", work / f"r{rate}.jsonl"
    with MirrorServer(REPO / "fixtures" / "site", faults=FaultPlan(rate, seed, slow=1.5)) as server:
        server.start_in_thread()
        started = time.monotonic()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "archive",
                "-a",
                "sections=" + ",".join(mirror_listings()),
                "-O",
                str(out),
                "-s",
                "AUTOTHROTTLE_START_DELAY=0.05",
                "-s",
                "DOWNLOAD_TIMEOUT=1",
                "-s",
                "HNM_RETRY_BACKOFF_BASE=0.05",
                "-s",
                "HNM_RETRY_BACKOFF_MAX=1",
                "-s",
                "LOG_LEVEL=INFO",
                "-s",
                f"HNM_REPORT_PATH={work / f'r{rate}.json'}",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            env={
                **os.environ,
                "SCRAPY_SETTINGS_MODULE": "hnmcrawler.settings",
                "HNM_MIRROR": server.url,
                "HNM_STORAGE_URI": f"sqlite:///{db}",
            },
        )
        seconds = time.monotonic() - started
        server.shutdown()
    with sqlite3.connect(db) as conn:
        rows, keys = conn.execute(
            "select count(*), count(distinct site || ':' || article_id) from articles"
        ).fetchone()
    urls = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    report = json.loads((work / f"r{rate}.json").read_text(encoding="utf-8"))
    return {
        "stored": keys,
        "row_dups": rows - keys,
        "feed_dups": len(urls) - len(set(urls)),
        "retries": report["retries"]["count"],
        "gave_up": report["retries"]["gave_up"],
        "seconds": seconds,
        "exit": result.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rates", default="0,0.1,0.2,0.4")
    args = parser.parse_args()
    expected = len((REPO / "fixtures" / "mirror_expected.jsonl").read_text().splitlines())
    print(f"mirror: {expected} articles; faults seeded with {args.seed}; every kind of fault")
    print(
        f"{'faults':>7} {'stored/expected':>16} {'duplicates':>11} {'retries':>8} "
        f"{'gave up':>8} {'wall':>7} {'vs 0%':>6}"
    )
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (float(r) for r in args.rates.split(",")):
            f = crawl(rate, args.seed, Path(tmp))
            base = base or f["seconds"]
            print(
                f"{rate:>7.0%} {f['stored']:>7.0f}/{expected:<8} "
                f"{f['row_dups'] + f['feed_dups']:>11.0f} {f['retries']:>8.0f} "
                f"{f['gave_up']:>8.0f} {f['seconds']:>6.1f}s {f['seconds'] / base:>5.1f}x"
            )


if __name__ == "__main__":
    main()
