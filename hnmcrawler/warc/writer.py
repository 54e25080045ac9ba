"""The WARC files of a crawl and the one thread that writes them, in front of the reactor.

``CaptureWriter`` is what the capture middleware (``warc/capture.py``) hands each exchange to.
Building the records (digests, gzip) and writing them happen in a single worker thread, in
order; at most ``max_queued`` exchanges are queued or being written (a semaphore), past that
the middleware waits (back-pressure on the downloads, never a blocked reactor), as
``storage/writer.py`` does for the store. Whatever a write raises (a full disk, a record that
cannot be built) is handed back as that write's result, never raised into another request;
``close`` finishes the file whatever happened before.

``WarcFiles`` names and rotates the files: ``<prefix>-<UTC time>-<pid>-<serial>.warc.gz``,
created exclusively (a run never appends to a file of another run), a ``warcinfo`` record
first, a new file once one reaches ``max_size`` bytes. Each exchange is written with one call
and flushed, so a crash leaves at most the last record torn; ``warc/reader.py`` stops there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from hnmcrawler.warc.records import Exchange, exchange_bytes, warcinfo_bytes


class WarcFiles:
    """Rotating WARC files under ``folder``; used only from the writer thread."""

    def __init__(
        self, folder: Path, max_size: int, info: Mapping[str, str], prefix: str = "hnm"
    ) -> None:
        self.folder = Path(folder)
        self.max_size = max(1, max_size)
        self.info = dict(info)
        self.prefix = prefix
        self.handle: BinaryIO | None = None
        self.path: Path | None = None  # the file being written (or the last one)
        self.size = 0
        self.opened = 0  # files started by this run

    def write(self, data: bytes) -> int:
        """Append ``data`` (whole records) to the current file; bytes written, warcinfo too."""
        try:
            written = 0 if self.handle is not None else self._open()
            assert self.handle is not None
            self.handle.write(data)
            self.handle.flush()
        except Exception:  # a torn record ends this file: the next write starts another
            self._abandon()
            raise
        self.size += len(data)
        if self.size >= self.max_size:
            self.close()
        return written + len(data)

    def close(self) -> None:
        """Finish the current file (fsynced); the next write starts a new one."""
        handle, self.handle = self.handle, None
        if handle is None:
            return
        try:
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            handle.close()

    def _abandon(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            with contextlib.suppress(OSError):  # the write that failed is the error reported
                handle.close()

    def _open(self) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.prefix}-{stamp}-{os.getpid()}-{self.opened:05d}.warc.gz"
        self.path = self.folder / name
        self.handle = self.path.open("xb")
        self.opened += 1
        head = warcinfo_bytes(name, self.info)
        self.handle.write(head)
        self.size = len(head)
        return len(head)


WriteResult = int | Exception
"""What one write did: bytes written, or the error it raised."""


class CaptureWriter:
    """Exchanges to ``WarcFiles`` in one worker thread, at most ``max_queued`` in hand."""

    def __init__(self, files: WarcFiles, *, max_queued: int = 64) -> None:
        self.files = files
        self.max_queued = max(1, max_queued)
        self.slots = asyncio.Semaphore(self.max_queued)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hnm-warc")
        self.queued: deque[asyncio.Future[int]] = deque()

    async def submit(self, exchange: Exchange) -> list[WriteResult]:
        """Queue an exchange once a slot is free; what the writes that finished meanwhile did."""
        await self.slots.acquire()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.executor, self._write, exchange)
        future.add_done_callback(lambda _: self.slots.release())
        self.queued.append(future)
        return self._collect()

    async def close(self) -> list[WriteResult]:
        """Wait for every queued write, then finish the file (fsync) whatever happened; their
        results in order, then the close's error if it failed."""
        done: list[WriteResult] = []
        try:
            if self.queued:
                await asyncio.wait(self.queued)
            done = self._collect()
        finally:
            closed = await self._in_thread(self.files.close)
            self.executor.shutdown(wait=False)
        return done if closed is None else [*done, closed]

    async def _in_thread(self, call: Callable[[], None]) -> Exception | None:
        try:
            await asyncio.get_running_loop().run_in_executor(self.executor, call)
        except Exception as error:
            return error
        return None

    def _write(self, exchange: Exchange) -> int:
        return self.files.write(exchange_bytes(exchange))

    def _collect(self) -> list[WriteResult]:
        done: list[WriteResult] = []
        while self.queued and self.queued[0].done():
            future = self.queued.popleft()
            error = future.exception()
            if error is None:
                done.append(future.result())
            elif isinstance(error, Exception):
                done.append(error)
            else:  # KeyboardInterrupt, SystemExit: not a write failure
                raise error
        return done
