"""``StoreWriter``: the one thread that writes to the article store, in front of the reactor.

The store pipeline hands it whole batches; each is written by ``quarantine.write_rows`` in a
single worker thread, in order. There too the rows the store refuses for what they hold
(``RowRejected``) are appended to the quarantine file, and the rows a failing store did not
take (``StoreUnavailable``, or any other error) to the dead-letter file. Nothing here runs on
the reactor thread: a database that is slow, locked or down delays the batches, never the
downloads, backoffs, AutoThrottle or the progress line. At most ``max_queued`` batches wait
their turn; past that the pipeline waits (back-pressure), so memory stays bounded during an
outage.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.storage.base import ArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile
from hnmcrawler.storage.quarantine import QuarantineFile, write_rows

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchResult:
    """What became of one batch: outcomes of the rows stored, the reason codes of the rows the
    store refused (quarantined), and the error that sent the rest to dead letters."""

    size: int
    outcomes: list[WriteOutcome]
    error: Exception | None = None  # the store failed: `unwritten` rows were not stored
    unwritten: int = 0
    dead_lettered: bool = False  # the unwritten rows are on disk in the dead-letter file
    dead_letter_error: OSError | None = None  # the dead-letter file could not take them
    rejected: tuple[str, ...] = ()  # reason codes (too_long_title...) of the rows refused
    quarantined: bool = False  # the refused rows are on disk in the quarantine file
    quarantine_error: OSError | None = None  # the quarantine file could not take them


class StoreWriter:
    def __init__(
        self,
        store: ArticleStore,
        dead_letter: DeadLetterFile | None,
        *,
        quarantine: QuarantineFile | None = None,
        max_queued: int = 2,
    ) -> None:
        self.store = store
        self.dead_letter = dead_letter
        self.quarantine = quarantine
        self.max_queued = max(1, max_queued)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hnm-store")
        self.queued: deque[asyncio.Future[BatchResult]] = deque()  # oldest first

    async def open(self) -> None:
        await self._in_thread(self.store.open)

    async def submit(self, rows: Sequence[Mapping[str, Any]]) -> list[BatchResult]:
        """Queue a batch; the results of the batches that finished meanwhile, in the order
        they were queued (waiting for the oldest when ``max_queued`` are already waiting)."""
        if len(self.queued) >= self.max_queued:
            await asyncio.wait([self.queued[0]])
        seen_at = datetime.now(VIETNAM_TZ)
        future = asyncio.get_running_loop().run_in_executor(
            self.executor, self._write, list(rows), seen_at
        )
        self.queued.append(future)
        return self._collect()

    async def drain(self) -> list[BatchResult]:
        """Wait for every queued batch; their results, in order."""
        if self.queued:
            await asyncio.wait(self.queued)
        return self._collect()

    async def close(self) -> None:
        try:
            await self._in_thread(self.store.close)
        finally:
            self.executor.shutdown(wait=False)

    def _collect(self) -> list[BatchResult]:
        """The results of the finished batches at the head of the queue (one thread writes
        them in order, so the finished ones are always the oldest)."""
        done: list[BatchResult] = []
        while self.queued and self.queued[0].done():
            done.append(self.queued.popleft().result())
        return done

    async def _in_thread(self, call: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.executor, call)

    def _write(self, rows: list[Mapping[str, Any]], seen_at: datetime) -> BatchResult:
        """In the writer thread: the batch into the store, the rows it refuses into the
        quarantine file, the rows a failing store did not take into the dead-letter file."""
        written = write_rows(self.store, rows, seen_at=seen_at)
        result = BatchResult(
            len(rows),
            written.outcomes,
            written.error,
            unwritten=len(written.unwritten),
            rejected=tuple(one.violation.code for one in written.rejected),
        )
        if written.rejected and self.quarantine is not None:
            try:
                self.quarantine.append(written.rejected, at=seen_at)
            except OSError as failed:  # the only copy of these rows: the crawl must stop
                result = replace(result, quarantine_error=failed)
            else:
                result = replace(result, quarantined=True)
        if written.unwritten and self.dead_letter is not None:
            try:
                self.dead_letter.append(written.unwritten)
            except OSError as failed:  # the last place for these rows: the crawl must stop
                return replace(result, dead_letter_error=failed)
            return replace(result, dead_lettered=True)
        return result
