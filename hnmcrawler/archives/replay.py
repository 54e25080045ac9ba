"""Answers of a Wayback replay host, sorted before the retry middleware sees them; and the
file of what kept failing.

``ArchivedBlockMiddleware`` (enabled by the ``wayback`` spider only, between decompression
and ``retry.BackoffRetryMiddleware``) turns a capture replayed with status 200 whose page is
a block or challenge (``blocking.block_kind``) into ``ArchivedBlockPage``: the archive
captured the site's firewall, retrying the archive cannot help, and the spider tries the
article's next capture. A 429 or 503 of the archive itself still goes to the retry
middleware (backoff, ``Retry-After``).

``FailedRecord`` appends what kept failing (a CDX page, a capture, an article with no good
capture) as JSON lines to ``HNM_WAYBACK_FAILED_PATH`` for the next run.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from hnmcrawler.retry import EMPTY_ANSWER_OK, response_block_kind
from hnmcrawler.storage.jsonl import append_lines

CAPTURE_META = "hnm_capture"  # set on a request for a capture's replay
INDEX_META = EMPTY_ANSWER_OK  # set on an index (CDX) query: pywb answers "none" empty


class ArchivedBlockPage(IgnoreRequest):
    """A capture whose page is a block or challenge page; the ``wayback`` spider's errback
    tries the article's next capture."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"archived {kind} page: {url}")
        self.kind = kind


class ArchivedBlockMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(CAPTURE_META) and response.status == 200:
            kind = response_block_kind(response)
            if kind is not None:
                raise ArchivedBlockPage(kind, request.url)
        return response


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
