"""``distributed.workers``: the exit code of ``crawl --workers`` from its workers' and its
sweep's return codes. The workers themselves crawling are in ``e2e/test_distributed.py``."""

from __future__ import annotations

import doctest

import pytest

from hnmcrawler.distributed import workers
from hnmcrawler.distributed.workers import crawl_code
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
