"""``hnmcrawler crawl --workers N``: N worker processes on this machine, one shared frontier.

For a quick scale test, and the model of what each host does in a crawl on several machines
(there, Scrapyd starts the workers). The workers start together; when they have all ended
and one of them ended abnormally (killed, crashed, an unhealthy or unfinished crawl), a
sweep runs: one more worker that walks the listings again and fetches only the articles
missing from the store, closing the gap a dead worker leaves (see ``hnmcrawler.distributed``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

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
        return 1
    abnormal = sum(code != 0 for code in codes)
    if not abnormal and not always_sweep:
        return 0
    reason = f"{abnormal} worker(s) ended abnormally" if abnormal else "--sweep"
    say(f"{reason}: sweeping (listings again, articles missing from the store)")
    code = subprocess.call(command("sweep", True), env=env)
    say(f"sweep ended: {describe(code)}")
    return 0 if code == 0 else 1
