"""Several workers, one crawl: a shared frontier on Redis and a shared PostgreSQL store.

Real servers: Redis at 127.0.0.1:6379 (each test has its own key prefix and deletes only its
keys) and PostgreSQL at 127.0.0.1:5432 (a database ``hnm_test_<random>`` per test, dropped
after). An unreachable server skips these tests, or fails them when ``CI`` is set. Workers
are child processes (``hnmcrawler crawl --workers N``) crawling the bundled mirror, which
answers every request after a small delay, as a real site would, so the work is shared.
"""

from __future__ import annotations

import importlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.settings import Settings
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from hnmcrawler.commands import build_parser, run
from hnmcrawler.distributed import DistributedAddon
from hnmcrawler.distributed.frontier import SharedFrontier, frontier_key
from hnmcrawler.distributed.workers import labelled
from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.storage.uri import store_url
from tests.conftest import MIRROR, expected_mirror_items, read_jsonl

REDIS_URL = "redis://127.0.0.1:6379/0"
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
LEGACY = "http://hanoimoi.com.vn"
SECTIONS = ",".join(url for url in mirror_listings() if url.startswith(LEGACY))
ARTICLES = [e for e in expected_mirror_items() if e["site"] == "hanoimoi.com.vn"]
FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0.05", "-s", "HNM_DISTRIBUTED_IDLE_SECONDS=1"]


def unreachable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: server tests never skip)")
    pytest.skip(reason)


@pytest.fixture
def frontier_prefix() -> Iterator[tuple[redis.Redis, str]]:
    """A Redis client and a key prefix of this test's own; its keys are deleted after."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unreachable(f"no Redis at {REDIS_URL}: {exc}")
    prefix = f"hnm-test-{secrets.token_hex(4)}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test; dropped after."""
    name = f"hnm_test_{secrets.token_hex(4)}"
    admin = create_engine(store_url(POSTGRES_ADMIN), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except DBAPIError as exc:
        admin.dispose()
        unreachable(f"no PostgreSQL at {POSTGRES_ADMIN}: {type(exc.orig).__name__}")
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def stored(db: str) -> tuple[int, int]:
    engine = create_engine(store_url(db))
    with engine.connect() as conn:
        row = conn.execute(
            text("select count(*), count(distinct (site, article_id)) from articles")
        ).one()
    engine.dispose()
    return int(row[0]), int(row[1])


def crawl_command(mirror: MirrorServer, out: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "hnmcrawler",
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
        *FAST,
        *args,
    ]


def distributed_args(prefix: str, db: str, workers: int) -> list[str]:
    settings = [f"HNM_DISTRIBUTED_KEY_PREFIX={prefix}", "HNM_DISTRIBUTED_WORKER_TIMEOUT=3"]
    shared = ["--workers", str(workers), "--redis", REDIS_URL, "--db", db]
    return [*shared, *(arg for pair in settings for arg in ("-s", pair))]


def without_fetch_time(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["url"]: {k: v for k, v in i.items() if k != "fetched_at"} for i in items}


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """What one process crawls from the legacy site's sections (no Redis, no store)."""
    tmp = tmp_path_factory.mktemp("single")
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        out = tmp / "single.jsonl"
        result = subprocess.run(
            [*crawl_command(server, out), "--db", ""],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    items = without_fetch_time(read_jsonl(out))
    assert sorted(items) == sorted(e["url"] for e in ARTICLES)
    return items


# --- end to end: several workers at once, and one killed ----------------------------------


@pytest.mark.e2e
@pytest.mark.postgres
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
    out = tmp_path / "out.jsonl"
    command = crawl_command(mirror, out, *distributed_args(frontier_prefix[1], database, workers))
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "sweeping" not in result.stderr

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


@pytest.mark.e2e
@pytest.mark.postgres
def test_a_worker_killed_half_way_leaves_nothing_missing_after_the_sweep(
    mirror: MirrorServer,
    tmp_path: Path,
    frontier_prefix: tuple[redis.Redis, str],
    database: str,
) -> None:
    mirror.delay = 0.05
    out, log = tmp_path / "out.jsonl", tmp_path / "launcher.log"
    command = crawl_command(mirror, out, *distributed_args(frontier_prefix[1], database, 2))
    with log.open("w") as stderr:
        launcher = subprocess.Popen(command, cwd=tmp_path, stdout=stderr, stderr=stderr)
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


# --- the frontier's bookkeeping, on the real Redis -----------------------------------------


def make_frontier(client: redis.Redis, prefix: str, worker: str, **kw: Any) -> SharedFrontier:
    return SharedFrontier(client, f"{prefix}:archive:site", worker, timeout=kw.pop("timeout", 5))


def test_the_first_worker_starts_fresh_the_next_ones_join_and_a_late_one_joins_too(
    frontier_prefix: tuple[redis.Redis, str],
) -> None:
    client, prefix = frontier_prefix
    first = make_frontier(client, prefix, "a")
    client.sadd(first.dupefilter_key, "fingerprint of the last run")
    assert first.join() == "fresh"
    assert not client.exists(first.dupefilter_key)  # the last run's filter is forgotten
    client.sadd(first.dupefilter_key, "seed")
    assert make_frontier(client, prefix, "b").join() == "joined"
    assert make_frontier(client, prefix, "c").join() == "joined"
    assert client.sismember(first.dupefilter_key, "seed")


def test_a_frontier_whose_workers_all_stopped_resumes_or_a_sweep_starts_it_over(
    frontier_prefix: tuple[redis.Redis, str],
) -> None:
    client, prefix = frontier_prefix
    worker = make_frontier(client, prefix, "a")
    worker.join()
    client.zadd(worker.queue_key, {"a queued request": 0})
    client.sadd(worker.dupefilter_key, "seed")
    assert worker.leave(finished=False) is False
    assert make_frontier(client, prefix, "b").join() == "resumed"
    make_frontier(client, prefix, "b").leave(finished=False)
    assert make_frontier(client, prefix, "c").join(restart=True) == "fresh"
    assert not client.exists(worker.queue_key, worker.dupefilter_key)


def test_a_killed_worker_drops_out_when_its_heartbeat_expires(
    frontier_prefix: tuple[redis.Redis, str],
) -> None:
    client, prefix = frontier_prefix
    killed = make_frontier(client, prefix, "killed", timeout=0.3)
    killed.join()  # busy, and never heard of again
    survivor = make_frontier(client, prefix, "survivor")
    assert survivor.join() == "joined"
    survivor.set_busy(False)
    assert survivor.busy_workers() == 1
    assert survivor.idle_for() == 0.0
    time.sleep(0.4)
    assert survivor.busy_workers() == 0
    assert make_frontier(client, prefix, "next").join() == "joined"  # survivor is alive


def test_the_frontier_is_empty_only_when_nothing_is_queued_and_no_live_worker_is_busy(
    frontier_prefix: tuple[redis.Redis, str],
) -> None:
    client, prefix = frontier_prefix
    now = [100.0]
    idle = SharedFrontier(client, f"{prefix}:x", "idle", timeout=5, clock=lambda: now[0])
    busy = SharedFrontier(client, f"{prefix}:x", "busy", timeout=5)
    idle.join(), busy.join()
    idle.set_busy(False)
    assert idle.idle_for() == 0.0  # the other worker is busy
    busy.set_busy(False)
    client.zadd(idle.queue_key, {"request": 0})
    assert idle.idle_for() == 0.0  # something is queued
    client.delete(idle.queue_key)
    assert idle.idle_for() == 0.0
    now[0] += 2.5
    assert idle.idle_for() == 2.5
    idle.set_busy(True)  # popped a request: the clock starts over
    idle.set_busy(False)
    assert idle.idle_for() == 0.0


def test_the_last_worker_out_of_a_finished_crawl_forgets_its_fingerprints(
    frontier_prefix: tuple[redis.Redis, str],
) -> None:
    client, prefix = frontier_prefix
    a, b = make_frontier(client, prefix, "a"), make_frontier(client, prefix, "b")
    a.join(), b.join()
    client.sadd(a.dupefilter_key, "seed")
    assert a.leave(finished=True) is False  # b is still at work
    assert client.exists(a.dupefilter_key)
    assert b.leave(finished=True) is True
    assert not client.exists(a.dupefilter_key, a.workers_key)


# --- keys, fingerprints, the add-on, the command --------------------------------------------


def test_frontier_keys_name_the_spider_the_site_and_the_job() -> None:
    assert frontier_key("hnm", "archive", "hanoimoi.com.vn") == "hnm:archive:hanoimoi.com.vn"
    assert (
        frontier_key("hnm", "archive", "hanoimoi.vn", "tuần 7") == "hnm:archive:hanoimoi.vn:tu-n-7"
    )


def test_an_article_is_one_fingerprint_under_all_its_url_forms() -> None:
    from hnmcrawler.distributed.scheduler import ArticleDupeFilter

    seen = ArticleDupeFilter(server=None, key="unused")
    forms = [
        "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/859634/ha-noi",
        "http://www.hanoimoi.com.vn/tin-tuc/kinh-te/859634/ha-noi/",
        "https://hanoimoi.com.vn/Tin-tuc/Kinh-te/859634/ha-noi?utm_source=x",
    ]
    assert len({seen.request_fingerprint(Request(url)) for url in forms}) == 1
    pages = [f"{LEGACY}/Danh-muc-tin/190/Kinh-te", f"{LEGACY}/Danh-muc-tin/190/Kinh-te?page=2"]
    assert len({seen.request_fingerprint(Request(url)) for url in pages}) == 2


def test_the_addon_switches_scheduler_and_filter_only_when_the_redis_url_is_set() -> None:
    plain = Settings({"HNM_DISTRIBUTED_REDIS_URL": ""})
    DistributedAddon().update_settings(plain)
    assert plain["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    shared = Settings({"HNM_DISTRIBUTED_REDIS_URL": REDIS_URL})
    DistributedAddon().update_settings(shared)
    assert shared["SCHEDULER"].endswith("SharedFrontierScheduler")
    assert shared["DUPEFILTER_CLASS"].endswith("ArticleDupeFilter")
    assert shared.getbool("SCHEDULER_PERSIST")
    assert shared["REDIS_URL"] == REDIS_URL


def test_without_the_setting_a_crawl_imports_nothing_of_redis() -> None:
    code = (
        "import sys\n"
        "from scrapy.utils.reactor import install_reactor\n"
        "install_reactor('twisted.internet.asyncioreactor.AsyncioSelectorReactor')\n"
        "from scrapy.utils.test import get_crawler\n"
        "from hnmcrawler.commands.crawl import project_settings\n"
        "from hnmcrawler.spiders.archive import ArchiveSpider\n"
        "crawler = get_crawler(ArchiveSpider, dict(project_settings()))\n"
        "assert crawler.settings['SCHEDULER'] == 'scrapy.core.scheduler.Scheduler'\n"
        "assert not {'redis', 'scrapy_redis'} & set(sys.modules), 'redis imported'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "HNM_DISTRIBUTED_REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_missing_scrapy_redis_stops_the_crawl_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "hnmcrawler.distributed.scheduler", raising=False)
    for name in ("scrapy_redis", "scrapy_redis.scheduler", "scrapy_redis.dupefilter"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(NotConfigured, match=r"install hnmcrawler\[distributed\]"):
        importlib.import_module("hnmcrawler.distributed.scheduler")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--workers", "2"], "--workers needs --redis", id="workers without redis"),
        pytest.param(["--workers", "0", "--redis", REDIS_URL], "1 or more", id="no workers"),
        pytest.param(
            ["--redis", "redis://127.0.0.1:1/0"], "no Redis at redis://127.0.0.1:1/0", id="no redis"
        ),
        pytest.param(
            ["--redis", "redis://:s3cr3t@127.0.0.1:1/0"],
            "no Redis at redis://:***@127.0.0.1:1/0",
            id="no redis, its password hidden",
        ),
        pytest.param(
            ["--redis", REDIS_URL, "--jobdir", "job"], "--jobdir is for one process", id="jobdir"
        ),
        pytest.param(["--spider", "feeds", "--sweep"], "--sweep is for the archive", id="sweep"),
    ],
)
def test_distributed_mistakes_are_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(build_parser().parse_args(["crawl", "--db", "", *args])) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "s3cr3t" not in err


def test_worker_command_lines_carry_no_password_the_environment_does(tmp_path: Path) -> None:
    """Any local user reads command lines with ``ps``; a worker's secrets go in its env."""
    from hnmcrawler.commands.crawl import worker_command, worker_environment

    redis_url, db = "redis://:r3dispw@127.0.0.1:6379/0", "postgresql://u:s3cr3t@db/hnm"
    args = build_parser().parse_args(
        ["crawl", "--workers", "2", "--redis", redis_url, "--db", db, "--sections", "Kinh-te"]
    )
    for label, sweep in (("worker-1", False), ("sweep", True)):
        argv = " ".join(worker_command(args, tmp_path / "report.json", label, sweep))
        assert "s3cr3t" not in argv
        assert "r3dispw" not in argv
        assert "--sections Kinh-te" in argv
    env = worker_environment(args)
    assert env["HNM_DISTRIBUTED_REDIS_URL"] == redis_url
    assert env["HNM_STORAGE_URI"] == db
