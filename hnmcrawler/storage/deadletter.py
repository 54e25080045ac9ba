"""Dead letters: batches the store could not take, kept as JSON Lines until the store is back.

The store pipeline appends a batch to a ``DeadLetterFile`` when ``write_batch`` raises
``StoreUnavailable``; the replay command calls ``replay`` later. Run ``replay`` when no crawl
appends to the same file: lines appended while it runs would be moved aside unreplayed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hnmcrawler.items import DATETIME_FIELDS
from hnmcrawler.storage.base import ArticleStore

logger = logging.getLogger(__name__)

REPLAY_BATCH = 200


def encode_row(row: Mapping[str, Any]) -> str:
    """One JSON line (no newline): datetimes ISO 8601, UTF-8 unescaped."""
    return json.dumps(dict(row), ensure_ascii=False, default=_iso)


def decode_row(line: str) -> dict[str, Any]:
    """The row of one line, datetimes aware again; ``ValueError`` for a torn or foreign line."""
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    for name in DATETIME_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = datetime.fromisoformat(row[name])
    return row


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a dead-letter file")


class DeadLetterFile:
    """An append-only JSON Lines file of rows; each ``append`` is one write, flushed and fsynced."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Append rows, one per line; returns how many. A torn last line is closed off first."""
        lines = [encode_row(row) + "\n" for row in rows]
        if not lines:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(lines).encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if _ends_torn(fd):
                data = b"\n" + data
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return len(lines)


def _ends_torn(fd: int) -> bool:
    """True when the file's last byte is not a newline (a writer died mid-line)."""
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def load_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a dead-letter file; unreadable lines are logged as a warning and skipped."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                yield decode_row(raw.decode("utf-8"))
            except ValueError as exc:
                logger.warning(
                    "skipped torn line %(line)d of dead-letter file %(path)s: %(error)s",
                    {"line": number, "path": str(path), "error": exc},
                )


def replay(
    path: Path, store: ArticleStore, *, seen_at: datetime, batch_size: int = REPLAY_BATCH
) -> int:
    """Write a dead-letter file's rows to an open ``store``; return how many were written.

    On success the file is renamed ``<stem>.replayed-<seen_at UTC>.jsonl`` so a second replay
    finds nothing. ``StoreUnavailable`` leaves it in place (rows already written come back
    UNCHANGED on the next replay).
    """
    path = Path(path)
    if not path.exists():
        return 0
    written = 0
    batch: list[dict[str, Any]] = []
    for row in load_rows(path):
        batch.append(row)
        if len(batch) >= batch_size:
            written += len(store.write_batch(batch, seen_at=seen_at))
            batch = []
    if batch:
        written += len(store.write_batch(batch, seen_at=seen_at))
    done = _replayed_path(path, seen_at)
    path.rename(done)
    logger.info(
        "replayed %(count)d articles from %(path)s, moved to %(done)s",
        {"count": written, "path": str(path), "done": str(done)},
    )
    return written


def _replayed_path(path: Path, seen_at: datetime) -> Path:
    stamp = seen_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.replayed-{stamp}{path.suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.replayed-{stamp}-{number}{path.suffix}")
    return candidate
