"""``StoreWriter``: the one thread that writes to the article store, in front of the reactor.

The store pipeline hands it whole batches; each runs ``ArticleStore.write_batch`` in a
single worker thread, in order, and a batch the store refuses (``StoreUnavailable``, or any
other error) is appended to the dead-letter file there too. Nothing here runs on the reactor
thread: a database that is slow, locked or down delays the batches, never the downloads,
backoffs, AutoThrottle or the progress line. At most ``max_queued`` batches wait their
turn; past that the pipeline waits (back-pressure), so memory stays bounded during an outage.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.storage.base import ArticleStore, WriteOutcome
from hnmcrawler.storage.deadletter import DeadLetterFile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchResult:
    """What became of one batch: its outcomes, or the error that sent it to dead letters."""

    size: int
    outcomes: list[WriteOutcome]
    error: Exception | None = None
    dead_lettered: bool = False  # the batch is on disk in the dead-letter file


class StoreWriter:
    def __init__(
        self, store: ArticleStore, dead_letter: DeadLetterFile | None, *, max_queued: int = 2
    ) -> None:
        self.store = store
        self.dead_letter = dead_letter
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
        """In the writer thread: the batch into the store, or into the dead-letter file."""
        try:
            return BatchResult(len(rows), self.store.write_batch(rows, seen_at=seen_at))
        except Exception as exc:  # the store's refusal, or a row it cannot take: keep the rows
            if self.dead_letter is None:
                return BatchResult(len(rows), [], exc)
            self.dead_letter.append(rows)
            return BatchResult(len(rows), [], exc, dead_lettered=True)
