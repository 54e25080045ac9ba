"""How a crawl scales with workers: 1, 2 and 3 on one shared frontier (Redis) and one store.

Crawls every section of the legacy site in the bundled mirror (182 articles, two eras)
with ``hnmcrawler crawl --workers N`` and the project's own politeness settings (AutoThrottle
per worker, started where it settles for the latency: see ``settled_delay``). The mirror
answers each request after ``--delay`` seconds, so the crawl waits on the network, not on
the CPU, as it does on the real site; each run gets a temporary PostgreSQL database and a
Redis key prefix of its own. Prints the wall time of each run (from the command's start to
the last worker's exit: process start and the idle stop are in it), pages/s over that
time, the steady rate (pages/s between the first and the last page the mirror served) and
the speed-ups. Figures only, no asserts. From the repository root::

    .venv/bin/python benchmarks/distributed.py [--delay 0.5] [--workers 1,2,3]
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import create_engine, text

from hnmcrawler.commands.crawl import project_settings
from hnmcrawler.commands.mirror import BUNDLED_MIRROR
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.storage.uri import store_url

LEGACY = "http://hanoimoi.com.vn"


class TimedMirror(MirrorServer):
    """The mirror, also noting when it served its first and its last page."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.first = self.last = 0.0
        self._times = threading.Lock()

    def count(self, path: str) -> int | None:
        with self._times:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
        return super().count(path)


@contextmanager
def database(admin_uri: str) -> Iterator[str]:
    name = f"hnm_bench_{secrets.token_hex(4)}"
    admin = create_engine(store_url(admin_uri), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield admin_uri.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def stored(db: str) -> int:
    engine = create_engine(store_url(db))
    with engine.connect() as conn:
        count = conn.execute(text("select count(*) from articles")).scalar_one()
    engine.dispose()
    return int(count)


def settled_delay(latency: float) -> float:
    """Where AutoThrottle settles for this latency: latency / AUTOTHROTTLE_TARGET_CONCURRENCY.

    It starts there: through the mirror's download handler it sees no latency and would
    stay at its 1 s start delay, a pace of politeness rather than of the network.
    """
    return latency / project_settings().getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY")


def crawl(mirror: TimedMirror, workers: int, args: argparse.Namespace) -> tuple[float, int, int]:
    """One run: (wall seconds, pages served, articles stored)."""
    sections = ",".join(url for url in mirror_listings() if url.startswith(LEGACY))
    prefix = f"hnm-bench-{secrets.token_hex(4)}"
    mirror.requests.clear()
    mirror.first = mirror.last = 0.0
    with database(args.postgres) as db, tempfile.TemporaryDirectory() as tmp:
        command = [
            *(sys.executable, "-m", "hnmcrawler", "crawl", "--sections", sections),
            *("--workers", str(workers), "--redis", args.redis, "--db", db),
            *("--mirror", mirror.url, "--report", f"{tmp}/report.json"),
            *("-s", f"HNM_DISTRIBUTED_KEY_PREFIX={prefix}"),
            *("-s", f"HNM_DISTRIBUTED_IDLE_SECONDS={args.idle}"),
            *("-s", f"AUTOTHROTTLE_START_DELAY={settled_delay(args.delay)}"),
        ]
        started = time.monotonic()
        result = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        wall = time.monotonic() - started
        articles = stored(db)
    client = redis.Redis.from_url(args.redis)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"the {workers}-worker crawl failed (exit {result.returncode})")
    pages = sum(n for path, n in mirror.requests.items() if not path.endswith("/robots.txt"))
    return wall, pages, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per request (0.5)")
    parser.add_argument("--workers", default="1,2,3", help="worker counts to run (1,2,3)")
    parser.add_argument("--idle", type=float, default=2.0, help="HNM_DISTRIBUTED_IDLE_SECONDS")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(
        f"legacy site of the bundled mirror, {args.delay:.2f} s per request, "
        f"AutoThrottle delay {settled_delay(args.delay):.2f} s, idle stop {args.idle:.0f} s, "
        "PostgreSQL store"
    )
    print(f"{'workers':>7} {'wall s':>7} {'pages':>6} {'pages/s':>8} {'steady':>7} {'stored':>7}")
    walls: dict[int, float] = {}
    with TimedMirror(BUNDLED_MIRROR) as mirror:
        mirror.start_in_thread()
        mirror.delay = args.delay
        for workers in counts:
            wall, pages, articles = crawl(mirror, workers, args)
            steady = pages / (mirror.last - mirror.first) if mirror.last > mirror.first else 0.0
            walls[workers] = wall
            print(
                f"{workers:>7} {wall:>7.1f} {pages:>6} {pages / wall:>8.1f} {steady:>7.1f} "
                f"{articles:>7}"
            )
        mirror.shutdown()
    if 1 in walls:
        ratios = ", ".join(f"{n} workers {walls[1] / walls[n]:.2f}×" for n in counts if n != 1)
        print(f"speed-up over 1 worker (wall time): {ratios}")


if __name__ == "__main__":
    main()
