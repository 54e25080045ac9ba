"""``hnmcrawler crawl --redis URL [--workers N]``: this process as one worker of a shared
frontier (``hnmcrawler.distributed``), or N such workers started here (and, when one ends
abnormally, a sweep after them). Called by ``commands/crawl.py``.

The command that starts the workers tells the watchers (``--metrics``, ``HNM_ALERT_URL``)
once for them all, from their reports added up (``workers_report``); the workers tell none.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from hnmcrawler.exceptions import UsageError

WATCHER_SETTINGS = ("HNM_METRICS_PATH", "HNM_ALERT_URL")
"""Settings of the watchers: the ``--workers`` command's, never its workers' own."""


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
    argv += ["--log-level", args.log_level]
    for flag in ("site", "sections", "since", "until", "max_pages", "mirror"):
        if getattr(args, flag) is not None:
            argv += ["--" + flag.replace("_", "-"), str(getattr(args, flag))]
    if args.out is not None:
        argv += ["--out", str(labelled(args.out, label)), *(["--append"] if args.append else [])]
    argv += ["--report", str(labelled(report, label))]
    kept = [pair for pair in args.set or [] if pair.partition("=")[0] not in WATCHER_SETTINGS]
    for pair in [*kept, "HNM_PROGRESS=0"]:
        argv += ["-s", pair]
    return [*argv, "--sweep"] if sweep else argv


def worker_environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment of the ``--workers``: ours, with the shared Redis and store."""
    env = {**os.environ, "HNM_DISTRIBUTED_REDIS_URL": args.redis}
    env.update(dict.fromkeys(WATCHER_SETTINGS, ""))  # the command tells them, for all
    if args.db is not None:
        env["HNM_STORAGE_URI"] = args.db
    return env


def workers_report(report: Path, labels: Iterable[str], since: datetime) -> dict[str, Any]:
    """The reports the workers (and the sweep, ``labels``) wrote since ``since``, added up:
    every count summed (pages, articles by what the store did, drops, retries), each one's
    finish reason under ``workers``, the duration since ``since`` (the sweep runs after the
    workers). Per-section completeness and coverage ratios are left out: each worker read some
    of the listings."""
    from hnmcrawler.distributed.workers import labelled
    from hnmcrawler.monitoring.metrics import read_report

    total: dict[str, Any] = {"workers": {}}
    for label in labels:
        found = read_report(labelled(report, label), since=since)
        if not found:
            continue
        total["workers"][label] = found.get("finish_reason")
        for apart in ("completeness", "coverage", "duration_seconds"):  # no sums
            found.pop(apart, None)
        _add_counts(total, found)
    total["duration_seconds"] = (datetime.now(UTC) - since).total_seconds()
    return total


def _add_counts(total: dict[str, Any], more: dict[str, Any]) -> None:
    for name, value in more.items():
        if isinstance(value, dict):
            _add_counts(total.setdefault(name, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            total[name] = total.get(name, 0) + value
