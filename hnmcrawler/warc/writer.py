"""The WARC files of a crawl and the one process that writes them, away from the reactor.

``CaptureWriter`` is what the capture middleware (``warc/capture.py``) hands each exchange to.
Building the records (digests, gzip) and writing them happen in one writer, in order, a batch
at a time: the exchanges that arrive while one batch is written go together as the next. At
most ``max_queued`` exchanges wait; past that the middleware waits (back-pressure on the
downloads, never a blocked reactor), as ``storage/writer.py`` does for the store. Whatever
a write raises (a full disk, a record that cannot be built) is handed back as that write's
result, never raised into another request; ``close`` finishes the file whatever happened
before.

Why a process and not a thread (``in_process``, the crawl's writer): building a record is
mostly Python (warcio's headers and digests, about 0.3 ms an article page), and in a thread
it holds the GIL the reactor needs: the crawl with ``--warc`` ran at 0.77x the crawl without
(``benchmarks/reextract.py``), short of issue 17's 0.9x. In a process of its own it runs on
another core; the crawl only pickles the exchanges (their bytes, headers undecoded), one
hand-over a batch: a hand-over an exchange cost the crawl more than the record did (0.80x;
with batches 0.93x, ``docs/figures.md``). ``in_thread`` is the same writer in a thread, for
tests that watch the ``WarcFiles`` object itself. If the writer process dies, every write
after is a failed write (an output failure, exit 4).

``WarcFiles`` names and rotates the files: ``<prefix>-<UTC time>-<pid>-<serial>.warc.gz``,
created exclusively (a run never appends to a file of another run), a ``warcinfo`` record
first, a new file once one reaches ``max_size`` bytes. Each exchange is written with one call
and flushed, so a crash leaves at most the last record torn; ``warc/reader.py`` stops there.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple

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


class Written(NamedTuple):
    """One write done: its bytes (warcinfo included) and the file it went to."""

    size: int
    path: Path | None
    opened: int  # files this run has started so far


WriteResult = Written | Exception
"""What one write did, or the error it raised."""

_files: WarcFiles | None = None  # the writer's files, in the writer's process or thread
_writing = threading.Lock()  # held while a record is written


def _adopt(files: WarcFiles) -> None:
    global _files  # one writer a process: set by the executor's initializer
    _files = files
    if multiprocessing.parent_process() is not None:
        # Ctrl-C reaches the whole process group: the crawl stops gracefully and still hands
        # over what it fetched, so the writer must outlive it, not die of it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with_parent, name="hnm-warc-parent", daemon=True).start()


def _exit_with_parent() -> None:
    """In the writer process: once the crawl is gone (killed, never closed us), exit between
    two records, not in one; the pool would otherwise wait for work forever."""
    parent = multiprocessing.parent_process()
    assert parent is not None
    parent.join()
    with _writing:
        os._exit(0)


def _write(exchange: Exchange) -> Written:
    assert _files is not None
    data = exchange_bytes(exchange)
    with _writing:
        size = _files.write(data)
    return Written(size, _files.path, _files.opened)


def _write_all(exchanges: list[Exchange]) -> list[WriteResult]:
    """A batch, in order: each exchange's ``Written``, or the error its write raised (as an
    ``OSError`` naming it, so it pickles whatever it was)."""
    results: list[WriteResult] = []
    for exchange in exchanges:
        try:
            results.append(_write(exchange))
        except OSError as error:
            results.append(error)
        except Exception as error:
            results.append(OSError(f"{type(error).__name__}: {error}"))
    return results


def _close() -> Written:
    assert _files is not None
    _files.close()
    return Written(0, _files.path, _files.opened)


def in_process(files: WarcFiles) -> Executor:
    """The crawl's writer: one process of its own (spawned: a fork would copy the reactor)."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(1, mp_context=context, initializer=_adopt, initargs=(files,))


def in_thread(files: WarcFiles) -> Executor:
    """The same writer in one thread of this process, where ``files`` stays observable."""
    return ThreadPoolExecutor(1, "hnm-warc", initializer=_adopt, initargs=(files,))


class CaptureWriter:
    """Exchanges to ``WarcFiles`` in one writer (a process by default), in batches.

    One batch is out at a time: the exchanges that arrive while it is written wait here and
    go together as the next one (so an idle writer gets each exchange at once, a busy one
    gets them many at a time, and the crawl pays one hand-over a batch, not one an exchange).
    At most ``max_queued`` exchanges wait; past that ``submit`` waits for the batch out.
    ``path`` and ``opened`` follow the writes that finished."""

    def __init__(self, files: WarcFiles, *, max_queued: int = 64, thread: bool = False) -> None:
        self.folder = files.folder
        self.path: Path | None = None  # the file the last finished write went to
        self.opened = 0
        self.max_queued = max(1, max_queued)
        self.executor = (in_thread if thread else in_process)(files)
        self.waiting: list[Exchange] = []  # the next batch
        self.sending: asyncio.Future[list[WriteResult]] | None = None  # the batch out
        self.sent = 0  # exchanges in the batch out
        self.finished: list[WriteResult] = []  # results not yet handed back, in order

    async def submit(self, exchange: Exchange) -> list[WriteResult]:
        """Queue an exchange once there is room; what the writes that finished meanwhile did."""
        while len(self.waiting) >= self.max_queued and self.sending is not None:
            await asyncio.wait([self.sending])
        self.waiting.append(exchange)
        if self.sending is None:
            self._send()
        return self._collect()

    async def drain(self) -> None:
        """Wait until every exchange queued so far is written (or failed)."""
        while self.sending is not None:
            await asyncio.wait([self.sending])

    async def close(self) -> list[WriteResult]:
        """Wait for every queued write, then finish the file (fsync) whatever happened; their
        results in order, then the close's error if it failed."""
        try:
            await self.drain()
        finally:
            closed = await self._finish()
        done = self._collect()
        return done if closed is None else [*done, closed]

    def _send(self) -> None:
        batch, self.waiting = self.waiting, []
        loop = asyncio.get_running_loop()
        try:
            self.sending = loop.run_in_executor(self.executor, _write_all, batch)
        except Exception as error:  # the writer is gone (BrokenProcessPool): these failed
            self.finished += [error] * len(batch)
            return
        self.sent = len(batch)
        self.sending.add_done_callback(self._sent)

    def _sent(self, future: asyncio.Future[list[WriteResult]]) -> None:
        try:
            self.finished += self._results(future)
        finally:  # whatever came back, the next batch goes (and drain() never spins)
            self.sending = None
            if self.waiting:
                self._send()

    def _results(self, future: asyncio.Future[list[WriteResult]]) -> list[WriteResult]:
        if future.cancelled():  # the loop is going away with the batch
            return [OSError("WARC write cancelled")] * self.sent
        error = future.exception()
        if error is None:
            results = future.result()
            for result in results:
                if isinstance(result, Written):
                    self._note(result)
            return results
        if isinstance(error, Exception):  # the writer died with the batch (BrokenProcessPool)
            return [error] * self.sent
        raise error  # KeyboardInterrupt, SystemExit: not a write failure

    async def _finish(self) -> Exception | None:
        loop = asyncio.get_running_loop()
        try:
            self._note(await loop.run_in_executor(self.executor, _close))
        except Exception as error:
            return error
        finally:
            await loop.run_in_executor(None, self.executor.shutdown)  # the process's exit
        return None

    def _note(self, written: Written) -> None:
        self.path = written.path or self.path
        self.opened = max(self.opened, written.opened)

    def _collect(self) -> list[WriteResult]:
        done, self.finished = self.finished, []
        return done
