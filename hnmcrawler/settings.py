"""All settings of hnmcrawler, grouped; the only place environment variables are read.

Scrapy reads this module (``scrapy.cfg``); override any value with ``-s NAME=VALUE``.
"""

from __future__ import annotations

import os

from hnmcrawler.items import ARTICLE_FIELDS

BOT_NAME = "hnmcrawler"
SPIDER_MODULES = ["hnmcrawler.spiders"]
NEWSPIDER_MODULE = "hnmcrawler.spiders"
LOG_LEVEL = os.environ.get("HNM_LOG_LEVEL", "INFO")

# --- Politeness -------------------------------------------------------------------------
# hanoimoi.vn answers 403 to non-browser user agents (hnm-site.md, seen).
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/142.0.0.0 Safari/537.36"
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5",
}
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy 2.19 starts CONCURRENT_ITEMS asyncio tasks for the output of every response (100 by
# default), whatever it yields: an article page yields one item, a listing a few dozen
# requests, and our pipelines never wait. 8 instead of 100: on a 2,000-article mirror the full
# crawl went from 249-279 to 359-406 pages/s, a spider that only fetches from 630-789 to 1,063+.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 5  # the current site's firewall throws bursts of errors; backoff spaces them
# 403 too: the current site's firewall throws intermittent 403s (hnm-site.md, inferred).
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 403]
HNM_RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time, +/- 50%
HNM_RETRY_BACKOFF_MAX = 60.0  # cap, also for a server's Retry-After
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # 585: sees a response after decompression (590), before MetaRefreshMiddleware (580)
    # follows a challenge's refresh and before CharsetMiddleware (580).
    "hnmcrawler.retry.BackoffRetryMiddleware": 585,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "hnmcrawler.middlewares.SafeRobotsTxtMiddleware": 100,
    "hnmcrawler.middlewares.CharsetMiddleware": 580,
    "hnmcrawler.middlewares.SiteOnlyMiddleware": 55,
    "hnmcrawler.proxies.PerHostMiddleware": 60,  # before robots.txt, UA, proxy (750)
}
# Per host (a host matches itself and its subdomains, www. optional), as a JSON object:
# HNM_PROXIES='{"hanoimoi.vn": "http://user:pass@host:port"}' sends that host's requests
# through the proxy (Scrapy's meta["proxy"]); HNM_USER_AGENTS='{"hanoimoi.vn": "..."}' sends
# that user agent there instead of USER_AGENT (Accept-Language stays vi-VN).
HNM_PROXIES = os.environ.get("HNM_PROXIES", "")
HNM_USER_AGENTS = os.environ.get("HNM_USER_AGENTS", "")
HNM_EXTRA_HOSTS: list[str] = []  # hosts besides the sites' that requests may go to
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# --- Add-ons: each does nothing until its setting is there -------------------------------
# HNM_MIRROR=http://127.0.0.1:PORT fetches every site URL from a mirror (handlers.MirrorAddon
# installs the mirror download handler; unset, Scrapy's own handler, and no mirror code).
# HNM_DISTRIBUTED_REDIS_URL shares the frontier in Redis (see "Distributed" below).
# JOBDIR (-s JOBDIR=..., --jobdir): jobdir.JobDirAddon locks the job directory and reports a
# corrupt request queue (its scheduler); a shared frontier (distributed) replaces it.
ADDONS = {
    "hnmcrawler.handlers.MirrorAddon": 0,
    "hnmcrawler.jobdir.JobDirAddon": 0,
    "hnmcrawler.distributed.DistributedAddon": 1,
    "hnmcrawler.warc.WarcAddon": 0,
}
HNM_MIRROR = os.environ.get("HNM_MIRROR", "")
# HNM_WARC_DIR (--warc DIR): every exchange of the crawl kept as WARC 1.1 in this folder
# (warc.WarcAddon installs the capture middleware; unset, nothing of it runs).
HNM_WARC_DIR = os.environ.get("HNM_WARC_DIR", "")
HNM_WARC_MAX_SIZE = 1024**3  # bytes: a WARC file this large is closed and the next one begun
HNM_WARC_QUEUE = 64  # exchanges that may wait for the WARC writer process; then downloads wait
# The wayback spider (--source wayback): a Wayback CDX server and its replay prefix (the
# Internet Archive's, or any pywb's: http://host:8080/<collection>/cdx and .../<collection>/).
HNM_WAYBACK_CDX_URL = os.environ.get(
    "HNM_WAYBACK_CDX_URL", "https://web.archive.org/cdx/search/cdx"
)
HNM_WAYBACK_REPLAY_URL = os.environ.get("HNM_WAYBACK_REPLAY_URL", "https://web.archive.org/web/")
# CDX pages, captures and articles that kept failing, as JSON lines for the next run.
HNM_WAYBACK_FAILED_PATH = os.environ.get("HNM_WAYBACK_FAILED_PATH", "out/wayback-failed.jsonl")
# The commoncrawl spider (--source commoncrawl): Common Crawl's index server (one CDX endpoint
# a crawl, {index}/{crawl}-index, and collinfo.json) and the data host its WARC files are on.
HNM_COMMONCRAWL_INDEX_URL = os.environ.get(
    "HNM_COMMONCRAWL_INDEX_URL", "https://index.commoncrawl.org"
)
HNM_COMMONCRAWL_DATA_URL = os.environ.get(
    "HNM_COMMONCRAWL_DATA_URL", "https://data.commoncrawl.org/"
)
# Crawls asked when -a crawls is not given (CC-MAIN-2024-10,...); empty: those of
# collinfo.json that ended on or after since (a capture is never older than its article).
HNM_COMMONCRAWL_CRAWLS = os.environ.get("HNM_COMMONCRAWL_CRAWLS", "")
# Index pages, records and articles that kept failing, as JSON lines for the next run.
HNM_COMMONCRAWL_FAILED_PATH = os.environ.get(
    "HNM_COMMONCRAWL_FAILED_PATH", "out/commoncrawl-failed.jsonl"
)
# Both archive sources: the archived listing pages read per section (the newest capture of
# each, the first pages first), for listing dates and what the archive lacks; 0: all.
HNM_CAPTURE_LISTING_PAGES = 50

# --- Items and pipelines -----------------------------------------------------------------
ITEM_PIPELINES = {
    "hnmcrawler.pipelines.CleanTextPipeline": 100,
    "hnmcrawler.pipelines.ValidateArticlePipeline": 300,
    "hnmcrawler.pipelines.DuplicateArticlePipeline": 400,
    "hnmcrawler.pipelines.StoreArticlePipeline": 800,
}

# --- Storage -------------------------------------------------------------------------------
HNM_STORAGE_URI = os.environ.get("HNM_STORAGE_URI", "sqlite:///out/articles.sqlite")
HNM_STORAGE_BATCH_SIZE = 200
HNM_STORAGE_QUEUE_BATCHES = (
    2  # full batches that may wait for the writer thread (storage/writer.py)
)
HNM_DEAD_LETTER_PATH = os.environ.get("HNM_DEAD_LETTER_PATH", "out/dead-letter.jsonl")
# Rows the store refuses for what they hold (storage/limits.py), never replayed; '' loses them.
HNM_QUARANTINE_PATH = os.environ.get("HNM_QUARANTINE_PATH", "out/quarantine.jsonl")
# hnmcrawler store link-duplicates (neardup.py): bodies this similar (MinHash estimate of the
# Jaccard similarity of word 3-grams), titles alike and dates this many days apart at most.
HNM_NEARDUP_THRESHOLD = 0.8
HNM_NEARDUP_MAX_DAYS = 3

# --- Feeds (-O out.jsonl, -O out.csv) ----------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)
FEED_STORAGES = {
    "": "hnmcrawler.feedstorage.CrashSafeFileFeedStorage",
    "file": "hnmcrawler.feedstorage.CrashSafeFileFeedStorage",
}
FEED_EXPORTERS = {
    "jsonlines": "hnmcrawler.exporters.ArticleJsonLinesExporter",
    "jsonl": "hnmcrawler.exporters.ArticleJsonLinesExporter",
    "csv": "hnmcrawler.exporters.ArticleCsvExporter",
}

# --- Crawl report and health checks (extensions/) -------------------------------------------
EXTENSIONS = {
    "hnmcrawler.extensions.gc.GcTuningExtension": 0,
    "hnmcrawler.extensions.health.CrawlHealthExtension": 500,
    "hnmcrawler.extensions.progress.ProgressExtension": 510,
}
HNM_PROGRESS = False  # `hnmcrawler crawl` turns it on: a live line on a terminal, else a log line
HNM_PROGRESS_LOG_INTERVAL = 60.0
# Garbage collection for a long crawl (extensions/gc.py): start-up objects frozen out of
# collections.
# Python's thresholds kept: 10000/20/20 was 12% faster but held 54 MB more by 20,000 articles.
HNM_GC_TUNING = True
HNM_GC_THRESHOLD = [700, 10, 10]
HNM_REPORT_PATH = os.environ.get("HNM_REPORT_PATH", "out/report.json")
HNM_HEALTH_MAX_UNKNOWN_LAYOUT_SHARE = 0.05
HNM_HEALTH_MAX_UNDATED_SHARE = 0.02
HNM_HEALTH_MIN_FIELD_COVERAGE = 0.95  # title, body, published_at, per layout
HNM_HEALTH_MAX_BLOCKED_SHARE = 0.5  # of requests that block pages refused past their retries
# Prometheus metrics of each run for node_exporter's textfile collector (*.prom); '' for none.
HNM_METRICS_PATH = os.environ.get("HNM_METRICS_PATH", "")
# A run that exits non-zero POSTs its report as JSON here (webhook); '' for no alert.
HNM_ALERT_URL = os.environ.get("HNM_ALERT_URL", "")

# --- Spiders -------------------------------------------------------------------------------
HNM_LISTING_MAX_LINKS = 500  # article links read from one listing page (the site shows 10-30)
HNM_INCREMENTAL_OVERLAP_DAYS = 1.0  # `since=auto`: newest stored date per section minus this

# --- Distributed: several workers, one crawl (hnmcrawler[distributed], hnmcrawler.distributed)
# HNM_DISTRIBUTED_REDIS_URL=redis://host:6379/0 shares the request queue and duplicate filter
# (scrapy-redis) between every worker of one spider and site; empty: one process, and nothing
# of Redis is imported. Articles go to the shared store (HNM_STORAGE_URI, PostgreSQL).
HNM_DISTRIBUTED_REDIS_URL = os.environ.get("HNM_DISTRIBUTED_REDIS_URL", "")
HNM_DISTRIBUTED_KEY_PREFIX = "hnm"  # keys: hnm:<spider>:<site host>[:<job>]:requests, ...
HNM_DISTRIBUTED_JOB = ""  # a name that keeps two crawls of one spider and site apart
HNM_DISTRIBUTED_IDLE_SECONDS = 10.0  # a worker stops once the frontier was empty this long
HNM_DISTRIBUTED_WORKER_TIMEOUT = 15.0  # a worker without a heartbeat this long is dead
