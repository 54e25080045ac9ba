"""The file of what the archive spiders kept failing to get.

The spiders mark their requests with the retry middleware's own keys: a capture's request
carries ``retry.ARCHIVED_COPY`` (a replayed 200 whose page is a block or challenge is the
archive's copy of the site's firewall, and ``retry.BackoffRetryMiddleware`` raises
``exceptions.ArchivedBlockPage`` for it instead of retrying; the spider tries the article's
next capture; a 429 or 503 of the archive itself is retried as usual), an index query
``retry.EMPTY_ANSWER_OK``.

``FailedRecord`` keeps what kept failing (a CDX page, a capture, an article with no good
capture) and appends it as JSON lines to the source's failed file at the spider's close.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hnmcrawler.storage.jsonl import append_lines


class FailedRecord:
    """What a run could not get (a CDX page, a listing, a capture, an article with no good
    capture), one JSON line a failure. ``add`` only keeps the line: the spider appends them all
    at its close, in a worker thread (``flush``; ``CaptureSpider.closed``), so no write waits
    on the reactor. A run killed before its close leaves none; the next run asks again."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self.lines: list[str] = []

    def add(self, kind: str, url: str, reason: str, **more: Any) -> None:
        self.count += 1
        if self.path is None:
            return
        line = {"kind": kind, "url": url, "reason": reason, **more}
        line["at"] = datetime.now(UTC).isoformat()
        self.lines.append(json.dumps(line, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        """Append the lines kept so far (one write, fsynced); ``OSError`` if it cannot."""
        lines, self.lines = self.lines, []
        if self.path is not None:
            append_lines(self.path, lines)
