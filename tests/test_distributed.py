"""``hnmcrawler.distributed``: the shared frontier's bookkeeping on the real Redis at
127.0.0.1:6379 (each test has its own key prefix and deletes only its keys; an unreachable
server skips these tests, or fails them when ``CI`` is set), request fingerprints, the add-on
and its optional imports. Workers crawling together are in ``e2e/test_distributed.py``; the
``--workers``/``--redis`` arguments in ``test_commands.py``.
"""

from __future__ import annotations

import importlib
import sys
import time
from typing import Any

import pytest
import redis
from scrapy.exceptions import NotConfigured
from scrapy.http import Request
from scrapy.settings import Settings

from hnmcrawler.distributed import DistributedAddon
from hnmcrawler.distributed.frontier import SharedFrontier, frontier_key
from tests.helpers import REDIS_URL, REPO, run_python

LEGACY = "http://hanoimoi.com.vn"


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


def test_without_the_setting_a_crawl_imports_nothing_of_redis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
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
    monkeypatch.delenv("HNM_DISTRIBUTED_REDIS_URL", raising=False)  # the child's environment
    result = run_python(["-c", code], REPO)
    assert result.returncode == 0, result.stderr


def test_a_missing_scrapy_redis_stops_the_crawl_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "hnmcrawler.distributed.scheduler", raising=False)
    for name in ("scrapy_redis", "scrapy_redis.scheduler", "scrapy_redis.dupefilter"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(NotConfigured, match=r"install hnmcrawler\[distributed\]"):
        importlib.import_module("hnmcrawler.distributed.scheduler")
