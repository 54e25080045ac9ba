"""scrapy-redis's scheduler and duplicate filter, keyed per spider and site, with workers that
join, keep a heartbeat and stop when the shared frontier has been empty for a while.

Only imported when ``HNM_DISTRIBUTED_REDIS_URL`` is set (the add-on names it in
``SCHEDULER``). Checked on Scrapy 2.19 with scrapy-redis 0.9.1: its scheduler, queue and
filter work; its ``RedisSpider`` (which needs the removed ``start_requests()``) and stats
collector are not used: spiders seed through their own ``start()`` and Scrapy keeps its stats.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call

from hnmcrawler.distributed import INSTALL_HINT
from hnmcrawler.distributed.frontier import SharedFrontier, frontier_key, worker_id
from hnmcrawler.urls import canonical_url, is_article_url

try:
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.scheduler import Scheduler
except ImportError as exc:  # the add-on names this module only when the setting is set
    raise NotConfigured(INSTALL_HINT) from exc

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how often an idle worker looks at the shared queue (Scrapy's own: 5 s)


class ArticleDupeFilter(RFPDupeFilter):
    """scrapy-redis's filter; an article is one fingerprint under all its URL forms."""

    def request_fingerprint(self, request: Request) -> str:
        if request.method == "GET" and is_article_url(request.url):
            key = "article " + canonical_url(request.url)
            return hashlib.sha1(key.encode("utf-8")).hexdigest()
        return str(super().request_fingerprint(request))


class SharedFrontierScheduler(Scheduler):
    """The scrapy-redis scheduler for the frontier of one spider and site.

    Keys: ``<HNM_DISTRIBUTED_KEY_PREFIX>:<spider>:<site host>[:<HNM_DISTRIBUTED_JOB>]``
    + ``:requests`` / ``:dupefilter`` (see ``frontier``). A spider with a true ``sweep``
    attribute starts the frontier over when no other worker is alive on it.
    """

    crawler: Crawler
    frontier: SharedFrontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)  # reads SCHEDULER_PERSIST, pings Redis
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        settings = self.crawler.settings
        site = getattr(getattr(spider, "site", None), "host", None) or "any"
        base = frontier_key(
            settings.get("HNM_DISTRIBUTED_KEY_PREFIX", "hnm"),
            spider.name,
            site,
            settings.get("HNM_DISTRIBUTED_JOB", ""),
        )
        timeout = settings.getfloat("HNM_DISTRIBUTED_WORKER_TIMEOUT", 15.0)
        self.frontier = SharedFrontier(self.server, base, worker_id(), timeout=timeout)
        self.queue_key, self.dupefilter_key = self.frontier.queue_key, self.frontier.dupefilter_key
        self.df = ArticleDupeFilter(
            self.server, key=self.dupefilter_key, debug=settings.getbool("DUPEFILTER_DEBUG")
        )
        self.idle_seconds = settings.getfloat("HNM_DISTRIBUTED_IDLE_SECONDS", 10.0)
        state = self.frontier.join(restart=bool(getattr(spider, "sweep", False)))
        super().open(spider)
        self._count(f"hnm/distributed/{state}")
        logger.info(
            "Shared frontier %(base)s: %(state)s as worker %(worker)s (%(queued)d queued)",
            {"base": base, "state": state, "worker": self.frontier.worker, "queued": len(self)},
        )
        # Scrapy's engine looks at an empty scheduler every 5 s; a shared queue fills from
        # other processes, so an idle worker looks more often.
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = POLL_SECONDS
        self.heartbeat = create_looping_call(self.frontier.heartbeat)
        self.heartbeat.start(min(1.0, timeout / 3), now=False)

    def close(self, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        left = len(self)
        # SCHEDULER_PERSIST: the queue and the filter stay for the other workers.
        cleared = self.frontier.leave(finished=reason == "finished")
        logger.info(
            "Left the shared frontier (%(reason)s, %(queued)d requests still queued%(last)s)",
            {"reason": reason, "queued": left, "last": "; the last one out" if cleared else ""},
        )

    # scrapy-redis's own two pass the spider to the stats (deprecated in Scrapy 2.19).
    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self._count("dupefilter/filtered")
            return False
        self.queue.push(request)
        self._count("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None:
            self._count("scheduler/dequeued/redis")
            self.frontier.set_busy(True)
        return request

    def spider_idle(self) -> None:
        """Keep the spider open until the frontier has been empty for the idle time."""
        self.frontier.set_busy(False)
        empty = self.frontier.idle_for()
        if empty < self.idle_seconds:
            raise DontCloseSpider
        logger.info(
            "The shared frontier has been empty for %(seconds).1f s: this worker stops",
            {"seconds": empty},
        )

    def _count(self, key: str) -> None:
        stats: Any = self.stats
        if stats is not None:
            stats.inc_value(key)
