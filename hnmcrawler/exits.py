"""The exit codes of every ``hnmcrawler`` command, and how a crawl's stats map to one.

====  =====================================================================================
0     done; a crawl finished and passed its health checks (a quiet incremental run that
      reached its listings and found nothing new is healthy)
1     a crawl finished or was stopped, and a health check failed (see its report)
2     a usage or configuration error: an argument, a file, a store URI, a setting the
      crawl cannot use (``hnm/settings/problem``: HNM_PROXIES...) (one line)
3     the site could not be reached or refused us: no listing, feed or article page of it
      was read (connection errors, HTTP errors after every retry, pages no layout knows,
      block and challenge pages: the line then says to set a proxy or a user agent)
4     output could not be written: the feed, the report, the store's dead-letter file
70    an internal error: one line on stderr, the traceback in a file it names
====  =====================================================================================

``commands.run`` maps what a command raises (``UsageError`` 2, ``OutputError`` 4, anything
unexpected 70); ``crawl_outcome`` maps a finished crawl's stats. Operators and tests read
the same table: ``docs/operations.md``.

A command that ran several crawls (``crawl --workers``) exits with the most severe of their
codes (``most_severe``): the one to deal with first. From the most severe: 70 (a bug: nothing
after it can be trusted), 4 (an output lost: what was crawled may not have been kept), 3 (the
site not read at all), 2 (a command or configuration to fix), 1 (a crawl stopped early or
unhealthy; a process killed by a signal counts as this), 0. A code not in the table is 70.

    >>> most_severe([0, 1, 3, -9]).name, most_severe([4, 3, 2]).name, most_severe([]).name
    ('UNREACHABLE', 'OUTPUT', 'OK')
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from hnmcrawler.jobdir import JOBDIR_CORRUPT, JOBDIR_LOCKED
from hnmcrawler.outputs import OUTPUT_FAILED
from hnmcrawler.stop import BAD_SETTING


class ExitCode(IntEnum):
    OK = 0
    UNHEALTHY = 1
    USAGE = 2
    UNREACHABLE = 3
    OUTPUT = 4
    INTERNAL = 70


SEVERITY = (
    ExitCode.OK,
    ExitCode.UNHEALTHY,
    ExitCode.USAGE,
    ExitCode.UNREACHABLE,
    ExitCode.OUTPUT,
    ExitCode.INTERNAL,
)
"""The codes from the least to the most severe (see the module docstring)."""


def table_code(code: int) -> ExitCode:
    """A child process's return code as a code of the table: killed by a signal (negative)
    is 1, a crawl stopped before the end; a code not in the table is 70."""
    if code < 0:
        return ExitCode.UNHEALTHY
    try:
        return ExitCode(code)
    except ValueError:
        return ExitCode.INTERNAL


def most_severe(codes: Iterable[int]) -> ExitCode:
    """The most severe of several crawls' return codes (``SEVERITY``); 0 for none. Called by
    ``distributed.workers`` for ``crawl --workers``."""
    return max(map(table_code, codes), key=SEVERITY.index, default=ExitCode.OK)


@dataclass(frozen=True)
class Outcome:
    code: ExitCode
    why: str  # one line: what the code means for this run


def crawl_outcome(stats: dict[str, Any]) -> Outcome:
    """The exit code of a crawl from its closing stats, with the reason in a few words."""
    reason = stats.get("finish_reason")
    if reason == BAD_SETTING or stats.get("hnm/settings/problem"):
        return Outcome(ExitCode.USAGE, str(stats.get("hnm/settings/problem") or reason))
    if reason in (JOBDIR_LOCKED, JOBDIR_CORRUPT):
        what = "in use by another process" if reason == JOBDIR_LOCKED else "corrupt"
        return Outcome(ExitCode.USAGE, f"job directory {what}: {stats.get('hnm/jobdir/problem')}")
    if reason == OUTPUT_FAILED or stats.get("hnm/output/failed"):
        failed = stats.get("hnm/output/failed") or "output"
        return Outcome(ExitCode.OUTPUT, f"could not write {failed}")
    if reason != "finished":
        return Outcome(ExitCode.UNHEALTHY, f"stopped before the end ({reason})")
    if not stats.get("downloader/request_count"):
        return Outcome(ExitCode.UNHEALTHY, "nothing to fetch")
    if not stats.get("hnm/site/reached"):
        refused = blocked_counts(stats)
        why = refused_why(stats, refused) if refused else unreachable_why(stats)
        return Outcome(ExitCode.UNREACHABLE, why)
    if stats.get("hnm/health/failed"):
        return Outcome(ExitCode.UNHEALTHY, "health check failed")
    return Outcome(ExitCode.OK, "healthy")


def unreachable_why(stats: dict[str, Any]) -> str:
    """``site unreachable or refused: 12 requests, 0 pages read; 503 x6, ConnectionRefused x6``."""
    prefix = "downloader/response_status_count/"
    statuses = [
        f"HTTP {k.removeprefix(prefix)} x{v}" for k, v in stats.items() if k.startswith(prefix)
    ]
    errors = [
        f"{k.rsplit('/', 1)[-1].rsplit('.', 1)[-1]} x{v}"
        for k, v in stats.items()
        if k.startswith("downloader/exception_type_count/")
    ]
    requests = stats.get("downloader/request_count", 0)
    seen = "; ".join(sorted(statuses) + sorted(errors)) or "no answer"
    return f"site unreachable or refused: {requests} requests, no page of the site read ({seen})"


def blocked_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Block and challenge pages by kind (``hnm/blocked/<kind>``), most first."""
    prefix = "hnm/blocked/"
    counts = {
        k.removeprefix(prefix): int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and k != f"{prefix}gave_up" and v
    }
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def refused_why(stats: dict[str, Any], blocked: dict[str, int]) -> str:
    """``site unreachable or refused: it answered 12 requests with block pages only
    (challenge x10, 403 x2), no page of the site read; crawl through a proxy ...``."""
    kinds = ", ".join(f"{kind} x{count}" for kind, count in blocked.items())
    requests = stats.get("downloader/request_count", 0)
    return (
        f"site unreachable or refused: it answered {requests} requests with block pages only "
        f"({kinds}), no page of the site read; crawl through a proxy in Vietnam "
        "(HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)"
    )


def fail(message: str, code: int = ExitCode.USAGE) -> int:
    """Say why a command failed in one line on stderr (``hnmcrawler: ...``); its exit code."""
    print(f"hnmcrawler: {message}", file=sys.stderr)
    return code
