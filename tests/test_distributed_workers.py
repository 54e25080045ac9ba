"""``distributed.workers``: the exit code of ``crawl --workers`` from its workers' and its
sweep's return codes; what the command tells the watchers for them all, and that the workers
tell none. The workers themselves crawling are in ``e2e/test_distributed.py``."""

from __future__ import annotations

import doctest
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.commands import build_parser
from hnmcrawler.commands.workers import worker_command, worker_environment, workers_report
from hnmcrawler.distributed import workers
from hnmcrawler.distributed.workers import crawl_code, labelled
from hnmcrawler.exits import ExitCode


@pytest.mark.parametrize(
    ("codes", "sweep", "expected"),
    [
        pytest.param([0, 0], None, ExitCode.OK, id="every worker well and no sweep is 0"),
        pytest.param([0, 0], 0, ExitCode.OK, id="a --sweep that ended well is 0"),
        pytest.param([0, 0], 4, ExitCode.OUTPUT, id="a sweep's lost output is 4"),
        pytest.param([-9, 0], 0, ExitCode.OK, id="a killed worker the sweep made up for is 0"),
        pytest.param([1, 0], 0, ExitCode.OK, id="an unhealthy worker the sweep made up for is 0"),
        pytest.param([-9, 0], 1, ExitCode.UNHEALTHY, id="an unhealthy sweep is 1"),
        pytest.param([3, 3], 3, ExitCode.UNREACHABLE, id="a site no worker reached is 3"),
        pytest.param([3, 0], 0, ExitCode.UNREACHABLE, id="a worker that reached nothing is 3"),
        pytest.param([0, 4], 0, ExitCode.OUTPUT, id="a worker's lost output stays 4"),
        pytest.param([2, 2], 2, ExitCode.USAGE, id="a usage error in every worker is 2"),
        pytest.param([4, -9], 3, ExitCode.OUTPUT, id="the most severe of workers and sweep"),
        pytest.param([70, 0], 0, ExitCode.INTERNAL, id="an internal error stays 70"),
    ],
)
def test_crawl_code(codes: list[int], sweep: int | None, expected: ExitCode) -> None:
    assert crawl_code(codes, sweep) is expected


def test_the_doctests_hold() -> None:
    assert doctest.testmod(workers, raise_on_error=True).attempted >= 1


def report(**fields: Any) -> str:
    return json.dumps(fields)


def test_the_workers_reports_are_added_up_for_the_watchers(tmp_path: Path) -> None:
    """Counts summed, each one's finish reason kept, the duration since the start;
    completeness and coverage (each worker's share of the listings) left out; a report
    missing (a killed worker) or left by an earlier run is not counted."""
    path = tmp_path / "report.json"
    one = {"emitted": 3, "new": 2, "updated": 1}
    labelled(path, "worker-1").write_text(
        report(
            pages=10,
            duration_seconds=None,
            articles=one,
            drops={"empty_body": 1},
            completeness={"Xa-hoi": {"stored": 3}},
            coverage={"title": 1.0},
            finish_reason="finished",
            healthy=True,
        )
    )
    labelled(path, "sweep").write_text(
        report(pages=4, duration_seconds=12.0, articles={"emitted": 1, "new": 1})
    )
    stale = labelled(path, "worker-2")
    stale.write_text(report(pages=1000))
    os.utime(stale, (0, 0))
    since = datetime.now(UTC) - timedelta(minutes=1)
    added = workers_report(path, ["worker-1", "worker-2", "worker-3", "sweep"], since)
    assert 60 <= added.pop("duration_seconds") < 120
    assert added == {
        "workers": {"worker-1": "finished", "sweep": None},
        "pages": 14,
        "articles": {"emitted": 4, "new": 3, "updated": 1},
        "drops": {"empty_body": 1},
    }


def test_the_workers_tell_no_watcher_themselves(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        [
            "crawl",
            "--redis",
            "redis://127.0.0.1:6379/0",
            "--workers",
            "2",
            "--metrics",
            "m.prom",
            "-s",
            "HNM_ALERT_URL=http://alerts.example/x",
            "-s",
            "CONCURRENT_REQUESTS=4",
        ]
    )
    argv = worker_command(args, tmp_path / "report.json", "worker-1", False)
    assert "CONCURRENT_REQUESTS=4" in argv
    assert not [a for a in argv if "HNM_ALERT_URL" in a or "HNM_METRICS_PATH" in a or ".prom" in a]
    env = worker_environment(args)
    assert (env["HNM_ALERT_URL"], env["HNM_METRICS_PATH"]) == ("", "")
