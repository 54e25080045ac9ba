"""Several crawler processes on several hosts, one crawl: a shared frontier in Redis.

``HNM_DISTRIBUTED_REDIS_URL=redis://host:6379/0`` is the one setting that turns it on. The
add-on below (in ``ADDONS``) then puts scrapy-redis's request queue and duplicate filter in
place of Scrapy's, through ``scheduler.SharedFrontierScheduler``; every worker of one spider
and site (and ``HNM_DISTRIBUTED_JOB``) shares them. Without the setting the add-on does
nothing and nothing of Redis is imported.

What scrapy-redis guarantees, and what it doesn't: a request is queued once per run (the
filter remembers every fingerprint) and handed to exactly one worker (an atomic pop), and the
queue outlives the workers (``SCHEDULER_PERSIST``). But a pop is final: a request a worker
has taken and not finished (being downloaded, parsed, or its article waiting in the store's
batch) dies with that worker, and the filter keeps the other workers from ever queueing it
again. A *sweep* closes the gap: ``-a sweep=1`` starts the frontier over once no worker is
alive on it, walks every listing again and fetches only the articles missing from the store
(``hnmcrawler crawl --workers N`` runs one by itself when a worker ended abnormally).
"""

from __future__ import annotations

import importlib.util

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

INSTALL_HINT = "HNM_DISTRIBUTED_REDIS_URL is set: install hnmcrawler[distributed]"
SCHEDULER = "hnmcrawler.distributed.scheduler.SharedFrontierScheduler"
DUPEFILTER = "hnmcrawler.distributed.scheduler.ArticleDupeFilter"


def require_distributed() -> None:
    """``NotConfigured`` with the install hint when scrapy-redis or redis is missing."""
    if any(importlib.util.find_spec(name) is None for name in ("scrapy_redis", "redis")):
        raise NotConfigured(INSTALL_HINT)


class DistributedAddon:
    """Switch the scheduler and the duplicate filter to the shared Redis frontier.

    Does nothing without ``HNM_DISTRIBUTED_REDIS_URL``. A missing scrapy-redis is not
    swallowed here (an add-on's ``NotConfigured`` would only disable it, and every host would
    crawl everything): the scheduler's import raises it and the crawl does not start.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("HNM_DISTRIBUTED_REDIS_URL")
        if not url:
            return
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
