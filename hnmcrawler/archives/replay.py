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
    """JSON lines of what a run could not get, one a failure, opened on first use."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0

    def add(self, kind: str, url: str, reason: str, **more: Any) -> None:
        self.count += 1
        if self.path is None:
            return
        line = {"kind": kind, "url": url, "reason": reason, **more}
        line["at"] = datetime.now(UTC).isoformat()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
