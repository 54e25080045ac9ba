"""Rows the store refuses for what they hold: set apart, so the rest of their batch is stored.

``write_rows`` is how the store writer (``writer.py``, in its thread) and ``deadletter.replay``
write a batch. When ``write_batch`` raises ``RowRejected`` it writes the batch again without
the rows the store named, or row by row when the database did not say which row it refused;
any other error (``StoreUnavailable``: the database is down) stops it, and the rows not written
yet go back to the caller for the dead-letter file. ``QuarantineFile`` keeps the refused rows
as JSON Lines, each the row plus ``reason`` and ``quarantined_at``: nothing replays them. A
line whose cause was fixed can be appended to a dead-letter file, with a ``dead_lettered_at``
key added (``deadletter.MARKER``), and replayed (``replay`` ignores the two extra keys).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hnmcrawler.storage.base import ArticleStore, WriteOutcome
from hnmcrawler.storage.jsonl import append_lines
from hnmcrawler.storage.limits import RowRejected, Violation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RejectedRow:
    """A row the store refused, and why."""

    row: Mapping[str, Any]
    violation: Violation


@dataclass
class Written:
    """What ``write_rows`` did with a batch."""

    outcomes: list[WriteOutcome] = field(default_factory=list)  # of the rows stored, in order
    rejected: list[RejectedRow] = field(default_factory=list)  # for the quarantine file
    unwritten: list[Mapping[str, Any]] = field(default_factory=list)  # left when `error` came
    error: Exception | None = None  # the store failed (StoreUnavailable, or a bug)


def write_rows(
    store: ArticleStore, rows: Sequence[Mapping[str, Any]], *, seen_at: datetime
) -> Written:
    """Store ``rows``, all but those the store refuses for what they hold; never raises for a
    row or for the store (see ``Written``)."""
    written = Written()
    pending = list(rows)
    while pending:
        try:
            written.outcomes += store.write_batch(pending, seen_at=seen_at)
            return written
        except RowRejected as exc:
            if not exc.violations:  # the database refused a row without naming it
                _write_one_by_one(store, pending, seen_at, written)
                return written
            named = sorted(exc.violations.items())
            written.rejected += [RejectedRow(pending[i], violation) for i, violation in named]
            pending = [row for i, row in enumerate(pending) if i not in exc.violations]
        except Exception as exc:  # the store failed: these rows are for the dead-letter file
            written.unwritten, written.error = pending, exc
            return written
    return written


def _write_one_by_one(
    store: ArticleStore, rows: list[Mapping[str, Any]], seen_at: datetime, written: Written
) -> None:
    logger.info(
        "the article store refused a row of a batch of %(n)d; writing them one by one",
        {"n": len(rows)},
    )
    for position, row in enumerate(rows):
        try:
            written.outcomes += store.write_batch([row], seen_at=seen_at)
        except RowRejected as exc:
            why = exc.violations.get(0) or exc.refusal or Violation("", "refused", str(exc))
            written.rejected.append(RejectedRow(row, why))
        except Exception as exc:
            written.unwritten, written.error = rows[position:], exc
            return


class QuarantineFile:
    """An append-only JSON Lines file of refused rows; each ``append`` is one write, fsynced."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, rejected: Iterable[RejectedRow], *, at: datetime) -> int:
        """Append each row with its ``reason`` and ``quarantined_at``; returns how many."""
        lines = [quarantine_line(one, at) + "\n" for one in rejected]
        append_lines(self.path, lines)
        return len(lines)


def quarantine_line(rejected: RejectedRow, at: datetime) -> str:
    """One JSON line (no newline): the row, ``reason`` (``"<code>: <detail>"``) and
    ``quarantined_at``; datetimes ISO 8601, UTF-8 unescaped unless the row holds a lone
    surrogate (then ``\\u`` escapes keep it), any other value its ``repr``."""
    record = {**rejected.row, "reason": str(rejected.violation), "quarantined_at": at}
    line = json.dumps(record, ensure_ascii=False, default=_plain)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, default=_plain)
    return line


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else repr(value)
