"""``JobDirScheduler``: Scrapy's scheduler, safe with a job directory (``JOBDIR``).

- **One process per job directory.** The scheduler locks ``<jobdir>/hnm.lock`` (``flock``,
  released by the system when the process dies) and writes its pid there; a second crawl of
  the same job (an hourly job that overran) stops at once, naming the holder
  (``hnmcrawler crawl --jobdir`` checks first: one line, exit 2).
- **A corrupt queue is reported, never looped on.** A request queue that cannot be read (a
  torn file, a foreign ``active.json``) stops the crawl with the close reason
  ``jobdir_corrupt`` and one ERROR line that says how to recover: remove the queue, keep the
  job's marker, and the next run walks the listings again, fetching only what the store lacks.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import IO

from scrapy import Request, Spider
from scrapy.core.scheduler import Scheduler
from scrapy.settings import BaseSettings
from twisted.internet.defer import Deferred

from hnmcrawler.exceptions import UsageError
from hnmcrawler.stop import stop_crawl

logger = logging.getLogger(__name__)

SCHEDULER = "hnmcrawler.jobdir.JobDirScheduler"
JOBDIR_LOCKED = "jobdir_locked"
JOBDIR_CORRUPT = "jobdir_corrupt"


class JobDirBusy(UsageError):
    """Another live process holds the job directory's lock."""


class JobDirLock:
    """An exclusive, non-blocking ``flock`` on ``<jobdir>/hnm.lock`` holding the owner's pid."""

    def __init__(self, jobdir: Path) -> None:
        self.path = Path(jobdir) / "hnm.lock"
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or ``JobDirBusy`` naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise JobDirBusy(
                f"job directory {self.path.parent} is in use by process {holder}; "
                "wait for it to end (or stop it) before running this job again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file releases the lock
            self.handle = None


def recovery_hint(jobdir: str) -> str:
    queue = Path(jobdir) / "requests.queue"
    return (
        f"move {queue} aside (or delete it) and run the same command again: the job resumes "
        "from the listings and fetches only the articles the store does not have"
    )


class JobDirAddon:
    """Put ``JobDirScheduler`` in place when the crawl has a job directory (``JOBDIR``)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("JOBDIR"):
            settings.set("SCHEDULER", SCHEDULER, priority="addon")


class JobDirScheduler(Scheduler):
    """Scheduler with the job directory locked and a corrupt disk queue reported once."""

    lock: JobDirLock | None = None
    problem: str | None = None  # why the crawl must stop: the lock is held, the queue is torn

    def open(self, spider: Spider) -> Deferred[None] | None:
        if self.dqdir:
            self.lock = JobDirLock(Path(self.dqdir).parent)
            try:
                self.lock.acquire()
            except JobDirBusy as exc:
                self.lock = None
                self.problem = JOBDIR_LOCKED
                self.dqdir = None  # never touch the queue another process is using
                logger.error("%(error)s", {"error": exc})
                if self.stats is not None:
                    self.stats.set_value("hnm/jobdir/problem", str(exc))
        try:
            return super().open(spider)
        except Exception as exc:  # active.json or a queue file that cannot be read
            self._corrupt(exc)
            self.dqdir = None
            return super().open(spider)

    def next_request(self) -> Request | None:
        if self.problem is not None:
            self._stop()
            return None
        try:
            return super().next_request()
        except Exception as exc:  # a request in the disk queue that cannot be read
            self._corrupt(exc)
            return None

    def close(self, reason: str) -> Deferred[None] | None:
        try:
            if self.problem is None:
                return super().close(reason)
            return self.df.close(reason)  # a torn queue is left as it is, for the user
        finally:
            if self.lock is not None:
                self.lock.release()

    def _corrupt(self, exc: Exception) -> None:
        if self.problem is None:
            self.problem = JOBDIR_CORRUPT
            jobdir = str(Path(self.dqdir).parent) if self.dqdir else "?"
            logger.error(
                "The job directory's request queue cannot be read (%(error)s): %(hint)s",
                {"error": f"{type(exc).__name__}: {exc}", "hint": recovery_hint(jobdir)},
            )
            if self.stats is not None:
                self.stats.set_value("hnm/jobdir/problem", recovery_hint(jobdir))
        self._drop_disk_queue()
        self._stop()

    def _drop_disk_queue(self) -> None:
        """Close the torn queue's files, without writing ``active.json`` back: nothing more is
        read from it, and the user moves it aside as the error line says."""
        queue, self.dqs = self.dqs, None
        if queue is None:
            return
        with contextlib.suppress(Exception):  # a queue that cannot be read may not close
            queue.close()

    def _stop(self) -> None:
        if self.crawler is not None and self.problem is not None:
            stop_crawl(self.crawler, self.problem)
