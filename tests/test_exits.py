"""``exits``: one exit code for each way a crawl can end, from its closing stats; the most
severe of several crawls' codes."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from hnmcrawler import exits
from hnmcrawler.exits import SEVERITY, ExitCode, crawl_outcome, most_severe

ERRORS = "downloader/exception_type_count/"
REACHED = {"finish_reason": "finished", "downloader/request_count": 9, "hnm/site/reached": 3}


@pytest.mark.parametrize(
    ("stats", "code", "why"),
    [
        pytest.param(REACHED, ExitCode.OK, "healthy", id="a finished, healthy crawl is 0"),
        pytest.param(
            {**REACHED, "item_scraped_count": 0},
            ExitCode.OK,
            "healthy",
            id="a quiet incremental run that reached its listings is healthy",
        ),
        pytest.param(
            {**REACHED, "hnm/health/failed": 2},
            ExitCode.UNHEALTHY,
            "health check failed",
            id="a failed health check is 1",
        ),
        pytest.param(
            {**REACHED, "finish_reason": "shutdown"},
            ExitCode.UNHEALTHY,
            "stopped before the end (shutdown)",
            id="a crawl stopped by Ctrl-C is 1",
        ),
        pytest.param(
            {
                "finish_reason": "finished",
                "downloader/request_count": 4,
                f"{ERRORS}scrapy.exceptions.DownloadConnectionRefusedError": 4,
            },
            ExitCode.UNREACHABLE,
            "site unreachable or refused: 4 requests, no page of the site read "
            "(DownloadConnectionRefusedError x4)",
            id="a refused connection is 3",
        ),
        pytest.param(
            {
                "finish_reason": "finished",
                "downloader/request_count": 12,
                "downloader/response_status_count/403": 12,
            },
            ExitCode.UNREACHABLE,
            "site unreachable or refused: 12 requests, no page of the site read (HTTP 403 x12)",
            id="a site that answers 403 to everything is 3",
        ),
        pytest.param(
            {
                "finish_reason": "finished",
                "downloader/request_count": 12,
                "downloader/response_status_count/200": 10,
                "downloader/response_status_count/403": 2,
                "hnm/blocked/challenge": 10,
                "hnm/blocked/403": 2,
                "hnm/blocked/gave_up": 2,
            },
            ExitCode.UNREACHABLE,
            "site unreachable or refused: it answered 12 requests with block pages only "
            "(challenge x10, 403 x2), no page of the site read; crawl through a proxy in "
            "Vietnam (HNM_PROXIES) or set another user agent (HNM_USER_AGENTS)",
            id="a site that answers only challenge pages is 3, and says what to set",
        ),
        pytest.param(
            {**REACHED, "hnm/blocked/challenge": 4},
            ExitCode.OK,
            "healthy",
            id="block pages that gave way to the real pages are healthy",
        ),
        pytest.param(
            {
                "finish_reason": "bad_setting",
                "hnm/settings/problem": "HNM_PROXIES: the proxy of hanoimoi.vn must be ...",
            },
            ExitCode.USAGE,
            "HNM_PROXIES: the proxy of hanoimoi.vn must be ...",
            id="a setting the crawl cannot use is 2",
        ),
        pytest.param(
            {**REACHED, "finish_reason": "output_failed", "hnm/output/failed": "feed a: No space"},
            ExitCode.OUTPUT,
            "could not write feed a: No space",
            id="an output that could not be written is 4",
        ),
        pytest.param(
            {**REACHED, "hnm/output/failed": "report r.json: Read-only file system"},
            ExitCode.OUTPUT,
            "could not write report r.json: Read-only file system",
            id="a report that could not be written at the end is 4",
        ),
        pytest.param(
            {**REACHED, "finish_reason": "jobdir_locked", "hnm/jobdir/problem": "in use by 12"},
            ExitCode.USAGE,
            "job directory in use by another process: in use by 12",
            id="a job directory in use is 2",
        ),
        pytest.param(
            {"finish_reason": "finished"},
            ExitCode.UNHEALTHY,
            "nothing to fetch",
            id="a crawl with nothing to fetch is 1, not unreachable",
        ),
    ],
)
def test_crawl_outcome(stats: dict[str, Any], code: ExitCode, why: str) -> None:
    outcome = crawl_outcome(stats)
    assert (outcome.code, outcome.why) == (code, why)


def test_the_codes_are_the_documented_table() -> None:
    assert {c.name: int(c) for c in ExitCode} == {
        "OK": 0,
        "UNHEALTHY": 1,
        "USAGE": 2,
        "UNREACHABLE": 3,
        "OUTPUT": 4,
        "INTERNAL": 70,
    }


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        pytest.param([], ExitCode.OK, id="no crawl is 0"),
        pytest.param([0, 0], ExitCode.OK, id="all well is 0"),
        pytest.param([0, 1], ExitCode.UNHEALTHY, id="one unhealthy crawl makes it 1"),
        pytest.param([0, -9], ExitCode.UNHEALTHY, id="a crawl killed by a signal is 1"),
        pytest.param([1, 2], ExitCode.USAGE, id="a usage error outweighs an unhealthy crawl"),
        pytest.param([2, 3, 1], ExitCode.UNREACHABLE, id="an unreachable site outweighs usage"),
        pytest.param([3, 4, 0], ExitCode.OUTPUT, id="a lost output outweighs an unread site"),
        pytest.param([4, 70], ExitCode.INTERNAL, id="an internal error outweighs everything"),
        pytest.param([0, 5], ExitCode.INTERNAL, id="a code not in the table is internal"),
    ],
)
def test_most_severe(codes: list[int], expected: ExitCode) -> None:
    assert most_severe(codes) is expected
    assert most_severe(reversed(codes)) is expected


def test_severity_orders_every_code_once() -> None:
    assert sorted(SEVERITY) == sorted(ExitCode)
    assert doctest.testmod(exits, raise_on_error=True).attempted >= 1
