"""Re-extraction of WARC files: which records are article pages, and the extraction of them
on every core, in order. Called by ``hnmcrawler reextract`` (``commands/reextract.py``),
which writes what comes out to the store and the feed.

The parent process scans the files (``reader.entries``: no payload kept), sorts each response
record out (``kind_of``: an article page to read, or a listing, robots.txt, a feed, an error
status, another host), and hands the article pages' places, ``CHUNK`` at a time, to
``workers`` processes (``concurrent.futures.ProcessPoolExecutor``) that read and extract them
(``extraction.extract_places``). At most ``2 x workers`` chunks are out at once, so the scan,
the extraction and the caller's writes overlap and memory stays bounded; the results come
back in the order of the records. That order is not sorted by date (files come in the order
given, a crawl's workers write files side by side): it need not be, since the store never
lets an older copy replace a newer one (``storage/plan.py``, ``older``). One worker runs in
this process, with no pool.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from hnmcrawler.urls import article_key, is_site_url
from hnmcrawler.warc.extraction import Extracted, extract_places
from hnmcrawler.warc.reader import Entry, Place, Scan, entries

logger = logging.getLogger(__name__)

CHUNK = 64  # records a worker is handed at once


def kind_of(entry: Entry) -> str:
    """``article`` for a 2xx response of an article URL of the sites; else what it is."""
    if not is_site_url(entry.url):
        return "other_host"
    if article_key(entry.url) is None:
        return "robots" if urlsplit(entry.url).path == "/robots.txt" else "not_article"
    if not 200 <= entry.status < 300:
        return "not_ok"
    return "article"


class Extraction:
    """The article pages of ``paths``, extracted; ``skipped`` and ``torn`` count the rest."""

    def __init__(self, paths: Sequence[Path], workers: int) -> None:
        self.paths = list(paths)
        self.workers = max(1, workers)
        # response records not read, by kind_of; and revisit records (``revisit``)
        self.skipped: Counter[str] = Counter()
        self.torn: list[str] = []  # one line per file that ends with a torn record

    def __iter__(self) -> Iterator[Extracted]:
        if self.workers == 1:
            for chunk in self._chunks():
                yield from extract_places(chunk)
            return
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending: deque[Future[list[Extracted]]] = deque()
            for chunk in self._chunks():
                pending.append(pool.submit(extract_places, chunk))
                while len(pending) > 2 * self.workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def _chunks(self) -> Iterator[list[Place]]:
        chunk: list[Place] = []
        for path in self.paths:
            found = Scan(path)
            for entry in entries(path, found):
                kind = kind_of(entry)
                if kind != "article":
                    self.skipped[kind] += 1
                    continue
                chunk.append(entry.place)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
            if found.revisits:
                self.skipped["revisit"] += found.revisits
            if found.torn is not None:
                self.torn.append(f"{path}: {found.torn}")
                logger.warning(
                    "WARC file ends with a torn record, read up to it: %(path)s: %(why)s",
                    {"path": path, "why": found.torn},
                )
        if chunk:
            yield chunk
