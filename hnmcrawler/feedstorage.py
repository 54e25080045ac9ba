"""The feed storage (``-O out.jsonl``, ``--out``): a crash-safe local file for JSON Lines.

Every line reaches the file whole, and a torn last line left by a killed run is cut off
(counted as ``hnm/feedstorage/torn_lines_repaired``) when the next run appends to the same
file. ``CrashSafeFileFeedStorage`` replaces Scrapy's local-file feed storage
(``FEED_STORAGES``); the JSON Lines exporter flushes after each line (``exporters.py``).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from hnmcrawler.outputs import output_failed

logger = logging.getLogger(__name__)

JSONL_FORMATS = frozenset({"jsonlines", "jsonl", "jl"})
TAIL_WINDOW = 64 * 1024  # bytes read from a feed's end to find its last whole line


def _complete_prefix(data: bytes) -> int:
    """Length of ``data`` up to its last whole, valid JSON line (our writer ends each in \\n)."""
    end = len(data) if data.endswith(b"\n") else data.rfind(b"\n") + 1
    while end > 0:
        start = data.rfind(b"\n", 0, end - 1) + 1
        try:
            json.loads(data[start:end])
        except ValueError:
            end = start  # a torn write that happened to end in a newline
            continue
        return end
    return 0


def _valid_end(handle: IO[bytes], size: int) -> int:
    """Where the file's last whole, valid JSON line ends, reading only the file's tail: a
    window from the end, doubled until it holds a valid line past its first (maybe cut) one."""
    window = TAIL_WINDOW
    while True:
        start = max(0, size - window)
        handle.seek(start)
        data = handle.read()
        skip = data.find(b"\n") + 1 if start else 0  # a window's first line may be cut
        keep = _complete_prefix(data[skip:]) if skip or not start else 0
        if keep or not start:
            return start + skip + keep
        window *= 2


def repair_jsonl(path: Path) -> int:
    """Cut a torn or invalid last line off a JSON Lines file; the number of bytes removed.

    Reads the tail only: a feed appended to by every hourly run may be gigabytes long."""
    if not path.exists():
        return 0
    with path.open("r+b") as handle:
        size = os.fstat(handle.fileno()).st_size
        keep = _valid_end(handle, size)
        if keep == size:
            return 0
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
    return size - keep


class GuardedFile:
    """The feed file as the exporter sees it: a write that fails (a full disk, a file system
    gone read-only) stops the crawl with exit 4 (``outputs.output_failed``) instead of one
    logged traceback per item; later writes are dropped, the crawl being over."""

    def __init__(self, file: IO[bytes], path: str, crawler: Crawler) -> None:
        self.file = file
        self.path = path
        self.crawler = crawler
        self.failed = False

    def write(self, data: bytes) -> int:
        if not self.failed:
            try:
                return self.file.write(data)
            except OSError as exc:
                self._fail(exc)
        return len(data)

    def flush(self) -> None:
        if not self.failed:
            try:
                self.file.flush()
            except OSError as exc:
                self._fail(exc)

    def _fail(self, error: OSError) -> None:
        self.failed = True
        output_failed(self.crawler, f"feed {self.path}", error)

    def __getattr__(self, name: str) -> Any:  # close, fileno, writable...: the file's own
        return getattr(self.file, name)


class CrashSafeFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.format = str((feed_options or {}).get("format", ""))

    def open(self, spider: Spider) -> IO[bytes]:
        try:
            file = self._open(spider)
        except OSError as exc:
            output_failed(spider.crawler, f"feed {self.path}", exc)
            raise
        return GuardedFile(file, self.path, spider.crawler)  # type: ignore[return-value]

    def _open(self, spider: Spider) -> IO[bytes]:
        if self.write_mode == "ab" and self.format in JSONL_FORMATS:
            removed = repair_jsonl(Path(self.path))
            if removed:
                logger.warning(
                    "Repaired %(path)s: cut a torn last line (%(n)d bytes)",
                    {"path": self.path, "n": removed},
                )
                if spider.crawler.stats is not None:
                    spider.crawler.stats.inc_value("hnm/feedstorage/torn_lines_repaired")
        return super().open(spider)
