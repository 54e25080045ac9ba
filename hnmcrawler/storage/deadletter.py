"""Dead letters: batches the store could not take, kept as JSON Lines until the store is back.

The store pipeline appends a batch to a ``DeadLetterFile`` when ``write_batch`` raises
``StoreUnavailable``; the replay command calls ``check_dead_letters`` and ``replay`` later.
Run ``replay`` when no crawl appends to the same file: lines appended while it runs would be
moved aside unreplayed. Rows the store refuses for what they hold never come here: they go to
the quarantine file (``quarantine.py``), from a crawl and from ``replay`` alike.

Each line carries ``dead_lettered_at`` (``MARKER``, when the batch was set aside): what tells
a dead-letter file from a feed, whose lines are article rows too. ``replay`` takes a file
whose every row has it; a file written before the marker existed only where the crawl writes
dead letters (``HNM_DEAD_LETTER_PATH``, ``legacy_ok``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hnmcrawler.exceptions import UsageError
from hnmcrawler.items import DATETIME_FIELDS
from hnmcrawler.storage.base import ArticleStore
from hnmcrawler.storage.jsonl import append_lines
from hnmcrawler.storage.quarantine import QuarantineFile, write_rows

logger = logging.getLogger(__name__)

REPLAY_BATCH = 200
QUARANTINE_NAME = "quarantine.jsonl"
"""Where ``replay`` puts the rows the store refuses unless told: beside the dead-letter file."""
SNIFF_BYTES = 8192
"""How much of a file ``check_dead_letters`` reads first to refuse a binary (a database)."""
MARKER = "dead_lettered_at"
"""The key of every dead-letter line (never a field of a row): a feed line has no such key."""
UNMARKED = f"an article row without {MARKER}, as in a feed"


def encode_row(row: Mapping[str, Any], *, at: datetime | None = None) -> str:
    """One JSON line (no newline): the row and ``MARKER`` (``at``, aware; default now),
    datetimes ISO 8601, UTF-8 unescaped."""
    marked = {**row, MARKER: at or datetime.now(UTC)}
    return json.dumps(marked, ensure_ascii=False, default=_iso)


def decode_row(line: str) -> dict[str, Any]:
    """The row of one line (``MARKER`` left out), datetimes aware again; ``ValueError`` for a
    torn or foreign line."""
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    row.pop(MARKER, None)
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

    def append(self, rows: Iterable[Mapping[str, Any]], *, at: datetime | None = None) -> int:
        """Append rows, one per line, marked ``at`` (default now); returns how many. A torn
        last line is closed off first."""
        at = at or datetime.now(UTC)
        lines = [encode_row(row, at=at) + "\n" for row in rows]
        append_lines(self.path, lines)
        return len(lines)


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


def check_dead_letters(path: Path, *, legacy_ok: bool = False) -> int:
    """How many rows a dead-letter file holds; ``UsageError`` for any other file, left as it is.

    A dead-letter file is UTF-8 JSON Lines whose lines are article rows (objects with ``site``,
    ``article_id`` and ``MARKER``, as ``encode_row`` writes them) or rows cut short by a writer
    that died (``{...``, skipped on replay), with at least one row. A database, a binary, a JSON
    document of another shape, a feed (rows without ``MARKER``) or an empty file is not one;
    ``legacy_ok`` (the file is at ``HNM_DEAD_LETTER_PATH``) takes rows without ``MARKER``,
    written before it existed.
    """
    rows = 0
    try:
        with path.open("rb") as lines:
            if b"\0" in lines.read(SNIFF_BYTES):
                raise UsageError(_foreign(path, "binary data"))
            lines.seek(0)
            for number, raw in enumerate(lines, start=1):
                kind = _line_kind(raw)
                if kind == UNMARKED and legacy_ok:
                    kind = "row"
                if kind not in ("row", "torn", "blank"):
                    raise UsageError(_foreign(path, f"line {number} is {kind}"))
                if kind == "row":
                    rows += 1
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not rows:
        raise UsageError(_foreign(path, "no article row in it"))
    return rows


def _foreign(path: Path, why: str) -> str:
    return f"{path} is not a dead-letter file ({why}); left as it is"


def _line_kind(raw: bytes) -> str:
    """``row``, ``torn``, ``blank``, or what the line is instead of a row."""
    text = raw.strip()
    if not text:
        return "blank"
    if not text.startswith(b"{"):
        return "not a JSON object"
    try:
        row = json.loads(text.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError too: a line cut inside a character
        return "torn"
    if not isinstance(row, dict) or not row.get("site") or row.get("article_id") is None:
        return "an object without site and article_id"
    return "row" if MARKER in row else UNMARKED


@dataclass(frozen=True)
class Replayed:
    """What ``replay_file`` did: rows written, rows refused, and where those went."""

    written: int
    refused: int
    quarantine: Path | None


def replay_file(
    path: Path,
    store: ArticleStore,
    *,
    seen_at: datetime,
    batch_size: int = REPLAY_BATCH,
    quarantine: QuarantineFile | None = None,
    legacy_ok: bool = False,
) -> Replayed:
    """Write a dead-letter file's rows to an open ``store``; what was written and refused.
    Called by ``store replay`` (``commands/store.py``).

    A row the store refuses for what it holds (``RowRejected``: a title too long, an id out of
    range) goes to ``quarantine`` (``quarantine.jsonl`` beside the file unless given) with its
    reason, and the replay goes on. Once every row was stored or quarantined the file is
    renamed ``<stem>.replayed-<seen_at UTC>.jsonl`` so a second replay finds nothing.
    ``StoreUnavailable`` leaves it in place and quarantines nothing yet: the next replay goes
    through it all again (rows already written come back UNCHANGED). A file that is not a
    dead-letter file is refused first (``check_dead_letters``): nothing written, nothing renamed.
    """
    path = Path(path)
    if not path.exists():
        return Replayed(0, 0, None)
    check_dead_letters(path, legacy_ok=legacy_ok)
    written, rejected = 0, []
    for batch in _batches(load_rows(path), batch_size):
        result = write_rows(store, batch, seen_at=seen_at)
        if result.error is not None:
            raise result.error
        written += len(result.outcomes)
        rejected += result.rejected
    quarantine = quarantine or QuarantineFile(path.with_name(QUARANTINE_NAME))
    quarantine.append(rejected, at=seen_at)  # OSError: the file stays for the next replay
    done = _replayed_path(path, seen_at)
    path.rename(done)
    logger.info(
        "replayed %(count)d articles from %(path)s, moved to %(done)s; %(refused)d refused, "
        "in %(quarantine)s",
        {
            "count": written,
            "path": str(path),
            "done": str(done),
            "refused": len(rejected),
            "quarantine": str(quarantine.path),
        },
    )
    return Replayed(written, len(rejected), quarantine.path)


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _replayed_path(path: Path, seen_at: datetime) -> Path:
    stamp = seen_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.replayed-{stamp}{path.suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.replayed-{stamp}-{number}{path.suffix}")
    return candidate
