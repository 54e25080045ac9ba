"""``hnmcrawler crawl --workers N``: N worker processes on this machine, one shared frontier.

For a quick scale test, and the model of what each host does in a crawl on several machines
(there, Scrapyd starts the workers). The workers start together; when they have all ended
and one of them ended abnormally (killed, crashed, an unhealthy or unfinished crawl), a
sweep runs: one more worker that walks the listings again and fetches only the articles
missing from the store, closing the gap a dead worker leaves (see ``hnmcrawler.distributed``).
The command's exit code is the most severe of the workers' and the sweep's (``crawl_code``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from hnmcrawler.exits import ExitCode, most_severe, table_code

WorkerCommand = Callable[[str, bool], list[str]]
"""``(label, sweep) -> argv`` of one worker: ``worker-1`` ... or ``sweep``."""


def labelled(path: Path, label: str) -> Path:
    """``out/articles.jsonl`` -> ``out/articles.worker-1.jsonl``: one file per worker."""
    return path.with_name(f"{path.stem}.{label}{path.suffix}")


def describe(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return "finished" if code == 0 else f"exit {code}"


def say(message: str) -> None:
    print(f"hnmcrawler: {message}", file=sys.stderr, flush=True)


def wait_all(processes: Sequence[subprocess.Popen[bytes]]) -> tuple[list[int], bool]:
    """Exit codes; and whether Ctrl-C came (the workers got it too and stop cleanly)."""
    interrupted = False
    codes: list[int] = []
    for process in processes:
        while True:
            try:
                codes.append(process.wait())
                break
            except KeyboardInterrupt:
                interrupted = True
    return codes, interrupted


def run_workers(
    command: WorkerCommand,
    count: int,
    *,
    always_sweep: bool = False,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``count`` workers, then a sweep when needed; the exit code of the whole crawl."""
    processes = []
    for number in range(1, count + 1):
        process = subprocess.Popen(command(f"worker-{number}", False), env=env)
        processes.append(process)
        say(f"worker {number} started (pid {process.pid})")
    codes, interrupted = wait_all(processes)
    for number, code in enumerate(codes, start=1):
        say(f"worker {number} ended: {describe(code)}")
    if interrupted:
        return most_severe([*codes, ExitCode.UNHEALTHY])
    abnormal = sum(code != 0 for code in codes)
    if not abnormal and not always_sweep:
        return ExitCode.OK
    reason = f"{abnormal} worker(s) ended abnormally" if abnormal else "--sweep"
    say(f"{reason}: sweeping (listings again, articles missing from the store)")
    code = subprocess.call(command("sweep", True), env=env)
    say(f"sweep ended: {describe(code)}")
    return crawl_code(codes, code)


def crawl_code(workers: Sequence[int], sweep: int | None) -> ExitCode:
    """The exit code of a ``--workers`` crawl: the most severe (``exits.most_severe``) of the
    workers' return codes and the sweep's (``None``: no sweep ran). A worker that was killed
    or stopped early or unhealthy (1) left a gap in the store that the sweep closes: once a
    sweep ran, its code speaks for those; a 2, 3, 4 or 70 stands. Called by ``run_workers``.

    >>> crawl_code([-9, 0], 0).name, crawl_code([1, 0], 1).name, crawl_code([4, 0], 0).name
    ('OK', 'UNHEALTHY', 'OUTPUT')
    """
    if sweep is None:
        return most_severe(workers)
    kept = [code for code in workers if table_code(code) != ExitCode.UNHEALTHY]
    return most_severe([*kept, sweep])
