"""``hnmcrawler crawl``: run a spider with the project settings, for people and for cron.

Every argument and output path is checked before anything is fetched (a user mistake is a
``UsageError``, exit 2; an output that cannot be written an ``OutputError``, exit 4). The
feed is written aside and published only by a run that finished and read the site
(``feedfile.py``); the exit code follows ``exits.crawl_outcome`` and the run ends with one
summary line on stderr. The metrics and the alert (``monitoring/watchers.py``) follow every
run, one stopped before the crawl too (``on_failure``, called by ``commands.run``).
``run_spider`` is also how ``hnmcrawler demo`` crawls; ``--redis`` and ``--workers`` are in
``workers.py``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from hnmcrawler.commands.feedfile import FeedFile
from hnmcrawler.commands.workers import (
    check_distributed,
    worker_command,
    worker_environment,
    workers_report,
)
from hnmcrawler.exceptions import OutputError, UsageError
from hnmcrawler.exits import ExitCode, Outcome, crawl_outcome, table_code
from hnmcrawler.files import check_writable
from hnmcrawler.jobdir import JobDirLock
from hnmcrawler.monitoring.metrics import read_report
from hnmcrawler.monitoring.watchers import Watchers, tell_watchers
from hnmcrawler.proxies import host_table, proxy_table
from hnmcrawler.sites import CURRENT, LEGACY
from hnmcrawler.spiders.arguments import section_urls, site_named
from hnmcrawler.spiders.window import DateWindow


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
    if args.site is None:  # each spider's own site: feeds exist on the current site only
        args.site = CURRENT.host if args.spider == "feeds" else LEGACY.host
    site = site_named(args.site)
    if args.spider == "feeds" and site is not CURRENT:
        raise UsageError(f"the feeds spider reads {CURRENT.host} only, not {site.host}")
    DateWindow.from_args(args.since, args.until)
    if args.mirror is not None:
        check_mirror_url(args.mirror)
    check_source(args)
    found: dict[str, Any] = {"site": args.site}
    for name in ("sections", "since", "until", "max_pages"):
        if getattr(args, name) not in (None, ""):
            found[name] = str(getattr(args, name))
    if getattr(args, "crawls", None):
        found["crawls"] = args.crawls
    if args.spider in ("archive", "wayback", "commoncrawl"):
        section_urls(site, args.sections)
    if args.sweep:
        if args.spider != "archive":
            raise UsageError("--sweep is for the archive spider")
        if not args.workers:
            found["sweep"] = "1"
    return found


def check_source(args: argparse.Namespace) -> None:
    """``--source wayback`` and ``--source commoncrawl`` run the spider of that name:
    archive's arguments, one process; ``--crawls`` is Common Crawl's only."""
    source = getattr(args, "source", "live")
    if getattr(args, "crawls", None) and source != "commoncrawl":
        raise UsageError("--crawls is for --source commoncrawl")
    if source == "live":
        return
    if args.spider != "archive":
        raise UsageError(f"--source {source} reads sections as archive does, not {args.spider}")
    if args.workers or args.redis or args.sweep or args.mirror:
        raise UsageError(f"--source {source} takes no --workers, --redis, --sweep or --mirror")
    if str(args.since).strip().casefold() == "auto":
        raise UsageError(f"--source {source} takes --since as a day, not 'auto'")
    args.spider = source


def check_mirror_url(url: str) -> None:
    """``--mirror`` is an http(s) address with a host: ``http://127.0.0.1:8080``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--mirror takes an address like http://127.0.0.1:8080, not {url!r}")


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
    if args.metrics:
        settings["HNM_METRICS_PATH"] = str(args.metrics)
    if args.warc:
        settings["HNM_WARC_DIR"] = str(args.warc)
    if (feed := feed_file(args)) is not None:
        resume = args.jobdir is not None and feed.resumes
        settings["FEEDS"] = {str(feed.partial): {"format": feed.format, "overwrite": not resume}}
    settings.update(set_pairs(args.set or [], strict=True))
    return settings


def set_pairs(pairs: list[str], *, strict: bool) -> dict[str, str]:
    """The ``-s NAME=VALUE`` pairs; one without ``=`` is a ``UsageError`` when ``strict``,
    else left out (the watchers read them whatever the run's error was)."""
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            if strict:
                raise UsageError(f"-s takes NAME=VALUE, not {pair!r}")
            continue
        found[name] = value
    return found


def check_store(uri: str) -> None:
    """Open and close the store: a database that is down stops us before any request."""
    if not uri:
        return
    from hnmcrawler.storage import store_from_uri

    store = store_from_uri(uri)
    store.open()
    store.close()


def feed_file(args: argparse.Namespace) -> FeedFile | None:
    if args.out is None:
        return None
    return FeedFile.plan(args.out, args.jobdir, args.append)


FAILED_PATHS = {"wayback": "HNM_WAYBACK_FAILED_PATH", "commoncrawl": "HNM_COMMONCRAWL_FAILED_PATH"}


def check_outputs(args: argparse.Namespace, settings: Settings) -> None:
    """Every file the crawl will write can be written: ``OutputError`` (exit 4) now, not an
    empty feed after an hour; a job directory that cannot be used is a ``UsageError``."""
    if args.jobdir is not None:
        try:
            args.jobdir.mkdir(parents=True, exist_ok=True)
            check_writable(args.jobdir / ".hnm-probe")
        except (OSError, OutputError) as exc:
            raise UsageError(f"--jobdir {args.jobdir} cannot be used: {exc}") from None
        lock = JobDirLock(args.jobdir)
        lock.acquire()  # JobDirBusy (exit 2) when another crawl of this job is running
        lock.release()
    if (feed := feed_file(args)) is not None:
        feed.check_writable()
    for name in ("HNM_REPORT_PATH", "HNM_METRICS_PATH"):
        if settings.get(name):
            check_writable(Path(settings.get(name)))
    if settings.get("HNM_WARC_DIR"):  # a folder: the files in it are named as they are begun
        check_writable(Path(settings.get("HNM_WARC_DIR")) / ".hnm-probe")
    for name in ("HNM_DEAD_LETTER_PATH", "HNM_QUARANTINE_PATH"):  # the store's own files
        if settings.get(name) and settings.get("HNM_STORAGE_URI"):
            check_writable(Path(settings.get(name)))
    failed = FAILED_PATHS.get(getattr(args, "source", "live"))
    if failed and settings.get(failed):  # what an archive source could not get
        check_writable(Path(settings.get(failed)))


def check_needs_store(args: argparse.Namespace, settings: Settings) -> None:
    """``--sweep`` and ``--since auto`` read the store: without one (``--db ''``) a
    ``UsageError`` now, not a crawl that stops at its start."""
    if settings.get("HNM_STORAGE_URI"):
        return
    if args.sweep:
        raise UsageError("--sweep fetches the articles missing from the store: give --db")
    if str(args.since or "").strip().casefold() == "auto":
        raise UsageError("--since auto starts from the newest stored article: give --db")


def check_per_host(settings: Settings) -> None:
    """``HNM_PROXIES`` and ``HNM_USER_AGENTS`` can be used: a ``UsageError`` (exit 2, the
    proxy's password masked) before the crawl starts, not a crawl that stops at once."""
    try:
        proxy_table(settings.get("HNM_PROXIES"))
        host_table(settings.get("HNM_USER_AGENTS"), "HNM_USER_AGENTS")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run_crawl(args: argparse.Namespace) -> int:
    spider_kwargs = spider_args(args)
    settings = project_settings(crawl_settings(args))
    check_needs_store(args, settings)
    check_distributed(args)
    check_outputs(args, settings)
    check_per_host(settings)
    check_store(settings.get("HNM_STORAGE_URI", ""))
    if args.workers:
        return crawl_with_workers(args, settings)
    return crawl_here(args, settings, spider_kwargs)


def crawl_with_workers(args: argparse.Namespace, settings: Settings) -> int:
    """``--workers N``: the workers (and a sweep when needed), then the watchers, told once
    from the workers' reports added up."""
    from functools import partial

    from hnmcrawler.distributed.workers import run_workers

    report = Path(settings.get("HNM_REPORT_PATH"))
    command = partial(worker_command, args, report)
    env = worker_environment(args)
    if args.warc:  # each worker writes its own files (named by its pid) in the folder
        env["HNM_WARC_DIR"] = str(args.warc)
    started = datetime.now(UTC)
    code = table_code(run_workers(command, args.workers, always_sweep=args.sweep, env=env))
    labels = [*(f"worker-{n}" for n in range(1, args.workers + 1)), "sweep"]
    why = f"--workers {args.workers}: the most severe exit of the workers and any sweep"
    added_up = workers_report(report, labels, started)
    outcome = after_crawl(args, settings, added_up, Outcome(code, why))
    articles = added_up.get("articles", {})
    print(
        f"hnmcrawler: {articles.get('new', 0)} new, {articles.get('updated', 0)} updated of "
        f"{articles.get('emitted', 0)} articles in {added_up.get('duration_seconds', 0):.0f} s; "
        f"{outcome.why}; exit {int(outcome.code)}",
        file=sys.stderr,
    )
    return outcome.code


def crawl_here(args: argparse.Namespace, settings: Settings, spider_kwargs: dict[str, Any]) -> int:
    """One crawl in this process, then the feed, the watchers and the summary line."""
    stats = run_spider(args.spider, settings, **spider_kwargs)
    finished = stats.get("finish_reason") == "finished"
    outcome = publish(feed_file(args), crawl_outcome(stats), finished=finished)
    where = settings.get("HNM_REPORT_PATH")
    written = read_report(Path(where), since=stats.get("start_time")) if where else {}
    outcome = after_crawl(args, settings, written, outcome)
    print(summary_line(stats, outcome, where if written else None), file=sys.stderr)
    return outcome.code


def publish(feed: FeedFile | None, outcome: Outcome, *, finished: bool) -> Outcome:
    """Put the feed in place when the run can vouch for it (it finished and read the site);
    the outcome, 4 if that fails."""
    if feed is None:
        return outcome
    if not finished or outcome.code not in (ExitCode.OK, ExitCode.UNHEALTHY):
        kept = f"{feed.out} left as it was; this run's articles are in {feed.partial}"
        return Outcome(outcome.code, f"{outcome.why}; {kept}")
    try:
        feed.publish()
    except OutputError as exc:
        return Outcome(ExitCode.OUTPUT, str(exc))
    return outcome


def after_crawl(
    args: argparse.Namespace, settings: Settings, report: dict[str, Any], outcome: Outcome
) -> Outcome:
    """Metrics for node_exporter (``--metrics``), and an alert (``HNM_ALERT_URL``) for a run
    that exits non-zero, from the ``report`` the crawl wrote (``{}`` if none); the outcome, 4
    if the metrics cannot be written."""
    args.watchers_told = True  # ``on_failure`` leaves them alone if anything raises after
    return tell_watchers(watchers(args, settings), report, outcome)


def watchers(args: argparse.Namespace, settings: Settings) -> Watchers:
    site = args.site or (CURRENT.host if args.spider == "feeds" else LEGACY.host)
    return Watchers(
        metrics_path=settings.get("HNM_METRICS_PATH") or "",
        alert_url=settings.get("HNM_ALERT_URL") or "",
        site=site,
        job=args.spider,
    )


def on_failure(args: argparse.Namespace, outcome: Outcome) -> None:
    """The crawl command stopped before or without its end (``outcome`` is what
    ``commands.run`` made of the error): the metrics and the alert, as after a crawl."""
    if getattr(args, "watchers_told", False):
        return
    tell_watchers(watchers(args, watcher_settings(args)), {}, outcome, crawled=False)


def watcher_settings(args: argparse.Namespace) -> Settings:
    """The settings that name the watchers (``--metrics``, ``-s`` pairs, the environment),
    read without checking anything else: whatever the run's error was, this cannot fail."""
    overrides = {"HNM_METRICS_PATH": str(args.metrics)} if args.metrics else {}
    return project_settings({**overrides, **set_pairs(args.set or [], strict=False)})


def summary_line(stats: dict[str, Any], outcome: Outcome, report: str | None) -> str:
    """One line for cron's mail: ``hnmcrawler: 12 new, 3 updated of 15 articles in 95 s;
    healthy; exit 0; report out/report.json``; ``no report`` when this run wrote none."""
    start, finish = stats.get("start_time"), stats.get("finish_time")
    seconds = (finish - start).total_seconds() if start and finish else 0.0
    new, updated = stats.get("hnm/store/new", 0), stats.get("hnm/store/updated", 0)
    emitted = stats.get("item_scraped_count", 0)
    articles = f"{new} new, {updated} updated of {emitted} articles in {seconds:.0f} s"
    where = f"; report {report}" if report else "; no report"
    return f"hnmcrawler: {articles}; {outcome.why}; exit {int(outcome.code)}{where}"


def add_parser(commands: Any) -> None:
    crawl = commands.add_parser("crawl", help="crawl a site's sections into files and the store")
    crawl.add_argument("--spider", choices=("archive", "feeds"), default="archive")
    crawl.add_argument(
        "--source",
        choices=("live", "wayback", "commoncrawl"),
        default="live",
        help="live: the site itself; wayback: its captures in a Wayback archive; "
        "commoncrawl: its records in Common Crawl",
    )
    crawl.add_argument(
        "--crawls",
        help="--source commoncrawl: CC-MAIN-2024-10,... (default HNM_COMMONCRAWL_CRAWLS, "
        "else every crawl that ended after --since)",
    )
    crawl.add_argument(
        "--site", help="hanoimoi.com.vn (archive's default) or hanoimoi.vn (feeds' only site)"
    )
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
    crawl.add_argument(
        "--metrics", type=Path, help="write the run for node_exporter's textfile collector (.prom)"
    )
    crawl.add_argument(
        "--warc", type=Path, help="keep every exchange as WARC files in this folder (HNM_WARC_DIR)"
    )
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
    crawl.set_defaults(run=run_crawl, on_failure=on_failure)
