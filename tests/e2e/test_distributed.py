"""Several workers, one crawl: a shared frontier on Redis and a shared PostgreSQL store.

Real servers: Redis at 127.0.0.1:6379 (each test has its own key prefix and deletes only its
keys) and PostgreSQL at 127.0.0.1:5432 (a database ``hnm_test_<random>`` per test, dropped
after). An unreachable server skips these tests, or fails them when ``CI`` is set. Workers
are child processes (``hnmcrawler crawl --workers N``) crawling the bundled mirror, which
answers every request after a small delay, as a real site would, so the work is shared.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from hnmcrawler.distributed.workers import labelled
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.storage.uri import store_url
from tests.helpers import (
    FAST,
    MIRROR,
    POSTGRES_ADMIN,
    REDIS_URL,
    assert_no_warning_raised,
    expected_mirror_items,
    read_jsonl,
    run_hnmcrawler,
    start_python,
    throwaway_database,
)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
LEGACY = "http://hanoimoi.com.vn"
SECTIONS = ",".join(url for url in mirror_listings() if url.startswith(LEGACY))
ARTICLES = [e for e in expected_mirror_items() if e["site"] == "hanoimoi.com.vn"]
SHARED = [*FAST, "-s", "HNM_DISTRIBUTED_IDLE_SECONDS=1"]


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test; dropped after."""
    with throwaway_database(POSTGRES_ADMIN) as uri:
        yield uri


def stored(db: str) -> tuple[int, int]:
    engine = create_engine(store_url(db))
    with engine.connect() as conn:
        row = conn.execute(
            text("select count(*), count(distinct (site, article_id)) from articles")
        ).one()
    engine.dispose()
    return int(row[0]), int(row[1])


def crawl_args(mirror: MirrorServer, out: Path, *args: str) -> list[str]:
    """``hnmcrawler crawl`` of the legacy site's sections, its feed in ``out``."""
    return [
        "crawl",
        "--sections",
        SECTIONS,
        "--mirror",
        mirror.url,
        "--out",
        str(out),
        "--report",
        str(out.with_suffix(".report.json")),
        "--log-level",
        "INFO",
        *SHARED,
        *args,
    ]


def distributed_args(prefix: str, db: str, workers: int) -> list[str]:
    settings = [f"HNM_DISTRIBUTED_KEY_PREFIX={prefix}", "HNM_DISTRIBUTED_WORKER_TIMEOUT=3"]
    shared = ["--workers", str(workers), "--redis", REDIS_URL, "--db", db]
    return [*shared, *(arg for pair in settings for arg in ("-s", pair))]


def what_went_wrong(stderr: str) -> str:
    """The lines of several workers' stderr that say why a run failed: each worker's summary
    and exit, and every ERROR (the last 3,000 characters hold only the last worker's)."""
    said = [
        line
        for line in stderr.splitlines()
        if line.startswith("hnmcrawler:") or "ERROR" in line or "could not write" in line
    ]
    return "\n".join(said)[-6000:]


def without_fetch_time(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["url"]: {k: v for k, v in i.items() if k != "fetched_at"} for i in items}


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """What one process crawls from the legacy site's sections (no Redis, no store)."""
    tmp = tmp_path_factory.mktemp("single")
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        out = tmp / "single.jsonl"
        result = run_hnmcrawler([*crawl_args(server, out), "--db", ""], cwd=tmp, timeout=120)
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    items = without_fetch_time(read_jsonl(out))
    assert sorted(items) == sorted(e["url"] for e in ARTICLES)
    return items


# --- end to end: several workers at once, and one killed ----------------------------------


@pytest.mark.parametrize("workers", [2, 3], ids=["two workers", "three workers"])
def test_workers_fetch_and_store_every_article_once_and_together_crawl_what_one_does(
    mirror: MirrorServer,
    tmp_path: Path,
    frontier_prefix: tuple[redis.Redis, str],
    database: str,
    single_process: dict[str, dict[str, Any]],
    workers: int,
) -> None:
    mirror.delay = 0.02
    out, metrics = tmp_path / "out.jsonl", tmp_path / "crawl.prom"
    args = crawl_args(mirror, out, *distributed_args(frontier_prefix[1], database, workers))
    result = run_hnmcrawler([*args, "--metrics", str(metrics)], cwd=tmp_path, timeout=120)
    assert result.returncode == 0, what_went_wrong(result.stderr)
    assert "sweeping" not in result.stderr
    n = len(single_process)  # the command tells the watchers once, for all its workers:
    assert f"hnmcrawler: {n} new, 0 updated of {n} articles in " in result.stderr
    assert result.stderr.rstrip().endswith("any sweep; exit 0")
    said = {
        s.name: s.value
        for f in text_string_to_metric_families(metrics.read_text())
        for s in f.samples
    }
    assert (said["hnmcrawler_run_exit_code"], said["hnmcrawler_run_articles_emitted"]) == (0, n)

    pages = {p: n for p, n in mirror.requests.items() if not p.endswith("/robots.txt")}
    assert {p: n for p, n in pages.items() if n > 1} == {}  # every page fetched once in all
    articles = [p for p in pages if "/Tin-tuc/" in p]
    assert len(articles) == len(single_process)
    assert stored(database) == (len(single_process), len(single_process))

    feeds = [read_jsonl(labelled(out, f"worker-{n}")) for n in range(1, workers + 1)]
    union = [item for feed in feeds for item in feed]
    assert len(union) == len(single_process)  # no article came out of two workers
    assert without_fetch_time(union) == single_process
    assert sum(bool(feed) for feed in feeds) >= 2, [len(f) for f in feeds]  # work was shared
    assert result.stderr.count("Shared frontier") == workers
    assert result.stderr.count(": fresh as worker") == 1  # seeded once, the others joined


def test_a_worker_killed_half_way_leaves_nothing_missing_after_the_sweep(
    mirror: MirrorServer,
    tmp_path: Path,
    frontier_prefix: tuple[redis.Redis, str],
    database: str,
) -> None:
    mirror.delay = 0.05
    out, log = tmp_path / "out.jsonl", tmp_path / "launcher.log"
    args = crawl_args(mirror, out, *distributed_args(frontier_prefix[1], database, 2))
    with log.open("w") as stderr:
        launcher = start_python(["-m", "hnmcrawler", *args], tmp_path, stdout=stderr, stderr=stderr)
        try:
            victim = worker_pid(log, 1)
            deadline = time.monotonic() + 60
            while (
                sum(n for p, n in mirror.requests.items() if "/Tin-tuc/" in p) < len(ARTICLES) // 2
            ):
                assert time.monotonic() < deadline, "the crawl did not get going"
                time.sleep(0.02)
            os.kill(victim, signal.SIGKILL)
            code = launcher.wait(timeout=120)
        finally:
            launcher.kill()
    text_log = log.read_text(encoding="utf-8")
    assert code == 0, text_log[-3000:]
    assert_no_warning_raised(text_log)
    assert "worker 1 ended: killed by SIGKILL" in text_log
    assert "sweep ended: finished" in text_log
    assert stored(database) == (len(ARTICLES), len(ARTICLES))
    swept = read_jsonl(labelled(out, "sweep"))
    assert swept  # the killed worker's unstored articles came back through the sweep
    lost_then_found = {i["url"] for i in swept}
    assert lost_then_found <= {e["url"] for e in ARTICLES}


def worker_pid(log: Path, number: int) -> int:
    deadline = time.monotonic() + 30
    marker = f"worker {number} started (pid "
    while time.monotonic() < deadline:
        for line in log.read_text(encoding="utf-8").splitlines():
            if marker in line:
                return int(line.split(marker)[1].rstrip(")"))
        time.sleep(0.05)
    raise AssertionError("the launcher did not start its workers")
