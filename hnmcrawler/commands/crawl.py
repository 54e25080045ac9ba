"""``hnmcrawler crawl``: run a spider with the project settings, for people and for cron.

Every argument is checked before anything is fetched (a user mistake is a ``UsageError``:
one line and exit 2, see ``commands/__init__.py``); the exit code is 0 for a finished,
healthy crawl and 1 otherwise (``extensions/health.py``). ``run_spider`` is also how
``hnmcrawler demo`` crawls.

``--redis URL`` makes this process one worker of a shared frontier (``hnmcrawler.distributed``);
``--workers N`` starts N such workers here and, when one ends abnormally, a sweep after them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from hnmcrawler.exceptions import UsageError
from hnmcrawler.spiders.arguments import section_urls, site_named
from hnmcrawler.spiders.window import DateWindow

FEED_FORMATS = {".jsonl": "jsonlines", ".jl": "jsonlines", ".csv": "csv"}


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """``hnmcrawler.settings`` with ``overrides`` on top (as ``-s`` would put them)."""
    settings = Settings()
    settings.setmodule("hnmcrawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


def run_spider(spider: str, settings: Settings, **spider_args: Any) -> dict[str, Any]:
    """Crawl to the end (blocks; one crawl per process, as Twisted allows) and return stats."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **spider_args)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}


def spider_args(args: argparse.Namespace) -> dict[str, Any]:
    """The spider and its arguments, checked as the spider would, before the crawl starts."""
    site = site_named(args.site)
    DateWindow.from_args(args.since, args.until)
    found: dict[str, Any] = {"site": args.site}
    for name in ("sections", "since", "until", "max_pages"):
        if getattr(args, name) not in (None, ""):
            found[name] = str(getattr(args, name))
    if args.spider == "archive":
        section_urls(site, args.sections)
    if args.sweep:
        if args.spider != "archive":
            raise UsageError("--sweep is for the archive spider")
        if not args.workers:
            found["sweep"] = "1"
    return found


def check_distributed(args: argparse.Namespace) -> None:
    """``--redis``/``--workers`` make sense together, and Redis answers."""
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers takes a number of processes, 1 or more")
    if args.workers and not args.redis:
        raise UsageError("--workers needs --redis URL: the workers share their frontier there")
    if not args.redis:
        return
    if args.jobdir:
        raise UsageError("--jobdir is for one process; a shared frontier resumes from Redis")
    from scrapy.exceptions import NotConfigured

    from hnmcrawler.distributed import require_distributed

    try:
        require_distributed()
    except NotConfigured:
        raise UsageError(
            "--redis needs the distributed extra: install hnmcrawler[distributed]"
        ) from None
    import redis

    try:
        redis.Redis.from_url(args.redis, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        raise UsageError(f"no Redis at {without_password(args.redis)}: {exc}") from None


def without_password(url: str) -> str:
    """A URL as printed: its password, if any, replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def worker_command(args: argparse.Namespace, report: Path, label: str, sweep: bool) -> list[str]:
    """This command line for one of the ``--workers`` (its own report and feed file). The
    Redis and store URLs go in the environment (``worker_environment``): a command line,
    password and all, is there for any local user to read with ``ps``."""
    from hnmcrawler.distributed.workers import labelled

    argv = [sys.executable, "-m", "hnmcrawler", "crawl", "--spider", args.spider]
    argv += ["--site", args.site, "--log-level", args.log_level]
    for flag in ("sections", "since", "until", "max_pages", "mirror"):
        if getattr(args, flag) is not None:
            argv += ["--" + flag.replace("_", "-"), str(getattr(args, flag))]
    if args.out is not None:
        argv += ["--out", str(labelled(args.out, label)), *(["--append"] if args.append else [])]
    argv += ["--report", str(labelled(report, label))]
    for pair in [*(args.set or []), "HNM_PROGRESS=0"]:
        argv += ["-s", pair]
    return [*argv, "--sweep"] if sweep else argv


def worker_environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment of the ``--workers``: ours, with the shared Redis and store."""
    env = {**os.environ, "HNM_DISTRIBUTED_REDIS_URL": args.redis}
    if args.db is not None:
        env["HNM_STORAGE_URI"] = args.db
    return env


def crawl_settings(args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = {"HNM_PROGRESS": True, "LOG_LEVEL": args.log_level}
    if args.db is not None:
        settings["HNM_STORAGE_URI"] = args.db
    if args.redis:
        settings["HNM_DISTRIBUTED_REDIS_URL"] = args.redis
    if args.mirror:
        settings["HNM_MIRROR"] = args.mirror
    if args.jobdir:
        settings["JOBDIR"] = str(args.jobdir)
    if args.report:
        settings["HNM_REPORT_PATH"] = str(args.report)
    if args.out is not None:
        kind = FEED_FORMATS.get(args.out.suffix.lower())
        if kind is None:
            raise UsageError(f"--out must end in {', '.join(FEED_FORMATS)}: {args.out}")
        settings["FEEDS"] = {str(args.out): {"format": kind, "overwrite": not args.append}}
    for pair in args.set or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"-s takes NAME=VALUE, not {pair!r}")
        settings[name] = value
    return settings


def check_store(uri: str) -> None:
    """Open and close the store: a database that is down stops us before any request."""
    if not uri:
        return
    from hnmcrawler.storage import store_from_uri

    store = store_from_uri(uri)
    store.open()
    store.close()


def run_crawl(args: argparse.Namespace) -> int:
    spider_kwargs = spider_args(args)
    overrides = crawl_settings(args)
    settings = project_settings(overrides)
    check_distributed(args)
    check_store(settings.get("HNM_STORAGE_URI", ""))
    if args.workers:
        from functools import partial

        from hnmcrawler.distributed.workers import run_workers

        report = Path(settings.get("HNM_REPORT_PATH"))
        command = partial(worker_command, args, report)
        env = worker_environment(args)
        return run_workers(command, args.workers, always_sweep=args.sweep, env=env)
    stats = run_spider(args.spider, settings, **spider_kwargs)
    healthy = not stats.get("hnm/health/failed")
    finished = stats.get("finish_reason") == "finished"
    return 0 if healthy and finished else 1


def add_parser(commands: Any) -> None:
    crawl = commands.add_parser("crawl", help="crawl a site's sections into files and the store")
    crawl.add_argument("--spider", choices=("archive", "feeds"), default="archive")
    crawl.add_argument("--site", default="hanoimoi.com.vn", help="hanoimoi.com.vn or hanoimoi.vn")
    crawl.add_argument("--sections", help="comma-separated slugs or listing URLs (default all)")
    crawl.add_argument("--since", help="first day YYYY-MM-DD, or 'auto' (incremental)")
    crawl.add_argument("--until", help="last day YYYY-MM-DD (inclusive)")
    crawl.add_argument("--max-pages", dest="max_pages", type=int, help="listing pages per section")
    crawl.add_argument("--out", type=Path, help="feed file: .jsonl or .csv")
    crawl.add_argument("--append", action="store_true", help="append to --out instead of replacing")
    crawl.add_argument("--db", help="article store URI (default HNM_STORAGE_URI); '' for none")
    crawl.add_argument("--jobdir", type=Path, help="job directory: a stopped crawl resumes from it")
    crawl.add_argument(
        "--mirror", help="fetch site URLs from this mirror, e.g. http://127.0.0.1:8080"
    )
    crawl.add_argument("--report", type=Path, help="crawl report path (default out/report.json)")
    crawl.add_argument("--log-level", default="WARNING", help="WARNING (default), INFO, DEBUG")
    crawl.add_argument("--redis", help="share the frontier with other workers: redis://host:6379/0")
    crawl.add_argument(
        "--workers", type=int, help="start N worker processes here (with --redis and --db)"
    )
    crawl.add_argument(
        "--sweep",
        action="store_true",
        help="walk every listing again, fetch only articles missing from the store "
        "(with --workers: after them, even when all ended well)",
    )
    crawl.add_argument(
        "-s", "--set", action="append", metavar="NAME=VALUE", help="a Scrapy setting"
    )
    crawl.set_defaults(run=run_crawl)
